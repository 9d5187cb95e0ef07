import type { Clock } from '../../db/clock';
import { withTransaction, type Tx } from '../../db/transaction';
import { notFound } from '../../server/errors';
import { storeWebhookEvent } from '../../server/webhooks';
import type { SmsDeps } from './deps';
import { deliveryFailed } from './failures';
import type { StatusCallback } from './params';

// A status callback: stored once per (MessageSid, MessageStatus) in webhook_events, so the same
// callback twice has one effect, and applied only forward (a late "sent" after "delivered" changes
// nothing). A failure is handled by its error code (failures.ts) in the same transaction.

// SQL: how far along a status is; Twilio's own "sending" is no news after our claim
const RANK = `CASE $S WHEN 'pending' THEN 0 WHEN 'sending' THEN 1 WHEN 'accepted' THEN 2 WHEN 'scheduled' THEN 2 WHEN 'queued' THEN 2
  WHEN 'sent' THEN 4 WHEN 'blocked' THEN 9 ELSE 5 END`;
const rank = (expr: string) => RANK.replace('$S', expr);

export type StatusResult = 'applied' | 'duplicate' | 'stale';

export async function receiveStatus(deps: Pick<SmsDeps, 'db' | 'clock' | 'queue'>, messageId: string, p: StatusCallback): Promise<StatusResult> {
  return withTransaction(deps.db, async (tx) => {
    if (!(await storeOnce(tx, deps.clock, `${p.MessageSid}:${p.MessageStatus}`, p))) return 'duplicate';
    const now = deps.clock.now();
    const code = p.ErrorCode ? Number(p.ErrorCode) : null;
    const { rows } = await tx.query<{ id: string; contact_id: string | null; conversation_id: string | null; from_number: string; to_number: string; body: string; attempt: number }>(
      `UPDATE messages SET sid = coalesce(sid, $2), status = $3, error_code = coalesce($4, error_code), error_message = coalesce($5, error_message), updated_at = $6
       WHERE id = $1 AND direction = 'outbound' AND (sid IS NULL OR sid = $2) AND ${rank('status')} < ${rank('$3::text')}
       RETURNING id, contact_id, conversation_id, from_number, to_number, body, attempt`,
      [messageId, p.MessageSid, p.MessageStatus, code, p.ErrorMessage ?? null, now],
    );
    const m = rows[0];
    if (!m) {
      const known = await tx.query(`SELECT 1 FROM messages WHERE id = $1 AND direction = 'outbound' AND (sid IS NULL OR sid = $2)`, [messageId, p.MessageSid]);
      // rolled back: a callback for a message Tenure never sent is not stored
      if (!known.rows.length) throw notFound('Message', `${messageId} (${p.MessageSid})`);
      return 'stale';
    }
    if ((p.MessageStatus === 'failed' || p.MessageStatus === 'undelivered') && code !== null) await deliveryFailed(tx, deps, { ...m, error_code: code });
    return 'applied';
  });
}

/** The callback's row in webhook_events, processed as it is stored (nothing works it later). */
async function storeOnce(tx: Tx, clock: Clock, eventId: string, payload: unknown): Promise<boolean> {
  if (!(await storeWebhookEvent(tx, clock, 'twilio', eventId, JSON.stringify(payload)))) return false;
  await tx.query(`UPDATE webhook_events SET processed_at = $3 WHERE provider = $1 AND event_id = $2`, ['twilio', eventId, clock.now()]);
  return true;
}
