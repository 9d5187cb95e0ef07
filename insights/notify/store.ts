import { z } from 'zod';
import type { Queryable } from '../../db/transaction';

// Handing a message to notify: one row per message and recipient, stored once per dedupe key. The
// deliveries (one per channel) are made and sent later by the delivery due work (./deliver.ts), so
// the caller's transaction never waits on the network, and a message rolled back is never sent.

export const NewNotification = z.object({
  /** the sender's key for this message: handing it over twice stores it once */
  dedupe_key: z.string().min(1).max(300),
  /** the capability sending it: `scoring`, `insights`, … */
  source: z.string().min(1).max(100),
  /** what it is about: `score_alert`, `escalation_step_missed`, … */
  kind: z.string().min(1).max(100),
  account_id: z.string().nullable(),
  /** the team member it is for (email, SMS and the task inbox reach them; Slack reaches the team) */
  recipient_id: z.string().nullable(),
  subject: z.string().min(1).max(300),
  body: z.string().max(20_000),
  payload: z.record(z.string(), z.unknown()),
});
export type NewNotification = z.infer<typeof NewNotification>;

/** Stores the messages in one statement; returns how many were new. */
export async function enqueueNotifications(tx: Queryable, items: readonly NewNotification[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  const rows = items.map((i) => NewNotification.parse(i));
  const r = await tx.query(
    `INSERT INTO notifications (dedupe_key, source, kind, account_id, recipient_id, subject, body, payload, created_at)
     SELECT dedupe_key, source, kind, account_id, recipient_id, subject, body, payload, $2
     FROM jsonb_to_recordset($1::jsonb) AS r(dedupe_key text, source text, kind text, account_id text, recipient_id text, subject text, body text, payload jsonb)
     ORDER BY dedupe_key
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [JSON.stringify(rows), now],
  );
  return r.rowCount ?? 0;
}

export const Delivery = z.object({
  id: z.string(),
  notification_id: z.string(),
  channel: z.string(),
  state: z.string(),
  attempts: z.number(),
  detail: z.string().nullable(),
  sent_at: z.date().nullable(),
  kind: z.string(),
  account_id: z.string().nullable(),
  recipient_id: z.string().nullable(),
  subject: z.string(),
  created_at: z.date(),
});
export type Delivery = z.infer<typeof Delivery>;

/** The delivery log, newest first. */
export async function listDeliveries(db: Queryable, f: { accountId?: string; before: string | null; limit: number }): Promise<Delivery[]> {
  const { rows } = await db.query<Delivery>(
    `SELECT d.id::text, d.notification_id::text, d.channel, d.state, d.attempts, d.detail, d.sent_at,
            n.kind, n.account_id, n.recipient_id, n.subject, n.created_at
     FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
     WHERE ($1::text IS NULL OR n.account_id = $1) AND ($2::bigint IS NULL OR d.id < $2)
     ORDER BY d.id DESC LIMIT $3`,
    [f.accountId ?? null, f.before, f.limit],
  );
  return rows;
}
