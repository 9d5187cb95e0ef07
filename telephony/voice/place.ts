import type { Play } from '../../agent/contracts/common';
import { logOutreach, recordOutreachResult } from '../../agent/planner/send';
import { evaluate, policySettings } from '../../agent/policy/evaluate';
import type { Purpose } from '../../agent/policy/contract';
import { newId } from '../../db/ids';
import { withTransaction, type Queryable } from '../../db/transaction';
import { TenureError } from '../../server/errors';
import { publicUrl } from '../sms/urls';
import { fromNumberFor } from '../twilio';
import type { VoiceDeps } from './deps';
import { relayTwiml, voicePaths } from './twiml';

// An outbound call is a leg row first ('pending', due at due_at). Dialling it is at-most-once: one
// transaction asks the policy (a retry or a call made outside the planner; the planner's own rows
// were asked when claimed), logs the outreach and moves the leg to 'dialing', and commits — only
// then does calls.create run. A job run twice, or a crash after the mark, never dials again: a leg
// left in 'dialing' is for a person to look at, not to re-dial.

export interface NewLeg {
  id?: string;
  contactId: string;
  accountId: string;
  toNumber: string;
  lang: string;
  play: Play;
  purpose: Purpose;
  dueAt: Date;
  outreachId?: string | null;
  outreachLogId?: string | null;
  retryOf?: string | null;
  attempt?: number;
}

export async function queueCall(tx: Queryable, from: string, now: Date, l: NewLeg): Promise<string | null> {
  const id = l.id ?? newId('leg');
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO call_legs (id, conversation_id, contact_id, account_id, outreach_id, outreach_log_id, play, purpose, lang, from_number, to_number, status, attempt, retry_of, due_at, updated_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $13, $14, $15, $15) ON CONFLICT DO NOTHING RETURNING id`,
    [id, `conv_${id}`, l.contactId, l.accountId, l.outreachId ?? null, l.outreachLogId ?? null, l.play, l.purpose, l.lang, from, l.toNumber, l.attempt ?? 1, l.retryOf ?? null, l.dueAt, now],
  );
  return rows[0]?.id ?? null;
}

export interface Leg {
  id: string;
  sid: string | null;
  conversation_id: string;
  contact_id: string;
  account_id: string;
  outreach_id: string | null;
  outreach_log_id: string | null;
  play: Play;
  purpose: Purpose;
  lang: string;
  from_number: string;
  to_number: string;
  status: string;
  answered_by: string | null;
  relay: string | null;
  reconnects: number;
  attempt: number;
}

export async function readLeg(db: Queryable, id: string, lock = false): Promise<Leg | null> {
  const { rows } = await db.query<Leg>(`SELECT * FROM call_legs WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export type Placed = 'dialled' | 'skipped' | 'deferred' | 'blocked' | 'failed';

export async function placeCall(deps: VoiceDeps, legId: string): Promise<Placed> {
  const claim = await withTransaction(deps.db, async (tx): Promise<{ leg: Leg } | { result: Placed }> => {
    const leg = await readLeg(tx, legId, true);
    if (!leg || leg.status !== 'pending') return { result: 'skipped' };
    const now = deps.clock.now();
    let logId = leg.outreach_log_id;
    if (!logId) {
      // a retry or a call started by hand: the policy is asked now, in the transaction that logs it
      const verdict = await evaluate(tx, { contactId: leg.contact_id, channel: 'voice', purpose: leg.purpose, at: now.toISOString() }, { play: leg.play, settings: policySettings(deps.config) });
      if (!verdict.allowed) {
        if (verdict.next_allowed_at) {
          await tx.query(`UPDATE call_legs SET due_at = $2, updated_at = $3 WHERE id = $1`, [leg.id, verdict.next_allowed_at, now]);
          return { result: 'deferred' };
        }
        await tx.query(`UPDATE call_legs SET status = 'blocked', error_message = $2, updated_at = $3 WHERE id = $1`, [leg.id, verdict.reasons.join(', '), now]);
        return { result: 'blocked' };
      }
      logId = await logOutreach(tx, deps.clock, { accountId: leg.account_id, contactId: leg.contact_id, phone: leg.to_number, play: leg.play, channel: 'voice', purpose: leg.purpose, at: now });
    }
    await tx.query(`UPDATE call_legs SET status = 'dialing', outreach_log_id = $2, dialed_at = $3, updated_at = $3 WHERE id = $1`, [leg.id, logId, now]);
    return { leg: { ...leg, outreach_log_id: logId } };
  });
  if ('result' in claim) return claim.result;
  const leg = claim.leg;
  const agent = await deps.agent();
  const fail = async (message: string, code: number | null) => {
    await deps.db.query(`UPDATE call_legs SET status = 'failed', error_code = $2, error_message = $3, ended_at = $4, updated_at = $4 WHERE id = $1`, [leg.id, code, message, deps.clock.now()]);
    await recordOutreachResult(deps.db, leg.outreach_log_id!, 'failed');
    await agent.channelClosed({ conversationId: leg.conversation_id, reason: 'no_answer', at: deps.clock.now().toISOString() }).catch(() => {});
    return 'failed' as const;
  };
  let greeting: string;
  try {
    ({ openingLine: greeting } = await agent.open({ conversationId: leg.conversation_id, channel: 'voice', contactId: leg.contact_id, play: leg.play, lang: leg.lang }));
  } catch (err) {
    deps.log.error({ err, leg: leg.id }, 'call not placed: the conversation could not be opened');
    return fail('the conversation could not be opened', null);
  }
  const client = await deps.twilio();
  const cb = (path: string) => publicUrl(deps.config, path);
  try {
    const call = await client.calls.create({
      to: leg.to_number,
      from: leg.from_number,
      twiml: relayTwiml(deps.config, { legId: leg.id, conversationId: leg.conversation_id, lang: leg.lang, greeting, stopKey: deps.voice.stopKey }),
      statusCallback: cb(voicePaths.status(leg.id)),
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      machineDetection: 'Enable',
      asyncAmd: 'true',
      asyncAmdStatusCallback: cb(voicePaths.amd(leg.id)),
      asyncAmdStatusCallbackMethod: 'POST',
      timeout: deps.voice.ringTimeout,
      timeLimit: 15 * 60,
    });
    // a status callback may have come first: only a leg still 'dialing' takes the API's status
    await deps.db.query(
      `UPDATE call_legs SET sid = $2, status = CASE WHEN status = 'dialing' THEN $3 ELSE status END, updated_at = $4 WHERE id = $1`,
      [leg.id, call.sid, call.status, deps.clock.now()],
    );
    return 'dialled';
  } catch (e) {
    const err = e as { code?: number; status?: number; message?: string };
    if (typeof err.code !== 'number' || typeof err.status !== 'number') {
      // no answer from Twilio: the call may have been placed, so it is not placed again ('dialing' stays)
      deps.log.error({ err: e, leg: leg.id }, 'calls.create got no answer from Twilio; not retried');
      return 'failed';
    }
    return fail(err.message ?? 'refused by Twilio', err.code);
  }
}

/** Legs due now, dialled in order (the sweep; a retry waits here until due). */
export async function placeDueCalls(deps: VoiceDeps, now: Date, limit = 50): Promise<number> {
  const { rows } = await deps.db.query<{ id: string }>(`SELECT id FROM call_legs WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, id LIMIT $2`, [now, limit]);
  let n = 0;
  for (const { id } of rows) if ((await placeCall(deps, id)) !== 'skipped') n++;
  return n;
}

/** A call now to a contact, outside the planner (the API, tests); the policy decides when it dials. */
export async function startCall(deps: VoiceDeps, c: { contactId: string; play: Play; purpose?: Purpose; at?: Date }): Promise<{ legId: string; conversationId: string }> {
  const { rows } = await deps.db.query<{ account_id: string; phone: string | null; language: string }>('SELECT account_id, phone, language FROM contacts WHERE id = $1', [c.contactId]);
  const contact = rows[0];
  if (!contact) throw new TenureError('not_found', `Contact ${c.contactId} does not exist`);
  if (!contact.phone) throw new TenureError('conflict', `Contact ${c.contactId} has no phone number to call`);
  const now = deps.clock.now();
  const legId = newId('leg');
  await queueCall(deps.db, fromNumberFor(deps.config), now, {
    id: legId, contactId: c.contactId, accountId: contact.account_id, toNumber: contact.phone, lang: contact.language, play: c.play, purpose: c.purpose ?? 'service', dueAt: c.at ?? now,
  });
  return { legId, conversationId: `conv_${legId}` };
}
