import { claimDueOutreach, recordOutreachResult } from '../../agent/planner/send';
import { policySettings } from '../../agent/policy/evaluate';
import type { DueWork } from '../../db/due-work';
import { withTransaction } from '../../db/transaction';
import { fromNumberFor } from '../twilio';
import type { VoiceDeps } from './deps';
import { placeDueCalls, queueCall } from './place';

// Voice's due work (every minute): the planner's due voice outreach becomes call legs — claimed, asked
// about by the policy and logged in one transaction, with the leg written in that same transaction
// (its id is the outreach's, so a claim is one leg) — and every leg now due is dialled (place.ts).

const BATCH = 50;

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
  return claimed + (await placeDueCalls(deps, now, BATCH));
}

export function voiceSweep(deps: (log: VoiceDeps['log']) => VoiceDeps): DueWork {
  return { name: 'voice', run: (_db, now, log) => workVoice(deps(log), now) };
}
