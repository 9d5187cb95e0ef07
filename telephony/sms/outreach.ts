import { claimDueOutreach, recordOutreachResult } from '../../agent/planner/send';
import type { PolicySettings } from '../../agent/policy/rules';
import type { Play } from '../../agent/contracts/common';
import { withTransaction } from '../../db/transaction';
import type { SmsDeps } from './deps';
import { startSmsConversation } from './start';

// The planner's scheduled texts (outreach rows on the sms channel). The policy is asked again, and
// the send written to outreach_log, in the transaction that claims them (agent/planner/send.ts);
// each claimed row then opens its SMS conversation, whose id is the outreach's, so that a run cut
// short between the claim and the first text is finished by a later run and texts no one twice.

const BATCH = 50;
/** a claim this old whose conversation has no text yet was cut short */
const UNFINISHED_AFTER_MS = 5 * 60_000;

export const outreachConversationId = (outreachId: string) => `conv_${outreachId}`;

export async function sendDueSmsOutreach(deps: SmsDeps, settings: PolicySettings): Promise<number> {
  const now = deps.clock.now();
  const claimed = await withTransaction(deps.db, (tx) => claimDueOutreach(tx, deps.clock, settings, { channel: 'sms', limit: BATCH }));
  const { rows: unfinished } = await deps.db.query<{ outreach_id: string; log_id: string; contact_id: string; play: Play }>(
    `SELECT l.outreach_id, l.id AS log_id, l.contact_id, l.play FROM outreach_log l
     WHERE l.at > $1 AND l.at <= $2 AND l.channel = 'sms' AND l.outreach_id IS NOT NULL AND l.result IS NULL
       AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = 'conv_' || l.outreach_id)
     ORDER BY l.at LIMIT $3`,
    [new Date(now.getTime() - 86_400_000), new Date(now.getTime() - UNFINISHED_AFTER_MS), BATCH],
  );
  const work = [
    ...claimed.map((c) => ({ outreachId: c.outreachId, logId: c.logId, contactId: c.contactId, play: c.play })),
    ...unfinished.map((u) => ({ outreachId: u.outreach_id, logId: u.log_id, contactId: u.contact_id, play: u.play })),
  ];
  for (const w of work) {
    try {
      await startSmsConversation(deps, { contactId: w.contactId, play: w.play, conversationId: outreachConversationId(w.outreachId) });
    } catch (err) {
      // no number, opted out since: the attempt counts, and it is not tried again
      deps.log.warn({ err, outreach: w.outreachId }, 'scheduled text not sent');
      await recordOutreachResult(deps.db, w.logId, 'failed');
    }
  }
  return work.length;
}
