import { suppress } from '../../agent/policy/suppress';
import type { Tx } from '../../db/transaction';
import type { SmsDeps } from './deps';
import { queueText } from './outbox';
import type { OutboundText } from './send';

// A text Twilio refused or the network could not deliver, by its error code (research notes §3):
// 21610 the number texted STOP to Twilio: opted out; 30003 unreachable handset: tried once more,
// ten minutes later; 30005 unknown handset and 30006 landline: the number cannot take texts. Other
// codes (30007 filtered, …) are recorded on the message and nothing more. The conversation of a
// number that can no longer be texted is closed by the SMS sweep (work.ts), which needs the agent.

export const RETRY_AFTER_MS = 10 * 60_000;

export type Failed = OutboundText & { error_code: number };

export async function deliveryFailed(tx: Tx, deps: Pick<SmsDeps, 'clock' | 'queue'>, m: Failed): Promise<void> {
  const now = deps.clock.now();
  // suppressed by the number when the contact is unknown
  const target = m.contact_id ? { contactId: m.contact_id } : { phone: m.to_number };
  if (m.error_code === 21610) {
    await suppress(tx, deps.clock, { ...target, channel: 'sms', reason: 'opt_out_keyword', at: now.toISOString() });
  } else if (m.error_code === 30005 || m.error_code === 30006) {
    await suppress(tx, deps.clock, { ...target, channel: 'sms', reason: 'carrier_block', at: now.toISOString() });
  } else if (m.error_code === 30003 && m.attempt === 1) {
    await queueText(tx, deps.queue(), now, {
      conversationId: m.conversation_id, contactId: m.contact_id, from: m.from_number, to: m.to_number, body: m.body,
      dueAt: new Date(now.getTime() + RETRY_AFTER_MS), retryOf: m.id, attempt: 2,
    });
  }
}
