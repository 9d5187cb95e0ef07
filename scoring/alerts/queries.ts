import { z } from 'zod';
import type { Queryable } from '../../db/transaction';

export const Alert = z.object({
  id: z.string(),
  account_id: z.string(),
  account_name: z.string().nullable(),
  kinds: z.array(z.enum(['zone', 'trajectory'])),
  as_of: z.date(),
  score: z.number(),
  zone: z.string(),
  previous_score: z.number(),
  previous_zone: z.string(),
  drop_points: z.number(),
  signals: z.array(z.object({ code: z.string(), family: z.string(), points: z.number(), text: z.string() })),
  signal_family: z.string().nullable(),
  suggested_action: z.object({ family: z.string(), action: z.string(), within_hours: z.number(), text: z.string() }).nullable(),
  owner_id: z.string().nullable(),
  last_interaction_at: z.date().nullable(),
  created_at: z.date(),
});
export type Alert = z.infer<typeof Alert>;

export async function listAlerts(db: Queryable, f: { accountId?: string; before: string | null; limit: number }): Promise<Alert[]> {
  const { rows } = await db.query<Alert>(
    `SELECT l.id::text, l.account_id, a.name AS account_name, l.kinds, l.as_of, l.score, l.zone, l.previous_score, l.previous_zone, l.drop_points,
            (SELECT coalesce(json_agg(json_build_object('code', r->>'code', 'family', r->>'family', 'points', (r->>'points')::float8, 'text', r->>'text')), '[]')
             FROM jsonb_array_elements(l.signals) r) AS signals,
            l.signal_family, l.suggested_action, l.owner_id, l.last_interaction_at, l.created_at
     FROM alerts l LEFT JOIN accounts a ON a.id = l.account_id
     WHERE ($1::text IS NULL OR l.account_id = $1) AND ($2::bigint IS NULL OR l.id < $2)
     ORDER BY l.id DESC LIMIT $3`,
    [f.accountId ?? null, f.before, f.limit],
  );
  return rows;
}
