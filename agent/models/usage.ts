import { z } from 'zod';
import type { Queryable, Tx } from '../../db/transaction';
import { newId } from '../../db/ids';

// What each model call cost: tokens, latency, an estimate in US dollars, and how it ended. Every
// call is logged; the ones made for a conversation are stored in model_calls (migration 0008) so
// they can be read per conversation (v_model_usage).

export const CallPurpose = z.enum(['turn_analysis', 'churn_reason', 'summary', 'conversation']);
export type CallPurpose = z.infer<typeof CallPurpose>;

/** ok; malformed (failed its schema); timeout; connection (refused, reset); http_error; circuit_open (not sent: cool-down). */
export const CallOutcome = z.enum(['ok', 'malformed', 'timeout', 'connection', 'http_error', 'circuit_open']);
export type CallOutcome = z.infer<typeof CallOutcome>;

export const ModelCall = z.strictObject({
  conversation_id: z.string().nullable(),
  purpose: CallPurpose,
  model: z.string(),
  attempt: z.number().int().min(1),
  outcome: CallOutcome,
  status_code: z.number().int().nullable(),
  prompt_tokens: z.number().int().nullable(),
  completion_tokens: z.number().int().nullable(),
  latency_ms: z.number().int().min(0),
  cost_usd: z.number().nullable(),
  /** How many distinct personal values were replaced by placeholders in what was sent. */
  redacted: z.number().int().min(0),
  at: z.date(),
});
export type ModelCall = z.infer<typeof ModelCall>;

// US dollars per million tokens (input, output), from the providers' public price pages. A model
// not listed (a local server, a new name) has no estimate unless OPENAI_COST_PER_MTOK says one.
const PRICES: [RegExp, number, number][] = [
  [/^gpt-4o-mini/, 0.15, 0.6],
  [/^gpt-4o/, 2.5, 10],
  [/^gpt-4\.1-nano/, 0.1, 0.4],
  [/^gpt-4\.1-mini/, 0.4, 1.6],
  [/^gpt-4\.1/, 2, 8],
  [/^gpt-5-nano/, 0.05, 0.4],
  [/^gpt-5-mini/, 0.25, 2],
  [/^gpt-5/, 1.25, 10],
];

export function priceOf(model: string, override?: string): [number, number] | null {
  if (override) {
    const [i, o] = override.split(',').map(Number);
    return [i!, o!];
  }
  const row = PRICES.find(([re]) => re.test(model));
  return row ? [row[1], row[2]] : null;
}

export function costOf(price: [number, number] | null, promptTokens: number | null, completionTokens: number | null): number | null {
  if (!price || promptTokens === null || completionTokens === null) return null;
  return Math.round(((promptTokens * price[0] + completionTokens * price[1]) / 1e6) * 1e6) / 1e6;
}

/** Stores the calls made for conversations (calls with no conversation are only logged). */
export async function recordModelCalls(tx: Tx, calls: ModelCall[]): Promise<number> {
  const rows = calls.filter((c) => c.conversation_id !== null).map((c) => ModelCall.parse(c));
  if (!rows.length) return 0;
  const col = <R>(f: (c: ModelCall) => R) => rows.map(f);
  await tx.query(
    `INSERT INTO model_calls (id, conversation_id, purpose, model, attempt, outcome, status_code, prompt_tokens, completion_tokens, latency_ms, cost_usd, redacted, at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::int[], $8::int[], $9::int[], $10::int[], $11::numeric[], $12::int[], $13::timestamptz[])`,
    [
      rows.map(() => newId('mc')),
      col((c) => c.conversation_id),
      col((c) => c.purpose),
      col((c) => c.model),
      col((c) => c.attempt),
      col((c) => c.outcome),
      col((c) => c.status_code),
      col((c) => c.prompt_tokens),
      col((c) => c.completion_tokens),
      col((c) => c.latency_ms),
      col((c) => c.cost_usd),
      col((c) => c.redacted),
      col((c) => c.at),
    ],
  );
  return rows.length;
}

export interface ConversationUsage {
  conversation_id: string;
  calls: number;
  failed: number;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
  cost_usd: number | null;
}

/** One conversation's model usage, summed (null: no model was called for it). */
export async function conversationUsage(db: Queryable, conversationId: string): Promise<ConversationUsage | null> {
  const { rows } = await db.query<{ conversation_id: string; calls: number; failed: number; prompt_tokens: number; completion_tokens: number; latency_ms: number; cost_usd: string | null }>(
    'SELECT * FROM v_model_usage WHERE conversation_id = $1',
    [conversationId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    conversation_id: r.conversation_id,
    calls: Number(r.calls),
    failed: Number(r.failed),
    prompt_tokens: Number(r.prompt_tokens),
    completion_tokens: Number(r.completion_tokens),
    latency_ms: Number(r.latency_ms),
    cost_usd: r.cost_usd === null ? null : Number(r.cost_usd),
  };
}
