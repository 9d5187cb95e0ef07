import { z } from 'zod';
import type { Clock } from '../../db/clock';
import { newId } from '../../db/ids';
import type { Tx } from '../../db/transaction';
import { Id } from '../../ingest/scalars';
import { TenureError, type FieldProblem } from '../../server/errors';
import { ChurnReason } from '../contracts/churn-reason';
import { Lang, Play, Provider } from '../contracts/common';

// Writes finished conversations — their turns and the churn reasons heard in them — in set-based
// statements. The demo company stores its past calls through it; imports of call history will too.
// The conversation graph writes live turns its own way, into the same tables.

export const TurnRole = z.enum(['agent', 'customer']);

export const RecordedTurn = z.strictObject({
  id: Id,
  role: TurnRole,
  text: z.string(),
  lang: Lang.optional(),
  at: z.date(),
});

export const RecordedConversation = z.strictObject({
  id: Id,
  account_id: Id,
  contact_id: Id.optional(),
  channel: z.enum(['voice', 'sms', 'text']),
  play: Play.optional(),
  direction: z.enum(['outbound', 'inbound']),
  handled_by: z.enum(['agent', 'person']),
  team_member_id: Id.optional(),
  topic: z.enum(['technical', 'strategic', 'other']).optional(),
  lang: Lang,
  status: z.enum(['open', 'completed', 'failed']),
  started_at: z.date(),
  ended_at: z.date().optional(),
  end_reason: z.string().optional(),
  summary: z.string().optional(),
  source: z.enum(['agent', 'demo', 'api', 'csv']),
  turns: z.array(RecordedTurn),
  reasons: z
    .array(
      z.strictObject({
        reason: ChurnReason,
        captured_at: z.date(),
        // which provider's answer this is; when the remote model failed, why (agent/models/)
        provider: Provider.optional(),
        provider_fallback: z.string().min(1).optional(),
      }),
    )
    .default([]),
});
export type RecordedConversation = z.input<typeof RecordedConversation>;

/** Every way a reason can fail to point at the customer's own words, as field problems. */
function verbatimProblems(c: z.infer<typeof RecordedConversation>, index: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  c.reasons.forEach(({ reason }, r) => {
    const field = `conversations[${index}].reasons[${r}]`;
    if (reason.source !== 'conversation') return;
    if (reason.conversation_id !== c.id) problems.push({ field: `${field}.conversation_id`, message: `must be the conversation's own id ${c.id}` });
    const turn = c.turns.find((t) => t.id === reason.turn_id);
    if (!turn) return problems.push({ field: `${field}.turn_id`, message: `no turn ${reason.turn_id} in this conversation` });
    if (turn.role !== 'customer') return problems.push({ field: `${field}.turn_id`, message: 'the verbatim must come from a customer turn' });
    const [start, end] = reason.span!;
    if (turn.text.slice(start, end) !== reason.verbatim) problems.push({ field: `${field}.span`, message: 'the verbatim is not the text of the turn at that span' });
  });
  return problems;
}

export async function recordConversations(tx: Tx, clock: Clock, input: RecordedConversation[]): Promise<{ conversations: number; turns: number; reasons: number }> {
  const problems: FieldProblem[] = [];
  const items = input.map((raw, i) => {
    const parsed = RecordedConversation.safeParse(raw);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((e) => ({ field: `conversations[${i}].${e.path.join('.')}`, message: e.message })));
      return null;
    }
    problems.push(...verbatimProblems(parsed.data, i));
    return parsed.data;
  });
  if (problems.length) throw new TenureError('invalid_request', `${problems.length} problem(s) in the conversations to record`, problems);
  const list = items.filter((c): c is NonNullable<typeof c> => c !== null);
  const now = clock.now();
  const col = <T, R>(rows: T[], f: (r: T) => R) => rows.map(f);

  await tx.query(
    `INSERT INTO conversations (id, account_id, contact_id, channel, play, direction, handled_by, team_member_id, topic, lang, status, started_at, ended_at, end_reason, summary, source, created_at)
     SELECT *, $17::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                                 $12::timestamptz[], $13::timestamptz[], $14::text[], $15::text[], $16::text[])`,
    [
      col(list, (c) => c.id),
      col(list, (c) => c.account_id),
      col(list, (c) => c.contact_id ?? null),
      col(list, (c) => c.channel),
      col(list, (c) => c.play ?? null),
      col(list, (c) => c.direction),
      col(list, (c) => c.handled_by),
      col(list, (c) => c.team_member_id ?? null),
      col(list, (c) => c.topic ?? null),
      col(list, (c) => c.lang),
      col(list, (c) => c.status),
      col(list, (c) => c.started_at),
      col(list, (c) => c.ended_at ?? null),
      col(list, (c) => c.end_reason ?? null),
      col(list, (c) => c.summary ?? null),
      col(list, (c) => c.source),
      now,
    ],
  );

  const turns = list.flatMap((c) => c.turns.map((t, seq) => ({ ...t, seq, conversation_id: c.id })));
  await tx.query(
    `INSERT INTO turns (id, conversation_id, seq, role, text, lang, at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`,
    [col(turns, (t) => t.id), col(turns, (t) => t.conversation_id), col(turns, (t) => t.seq), col(turns, (t) => t.role), col(turns, (t) => t.text), col(turns, (t) => t.lang ?? null), col(turns, (t) => t.at)],
  );

  const reasons = list.flatMap((c) =>
    c.reasons.map((r) => ({ ...r.reason, captured_at: r.captured_at, provider: r.provider, provider_fallback: r.provider_fallback, account_id: c.account_id, id: newId('cr') })),
  );
  await tx.query(
    `INSERT INTO churn_reasons (id, account_id, conversation_id, turn_id, span_start, span_end, category, detail, verbatim, competitor, feature, voluntary, sentiment, confidence, source, status, alternatives, captured_at, provider, provider_fallback, created_at)
     SELECT *, $21::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                                 $12::boolean[], $13::text[], $14::real[], $15::text[], $16::text[], $17::jsonb[], $18::timestamptz[], $19::text[], $20::text[])`,
    [
      col(reasons, (r) => r.id),
      col(reasons, (r) => r.account_id),
      col(reasons, (r) => r.conversation_id ?? null),
      col(reasons, (r) => r.turn_id ?? null),
      col(reasons, (r) => r.span?.[0] ?? null),
      col(reasons, (r) => r.span?.[1] ?? null),
      col(reasons, (r) => r.category),
      col(reasons, (r) => r.detail),
      col(reasons, (r) => r.verbatim),
      col(reasons, (r) => r.competitor ?? null),
      col(reasons, (r) => r.feature ?? null),
      col(reasons, (r) => r.voluntary),
      col(reasons, (r) => r.sentiment),
      col(reasons, (r) => r.confidence),
      col(reasons, (r) => r.source),
      col(reasons, (r) => r.status ?? null),
      col(reasons, (r) => (r.alternatives ? JSON.stringify(r.alternatives) : null)),
      col(reasons, (r) => r.captured_at),
      col(reasons, (r) => r.provider ?? null),
      col(reasons, (r) => r.provider_fallback ?? null),
      now,
    ],
  );
  return { conversations: list.length, turns: turns.length, reasons: reasons.length };
}
