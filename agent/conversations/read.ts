import { z } from 'zod';
import type { Queryable } from '../../db/transaction';
import { TenureError } from '../../server/errors';

// Reading conversations for the API and the CLI: the list with each one's reason, NPS and outcome,
// and one conversation in full (turns, tool calls, reason, prompt version).

export const ConversationStatus = z.enum(['open', 'completed', 'failed']);

const Reason = z.object({ category: z.string(), detail: z.string(), verbatim: z.string(), competitor: z.string().nullable(), feature: z.string().nullable(), turn_id: z.string().nullable(), span: z.tuple([z.number(), z.number()]).nullable() });

export const ConversationItem = z.object({
  id: z.string(),
  account_id: z.string(),
  contact_id: z.string().nullable(),
  status: ConversationStatus,
  play: z.string().nullable(),
  channel: z.string(),
  lang: z.string(),
  started_at: z.date(),
  ended_at: z.date().nullable(),
  end_reason: z.string().nullable(),
  reason: Reason.nullable(),
  nps: z.number().int().nullable(),
  outcome: z.string().nullable(),
});
export type ConversationItem = z.infer<typeof ConversationItem>;

export const ConversationDetail = ConversationItem.extend({
  summary: z.string().nullable(),
  nps_comment: z.string().nullable(),
  prompt_version: z.string().nullable(),
  turns: z.array(z.object({ id: z.string(), seq: z.number(), role: z.string(), text: z.string(), lang: z.string().nullable(), at: z.date(), interrupted: z.boolean() })),
  tool_calls: z.array(z.object({ name: z.string(), turn_seq: z.number(), status: z.string(), arguments: z.record(z.string(), z.unknown()), result: z.record(z.string(), z.unknown()), at: z.date() })),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

const SELECT = `
  SELECT c.id, c.account_id, c.contact_id, c.status, c.play, c.channel, c.lang, c.started_at, c.ended_at, c.end_reason, c.nps, c.outcome,
         c.summary, c.nps_comment, c.prompt_version,
         (SELECT jsonb_build_object('category', r.category, 'detail', r.detail, 'verbatim', r.verbatim, 'competitor', r.competitor, 'feature', r.feature,
                                    'turn_id', r.turn_id, 'span', CASE WHEN r.span_start IS NULL THEN NULL ELSE jsonb_build_array(r.span_start, r.span_end) END)
          FROM churn_reasons r WHERE r.conversation_id = c.id ORDER BY r.captured_at DESC, r.id DESC LIMIT 1) AS reason
  FROM conversations c`;

/** Newest first; keyed by (started_at, id) so a page never skips or repeats a row. */
export async function listConversations(db: Queryable, f: { accountId?: string; status?: string; limit: number; after: [string, string] | null }): Promise<ConversationItem[]> {
  const { rows } = await db.query(
    `${SELECT}
     WHERE ($1::text IS NULL OR c.account_id = $1) AND ($2::text IS NULL OR c.status = $2)
       AND ($3::timestamptz IS NULL OR (c.started_at, c.id) < ($3::timestamptz, $4::text))
     ORDER BY c.started_at DESC, c.id DESC LIMIT $5`,
    [f.accountId ?? null, f.status ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
  );
  return rows.map((r) => ConversationItem.parse(r));
}

export async function getConversation(db: Queryable, id: string): Promise<ConversationDetail> {
  const head = (await db.query(`${SELECT} WHERE c.id = $1`, [id])).rows[0];
  if (!head) throw new TenureError('not_found', `Conversation ${id} does not exist`);
  const turns = await db.query('SELECT id, seq, role, text, lang, at, interrupted FROM turns WHERE conversation_id = $1 ORDER BY seq', [id]);
  const tools = await db.query('SELECT name, turn_seq, status, arguments, result, at FROM tool_calls WHERE conversation_id = $1 ORDER BY turn_seq, at', [id]);
  return ConversationDetail.parse({ ...head, turns: turns.rows, tool_calls: tools.rows });
}
