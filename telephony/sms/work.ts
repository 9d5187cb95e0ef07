import type { CloseReason } from '../../agent/contracts/conversation-port';
import type { DueWork } from '../../db/due-work';
import type { SmsDeps } from './deps';
import { sendText } from './send';
import { handleInbound } from './turn';

// The SMS sweep (due work, every minute): what the jobs did not get to. Inbound texts stored but not
// worked, outbound texts due but not sent (their job lost), and open SMS conversations with a
// number that can no longer be texted (opted out at Twilio, landline, unknown handset), which close.
// `graceMs` leaves fresh rows to their jobs; tests pass 0 to run everything now.

const BATCH = 50;

export async function workSms(deps: SmsDeps, now: Date, graceMs = 60_000): Promise<number> {
  const before = new Date(now.getTime() - graceMs);
  let n = 0;
  const inbound = await deps.db.query<{ id: string }>(
    `SELECT id FROM messages WHERE direction = 'inbound' AND status = 'received' AND created_at <= $1 ORDER BY created_at, id LIMIT ${BATCH}`,
    [before],
  );
  for (const { id } of inbound.rows) {
    await handleInbound(deps, id);
    n++;
  }
  const outbound = await deps.db.query<{ id: string }>(
    `SELECT id FROM messages WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, id LIMIT ${BATCH}`,
    [before],
  );
  for (const { id } of outbound.rows) if ((await sendText(deps, id)) !== 'skipped') n++;
  const closing = await deps.db.query<{ id: string; reason: string }>(
    `SELECT c.id, s.reason FROM conversations c JOIN contacts k ON k.id = c.contact_id
     JOIN LATERAL (SELECT reason FROM suppressions s WHERE (s.contact_id = c.contact_id OR s.phone = k.phone)
                   AND (s.channel IS NULL OR s.channel = 'sms') ORDER BY s.created_at LIMIT 1) s ON true
     WHERE c.status = 'open' AND c.channel = 'sms' LIMIT ${BATCH}`,
  );
  if (closing.rows.length) {
    const agent = await deps.agent();
    for (const c of closing.rows) {
      const reason: CloseReason = c.reason === 'carrier_block' ? 'no_answer' : 'opted_out';
      await agent.channelClosed({ conversationId: c.id, reason, at: now.toISOString() });
      n++;
    }
  }
  return n;
}

export function smsSweep(deps: (log: SmsDeps['log']) => SmsDeps): DueWork {
  return { name: 'sms', run: (_db, now, log) => workSms(deps(log), now) };
}
