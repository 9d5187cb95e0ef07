import { z } from 'zod';
import type { Clock } from '../../db/clock';
import { newId } from '../../db/ids';
import type { Queryable } from '../../db/transaction';
import type { Play } from '../contracts/common';
import type { PolicyChannel, Purpose } from '../policy/contract';
import { evaluate } from '../policy/evaluate';
import type { PolicySettings } from '../policy/rules';

// The hand-over to the channels' send jobs (SMS and voice live in telephony/). A send job, in one
// transaction: claimDueOutreach(tx, …) → for each claimed row place the call or send the text (or
// queue it) → commit. The policy is asked again here, inside that transaction, and an allowed row
// is written to outreach_log before the transaction ends, so a crash before commit sends nothing
// and loses nothing, and a row is claimed once however often the job runs. A row the policy now
// refuses moves to its next allowed time, or is blocked with the reasons.

export interface ClaimedOutreach {
  outreachId: string;
  logId: string;
  accountId: string;
  contactId: string;
  phone: string | null;
  play: Play;
  channel: PolicyChannel;
  purpose: Purpose;
}

export async function claimDueOutreach(tx: Queryable, clock: Clock, settings: PolicySettings, o: { channel: PolicyChannel; limit: number }): Promise<ClaimedOutreach[]> {
  const now = clock.now();
  const { rows } = await tx.query<{ id: string; account_id: string; contact_id: string; phone: string | null; play: Play; purpose: Purpose }>(
    `SELECT o.id, o.account_id, o.contact_id, c.phone, o.play, o.purpose FROM outreach o JOIN contacts c ON c.id = o.contact_id
     WHERE o.status = 'scheduled' AND o.channel = $1 AND o.scheduled_for <= $2
     ORDER BY o.scheduled_for, o.id LIMIT $3 FOR UPDATE OF o SKIP LOCKED`,
    [o.channel, now, o.limit],
  );
  const claimed: ClaimedOutreach[] = [];
  for (const r of rows) {
    const verdict = await evaluate(tx, { contactId: r.contact_id, channel: o.channel, purpose: r.purpose, at: now.toISOString() }, { play: r.play, excludeOutreachId: r.id, settings });
    if (verdict.allowed) {
      const logId = newId('olog');
      await tx.query(
        `INSERT INTO outreach_log (id, outreach_id, account_id, contact_id, phone, play, channel, purpose, at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
        [logId, r.id, r.account_id, r.contact_id, r.phone, r.play, o.channel, r.purpose, now],
      );
      await tx.query(`UPDATE outreach SET status = 'sent', reasons = $2, updated_at = $3 WHERE id = $1`, [r.id, JSON.stringify(verdict.reasons), now]);
      claimed.push({ outreachId: r.id, logId, accountId: r.account_id, contactId: r.contact_id, phone: r.phone, play: r.play, channel: o.channel, purpose: r.purpose });
    } else if (verdict.next_allowed_at) {
      await tx.query(`UPDATE outreach SET scheduled_for = $2, reasons = $3, updated_at = $4 WHERE id = $1`, [r.id, verdict.next_allowed_at, JSON.stringify(verdict.reasons), now]);
    } else {
      await tx.query(`UPDATE outreach SET status = 'blocked', reasons = $2, updated_at = $3 WHERE id = $1`, [r.id, JSON.stringify(verdict.reasons), now]);
    }
  }
  return claimed;
}

export const OutreachResult = z.enum(['answered', 'no_answer', 'voicemail', 'refused', 'delivered', 'failed']);
export type OutreachResult = z.infer<typeof OutreachResult>;

/**
 * What became of an outreach, from the channel: `refused` ("not interested", a hang-up on the
 * opening) starts the refusal cool-down; every row counts against the caps, answered or not.
 */
export async function recordOutreachResult(db: Queryable, logId: string, result: OutreachResult): Promise<void> {
  await db.query('UPDATE outreach_log SET result = $2 WHERE id = $1', [logId, OutreachResult.parse(result)]);
}

/** An outreach made outside the planner (a person's call logged by telephony) still counts. */
export async function logOutreach(db: Queryable, clock: Clock, o: { accountId: string; contactId: string | null; phone: string | null; play: Play | null; channel: PolicyChannel; purpose: Purpose; at: Date; result?: OutreachResult }): Promise<string> {
  const id = newId('olog');
  await db.query(
    `INSERT INTO outreach_log (id, account_id, contact_id, phone, play, channel, purpose, at, result, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [id, o.accountId, o.contactId, o.phone, o.play, o.channel, o.purpose, o.at, o.result ?? null, clock.now()],
  );
  return id;
}
