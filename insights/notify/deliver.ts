import type { Clock } from '../../db/clock';
import { claimTransition } from '../../db/at-most-once';
import type { Database } from '../../db/database';
import type { DueWork } from '../../db/due-work';
import type { Logger } from '../../db/queue';
import { withTransaction, type Queryable } from '../../db/transaction';
import { createTask } from '../../team/tasks';
import { Undeliverable, type Channel, type Message, type Notifier } from './channels';

// The delivery due work: each new message gets one delivery per channel configured now (the task
// inbox always; Slack, email and SMS when set), then each pending delivery is sent. A delivery is
// marked `sending` in its own committed statement before the network call (db/at-most-once.ts), so a
// retried job or a crash never sends it twice; a failure is retried with backoff, then logged failed.

const MAX_ATTEMPTS = 5;
const BATCH = 200;
const backoffMs = (attempt: number) => Math.min(60_000 * 2 ** (attempt - 1), 3_600_000);

export interface Notifiers {
  /** the channels besides the inbox: Slack, email, SMS as configured */
  external: Notifier[];
}

/** The task inbox: the message becomes a task for its recipient (once per message). */
function inboxNotifier(db: Queryable, now: Date): Notifier {
  const clock: Clock = { kind: 'fixed', now: () => now };
  return {
    channel: 'inbox',
    async send(m) {
      if (!m.recipient) throw new Undeliverable('no recipient');
      const task = await createTask(db, clock, {
        assigneeId: m.recipient.id, kind: m.kind, title: m.subject, body: m.body, accountId: m.account_id, source: 'notify', dedupeKey: `notification:${m.notification_id}`,
      });
      return task.id;
    },
  };
}

interface DueRow {
  id: string;
  channel: Channel;
  attempts: number;
  notification_id: string;
  kind: string;
  account_id: string | null;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  recipient_id: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
}

/** Makes the deliveries of new messages, one per channel. */
export async function expand(db: Queryable, channels: readonly Channel[], now: Date): Promise<number> {
  const r = await db.query(
    `WITH n AS (
       UPDATE notifications SET expanded_at = $2
       WHERE id IN (SELECT id FROM notifications WHERE expanded_at IS NULL ORDER BY id LIMIT 1000 FOR UPDATE SKIP LOCKED)
       RETURNING id
     )
     INSERT INTO notification_deliveries (notification_id, channel, state, due_at)
     SELECT n.id, c, 'pending', $2 FROM n CROSS JOIN unnest($1::text[]) AS c
     ORDER BY n.id, c
     ON CONFLICT (notification_id, channel) DO NOTHING`,
    [channels, now],
  );
  return r.rowCount ?? 0;
}

/** Sends the pending deliveries that are due; returns how many were attempted. */
export async function deliverDue(db: Database, notifiers: Notifiers, now: Date, log?: Logger, signal?: AbortSignal): Promise<number> {
  const byChannel = new Map<Channel, Notifier>(notifiers.external.map((n) => [n.channel, n]));
  await withTransaction(db, (tx) => expand(tx, ['inbox', ...byChannel.keys()], now));
  const { rows } = await db.query<DueRow>(
    `SELECT d.id::text, d.channel, d.attempts, n.id::text AS notification_id, n.kind, n.account_id, n.subject, n.body, n.payload, n.recipient_id, m.name, m.email, m.phone
     FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id LEFT JOIN team_members m ON m.id = n.recipient_id
     WHERE d.state = 'pending' AND d.due_at <= $1 ORDER BY d.due_at, d.id LIMIT ${BATCH}`,
    [now],
  );
  let done = 0;
  for (const row of rows) {
    if (signal?.aborted) break;
    const notifier = row.channel === 'inbox' ? null : byChannel.get(row.channel);
    if (row.channel !== 'inbox' && !notifier) {
      // configured once, not any more: say so instead of leaving it pending for ever
      await db.query(`UPDATE notification_deliveries SET state = 'skipped', detail = 'channel not configured' WHERE id = $1 AND state = 'pending'`, [row.id]);
      continue;
    }
    if (!(await claimTransition(db, 'notification_deliveries', row.id, 'pending', 'sending'))) continue;
    const message: Message = {
      notification_id: row.notification_id, kind: row.kind, account_id: row.account_id, subject: row.subject, body: row.body, payload: row.payload,
      recipient: row.recipient_id && row.email !== null ? { id: row.recipient_id, name: row.name ?? '', email: row.email, phone: row.phone } : null,
    };
    done++;
    try {
      const detail = notifier ? await notifier.send(message) : await withTransaction(db, (tx) => inboxNotifier(tx, now).send(message));
      await db.query(`UPDATE notification_deliveries SET state = 'sent', attempts = attempts + 1, sent_at = $2, detail = $3 WHERE id = $1`, [row.id, now, detail.slice(0, 500)]);
    } catch (err) {
      const attempts = row.attempts + 1;
      const why = (err as Error).message.slice(0, 500);
      const final = err instanceof Undeliverable ? 'skipped' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending';
      if (final !== 'skipped') log?.warn({ delivery: row.id, channel: row.channel, attempts, err: why }, 'notification delivery failed');
      await db.query(`UPDATE notification_deliveries SET state = $2, attempts = $3, detail = $4, due_at = $5 WHERE id = $1`, [
        row.id, final, attempts, why, new Date(now.getTime() + backoffMs(attempts)),
      ]);
    }
  }
  return done;
}

/** The due-work entry; `notifiers` is asked each tick (the configuration decides the channels). */
export function notificationDelivery(notifiers: () => Notifiers): DueWork {
  return { name: 'notify', run: (db, now, log, signal) => deliverDue(db, notifiers(), now, log, signal) };
}
