import { withTransaction, type Tx } from '../../db/transaction';
import { publicUrl } from './urls';
import { smsBlocked } from './gate';
import type { SmsDeps } from './deps';
import { deliveryFailed } from './failures';

// The send job: at most once by state. One transaction locks the pending row, checks the opt-outs
// and the conversation (gate.ts) and marks it 'sending' or 'blocked'; only then does the real SDK
// send it, with its status callback; the answer (SID, status) or Twilio's error is recorded after.
// A crash after 'sending' leaves the row there: it is never sent twice.

/** An outbound text as the send job and the failure handling read it. */
export interface OutboundText {
  id: string;
  contact_id: string | null;
  conversation_id: string | null;
  from_number: string;
  to_number: string;
  body: string;
  attempt: number;
}

export type SendResult = 'sent' | 'blocked' | 'failed' | 'skipped';

export async function sendText(deps: SmsDeps, messageId: string): Promise<SendResult> {
  const now = deps.clock.now();
  const claimed = await withTransaction(deps.db, async (tx) => {
    const { rows } = await tx.query<OutboundText & { status: string; due_at: Date | null }>(
      `SELECT id, contact_id, conversation_id, from_number, to_number, body, attempt, status, due_at FROM messages
       WHERE id = $1 AND direction = 'outbound' FOR UPDATE`,
      [messageId],
    );
    const m = rows[0];
    if (!m || m.status !== 'pending' || (m.due_at && m.due_at > now)) return null;
    const blocked = await smsBlocked(tx, m);
    if (blocked) {
      await tx.query(`UPDATE messages SET status = 'blocked', error_message = $2, updated_at = $3 WHERE id = $1`, [m.id, blocked, now]);
      return 'blocked' as const;
    }
    await tx.query(`UPDATE messages SET status = 'sending', updated_at = $2 WHERE id = $1`, [m.id, now]);
    return m;
  });
  if (claimed === null) return 'skipped';
  if (claimed === 'blocked') return 'blocked';
  const m = claimed;
  const client = await deps.twilio();
  try {
    const sent = await client.messages.create({ to: m.to_number, from: m.from_number, body: m.body, statusCallback: publicUrl(deps.config, `/webhooks/twilio/sms/${m.id}/status`) });
    // a status callback may have come first: the status only moves forward (status.ts)
    await deps.db.query(
      `UPDATE messages SET sid = $2, status = CASE WHEN status = 'sending' THEN $3 ELSE status END, segments = coalesce($4, segments), sent_at = $5, updated_at = $5 WHERE id = $1`,
      [m.id, sent.sid, sent.status, Number(sent.numSegments) || null, deps.clock.now()],
    );
    return 'sent';
  } catch (e) {
    const err = e as { code?: number; status?: number; message?: string };
    if (typeof err.code !== 'number' || typeof err.status !== 'number') {
      // no answer from Twilio: it may have sent the text, so it is not sent again ('sending' stays)
      deps.log.error({ err: e, messageId: m.id }, 'sms send got no answer from Twilio; not retried');
      return 'failed';
    }
    await withTransaction(deps.db, async (tx: Tx) => {
      await tx.query(`UPDATE messages SET status = 'failed', error_code = $2, error_message = $3, updated_at = $4 WHERE id = $1`, [m.id, err.code, err.message ?? null, deps.clock.now()]);
      await deliveryFailed(tx, deps, { ...m, error_code: err.code! });
    });
    return 'failed';
  }
}
