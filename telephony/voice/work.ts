import { claimDueOutreach, recordOutreachResult } from '../../agent/planner/send';
import { policySettings } from '../../agent/policy/evaluate';
import type { DueWork } from '../../db/due-work';
import { withTransaction } from '../../db/transaction';
import { fromNumberFor } from '../twilio';
import type { VoiceDeps } from './deps';
import { placeDueCalls, queueCall, type Leg } from './place';
import { closeConversation, closeReasonOf, workStoredCallEnds } from './status';

// Voice's due work (every minute): the planner's due voice outreach becomes call legs — claimed, asked
// about by the policy and logged in one transaction, with the leg written in that same transaction
// (its id is the outreach's, so a claim is one leg) — and every leg now due is dialled (place.ts).
// The end of a call whose callback was stored but not worked (a crash right after the reply) is
// worked; a conversation still open minutes after its call ended (a crash cut its wrap-up short) is closed.

const BATCH = 50;
/** how long after its call ended a conversation may still be wrapping up on its own */
export const LEFT_OPEN_AFTER_MS = 5 * 60_000;
/** how long a call's stored end is left to the work its webhook started */
export const CALL_END_GRACE_MS = 60_000;

export async function closeLeftOpen(deps: VoiceDeps, now: Date): Promise<number> {
  // few conversations are open at a time: read through conversations_status_idx, then each one's legs
  const { rows } = await deps.db.query<Pick<Leg, 'conversation_id' | 'status' | 'relay' | 'answered_by'>>(
    `SELECT DISTINCT ON (l.conversation_id) l.conversation_id, l.status, l.relay, l.answered_by
     FROM conversations c JOIN call_legs l ON l.conversation_id = c.id
     WHERE c.status = 'open' AND c.channel = 'voice'
       AND NOT EXISTS (SELECT 1 FROM call_legs o WHERE o.conversation_id = c.id AND o.ended_at IS NULL)
       AND l.ended_at < $1::timestamptz - make_interval(secs => $2)
     ORDER BY l.conversation_id, l.ended_at DESC LIMIT ${BATCH}`,
    [now, LEFT_OPEN_AFTER_MS / 1000],
  );
  for (const r of rows) await closeConversation(deps, r.conversation_id, closeReasonOf(r));
  return rows.length;
}

export async function workVoice(deps: VoiceDeps, now: Date): Promise<number> {
  const claimed = await withTransaction(deps.db, async (tx) => {
    const rows = await claimDueOutreach(tx, deps.clock, policySettings(deps.config), { channel: 'voice', limit: BATCH });
    for (const r of rows) {
      const { rows: c } = await tx.query<{ language: string }>('SELECT language FROM contacts WHERE id = $1', [r.contactId]);
      // no number to call any more: the attempt counts and is not made
      if (!r.phone || !c[0]) {
        await recordOutreachResult(tx, r.logId, 'failed');
        continue;
      }
      await queueCall(tx, fromNumberFor(deps.config), now, {
        id: `leg_${r.outreachId}`, contactId: r.contactId, accountId: r.accountId, toNumber: r.phone, lang: c[0].language, play: r.play, purpose: r.purpose,
        dueAt: now, outreachId: r.outreachId, outreachLogId: r.logId,
      });
    }
    return rows.length;
  });
  return claimed + (await placeDueCalls(deps, now, BATCH)) + (await workStoredCallEnds(deps, now, CALL_END_GRACE_MS, BATCH)) + (await closeLeftOpen(deps, now));
}

export function voiceSweep(deps: (log: VoiceDeps['log']) => VoiceDeps): DueWork {
  return { name: 'voice', run: (_db, now, log) => workVoice(deps(log), now) };
}
