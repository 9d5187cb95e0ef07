import { z } from 'zod';
import type { Queryable } from '../../db/transaction';

// Outreach as the API shows it: newest first, with the decision that made it and why.

export const OutreachItem = z.object({
  id: z.string(),
  account_id: z.string(),
  contact_id: z.string().nullable(),
  play: z.string(),
  channel: z.string(),
  purpose: z.string(),
  status: z.enum(['scheduled', 'sent', 'blocked', 'cancelled']),
  scheduled_for: z.date().nullable(),
  reasons: z.array(z.string()),
  decision_id: z.string(),
  campaign_id: z.string().nullable(),
  trigger: z.string(),
  why: z.string().nullable(),
  created_at: z.date(),
});
export type OutreachItem = z.infer<typeof OutreachItem>;

export async function listOutreach(db: Queryable, o: { accountId: string; limit: number; after: [string, string] | null }): Promise<OutreachItem[]> {
  const { rows } = await db.query<OutreachItem>(
    `SELECT o.id, o.account_id, o.contact_id, o.play, o.channel, o.purpose, o.status, o.scheduled_for, o.reasons, o.decision_id, o.campaign_id,
            d.trigger, d.inputs->>'why' AS why, o.created_at
     FROM outreach o JOIN planner_decisions d ON d.id = o.decision_id
     WHERE o.account_id = $1 AND ($2::timestamptz IS NULL OR (o.created_at, o.id) < ($2::timestamptz, $3::text))
     ORDER BY o.created_at DESC, o.id DESC LIMIT $4`,
    [o.accountId, o.after?.[0] ?? null, o.after?.[1] ?? null, o.limit],
  );
  return rows;
}
