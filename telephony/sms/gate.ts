import { CloseReason } from '../../agent/contracts/conversation-port';
import { isSuppressed } from '../../agent/policy/suppress';
import type { Queryable } from '../../db/transaction';

// The one check an outbound text passes in the transaction that marks it 'sending' (CONTRACTS.md
// section 6: "again inside the send job"): the suppressions (by contact, and by bare phone number for
// unknown senders) and whether the conversation the text belongs to was closed by its channel. A
// planner's scheduled text was also asked about by the policy's evaluate() when it was claimed
// (sms/outreach.ts); the replies of a live conversation are answers, not outreach, so calling hours
// and caps do not hold them back. Returns why the text must not go, or null.

export interface Outgoing {
  contact_id: string | null;
  to_number: string;
  conversation_id: string | null;
}

export async function smsBlocked(tx: Queryable, m: Outgoing): Promise<string | null> {
  if (m.contact_id ? await isSuppressed(tx, m.contact_id, 'sms') : await phoneSuppressed(tx, m.to_number)) return 'suppressed';
  if (m.conversation_id) {
    // the agent's own last words (a goodbye, after which the wrap-up closed it) still go; nothing
    // goes once the channel closed under the conversation (opted out, idle, unreachable)
    const { rows } = await tx.query<{ status: string; end_reason: string | null }>('SELECT status, end_reason FROM conversations WHERE id = $1', [m.conversation_id]);
    const c = rows[0];
    if (!c || (c.status !== 'open' && CloseReason.safeParse(c.end_reason).success)) return 'conversation_closed';
  }
  return null;
}

async function phoneSuppressed(tx: Queryable, phone: string): Promise<boolean> {
  const { rows } = await tx.query(`SELECT 1 FROM suppressions WHERE phone = $1 AND (channel IS NULL OR channel = 'sms') LIMIT 1`, [phone]);
  return rows.length > 0;
}
