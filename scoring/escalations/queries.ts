import { z } from 'zod';
import type { Queryable } from '../../db/transaction';

// Reading escalations: each with its steps, its override (who, when, why, until when) and, beside it,
// the model's reason codes from the account's current score.

export const EscalationState = z.enum(['open', 'overridden', 'resolved']);

const Step = z.object({
  step: z.string(),
  owner_id: z.string().nullable(),
  due_at: z.date(),
  state: z.enum(['pending', 'done', 'missed']),
  task_id: z.string().nullable(),
  done_at: z.date().nullable(),
  done_by: z.string().nullable(),
  note: z.string().nullable(),
  missed_at: z.date().nullable(),
});
const Override = z.object({
  id: z.string(),
  reason_code: z.string(),
  note: z.string(),
  actor: z.string(),
  member_id: z.string().nullable(),
  at: z.date(),
  expires_at: z.date(),
  state: z.enum(['active', 'expired']),
  expired_at: z.date().nullable(),
});
const Reason = z.object({ code: z.string(), family: z.string(), points: z.number(), text: z.string() });

export const Escalation = z.object({
  id: z.string(),
  account_id: z.string(),
  account_name: z.string().nullable(),
  state: EscalationState,
  trigger: z.enum(['zone', 'probability']),
  probability: z.number().nullable(),
  score: z.number(),
  zone: z.string(),
  signal_family: z.string().nullable(),
  suggested_action: z.object({ family: z.string(), action: z.string(), within_hours: z.number(), text: z.string() }).nullable(),
  csm_id: z.string().nullable(),
  sponsor_id: z.string().nullable(),
  opened_at: z.date(),
  closed_at: z.date().nullable(),
  steps: z.array(Step),
  /** the latest override, active or expired */
  override: Override.nullable(),
  /** the model's reason codes now (the current score), shown beside any override */
  current_score: z.object({ score: z.number(), zone: z.string(), reason_codes: z.array(Reason) }).nullable(),
});
export type Escalation = z.infer<typeof Escalation>;

const SELECT = `
SELECT e.id, e.account_id, a.name AS account_name, e.state, e.trigger, e.probability, e.score, e.zone, e.signal_family, e.suggested_action,
       e.csm_id, e.sponsor_id, e.opened_at, e.closed_at,
       coalesce((SELECT json_agg(json_build_object('step', s.step, 'owner_id', s.owner_id, 'due_at', s.due_at, 'state', s.state, 'task_id', s.task_id,
                 'done_at', s.done_at, 'done_by', s.done_by, 'note', s.note, 'missed_at', s.missed_at) ORDER BY s.position)
                 FROM escalation_steps s WHERE s.escalation_id = e.id), '[]') AS steps,
       (SELECT row_to_json(o) FROM (SELECT id, reason_code, note, actor, member_id, at, expires_at, state, expired_at FROM risk_overrides
                 WHERE escalation_id = e.id ORDER BY at DESC, id DESC LIMIT 1) o) AS override,
       (SELECT json_build_object('score', c.score, 'zone', c.zone, 'reason_codes', c.reason_codes) FROM v_current_scores c WHERE c.account_id = e.account_id) AS current_score
FROM escalations e LEFT JOIN accounts a ON a.id = e.account_id`;

const dates = (o: Record<string, unknown> | null, keys: string[]) => {
  if (o) for (const k of keys) if (typeof o[k] === 'string') o[k] = new Date(o[k]);
  return o;
};

function parseRow(r: Record<string, unknown>): Escalation {
  for (const s of r.steps as Record<string, unknown>[]) dates(s, ['due_at', 'done_at', 'missed_at']);
  dates(r.override as Record<string, unknown> | null, ['at', 'expires_at', 'expired_at']);
  const cur = r.current_score as { reason_codes: Record<string, unknown>[] } | null;
  if (cur) cur.reason_codes = cur.reason_codes.map((c) => ({ code: c.code, family: c.family, points: c.points, text: c.text }));
  return r as unknown as Escalation;
}

/** Newest first; `states` null for all. */
export async function listEscalations(db: Queryable, f: { states: string[] | null; accountId?: string; before: string | null; limit: number }): Promise<Escalation[]> {
  const { rows } = await db.query(
    `${SELECT}
     WHERE ($1::text[] IS NULL OR e.state = ANY ($1)) AND ($2::text IS NULL OR e.account_id = $2) AND ($3::text IS NULL OR e.id < $3)
     ORDER BY e.id DESC LIMIT $4`,
    [f.states, f.accountId ?? null, f.before, f.limit],
  );
  return rows.map(parseRow);
}

export async function getEscalation(db: Queryable, id: string): Promise<Escalation | null> {
  const { rows } = await db.query(`${SELECT} WHERE e.id = $1`, [id]);
  return rows[0] ? parseRow(rows[0]) : null;
}
