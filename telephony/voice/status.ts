import type { CloseReason } from '../../agent/contracts/conversation-port';
import { recordOutreachResult, type OutreachResult } from '../../agent/planner/send';
import type { Clock } from '../../db/clock';
import { namedOn } from '../../db/prepared';
import { withTransaction, type Queryable, type Tx } from '../../db/transaction';
import { notFound } from '../../server/errors';
import { markWebhookProcessed, pendingWebhookEvents, storeWebhookEvent } from '../../server/webhooks';
import { recordEvents } from '../../ingest/events/store';
import type { VoiceDeps } from './deps';
import { CallStatusCallback, type AmdCallback, type ConnectAction } from './params';
import { queueCall, readLeg, type Leg } from './place';
import { retryDelayMs } from './settings';
import { dialTwiml, hangupTwiml, relayTwiml, voicemailTwiml } from './twiml';
import { voiceText } from './texts';

// A call's webhooks. Status callbacks are stored once per (CallSid, CallStatus) and move the leg only
// forward, in one statement that is the whole answer to Twilio. The end of a call (completed, busy,
// no answer, failed) is then worked after the reply, as server/webhooks.ts's stored events are: what
// became of the outreach, the next attempt for busy, no answer and voicemail (the policy is asked
// again when it is due, place.ts), the call as an event of the account's history, and the
// conversation closed when the agent did not close it (a hang-up, no answer). The stored callback is
// marked processed by that work's transaction, so it happens once; a crash in between leaves it to
// the voice sweep (workStoredCallEnds).

const RANK = `CASE $S WHEN 'pending' THEN 0 WHEN 'dialing' THEN 1 WHEN 'queued' THEN 2 WHEN 'initiated' THEN 3 WHEN 'ringing' THEN 4
  WHEN 'in-progress' THEN 5 ELSE 9 END`;
const rank = (expr: string) => RANK.replace('$S', expr);
const TERMINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const isMachine = (answeredBy: string | null | undefined) => !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax');

async function storeOnce(tx: Tx, clock: Clock, eventId: string, payload: unknown): Promise<boolean> {
  if (!(await storeWebhookEvent(tx, clock, 'twilio', eventId, JSON.stringify(payload)))) return false;
  await tx.query(`UPDATE webhook_events SET processed_at = $3 WHERE provider = $1 AND event_id = $2`, ['twilio', eventId, clock.now()]);
  return true;
}

/**
 * One statement stores a status callback and applies it: the leg as it was before (locked), the
 * callback stored once per (CallSid, CallStatus) in `webhook_events` (server/webhooks.ts's table),
 * and the leg moved forward only when this call stored it. A callback that leaves nothing to do is
 * stored processed; the end of a call that moved the leg is stored pending, for callEndWork. 200
 * calls' callbacks arrive together: one round trip each, and the reply waits for nothing else.
 */
const APPLY_STATUS = `
  WITH leg AS (SELECT * FROM call_legs WHERE id = $1 FOR UPDATE),
       stored AS (INSERT INTO webhook_events (provider, event_id, received_at, payload, processed_at)
                  SELECT 'twilio', $9, $8, $10::jsonb, CASE WHEN $7 AND ${rank('leg.status')} < ${rank('$3::text')} THEN NULL ELSE $8::timestamptz END
                  FROM leg WHERE leg.sid IS NULL OR leg.sid = $2
                  ON CONFLICT (provider, event_id) DO NOTHING RETURNING id),
       moved AS (UPDATE call_legs SET sid = coalesce(sid, $2), status = $3, answered_by = coalesce(answered_by, $4), duration_s = coalesce($5, duration_s),
                   error_code = coalesce($6, error_code), ended_at = CASE WHEN $7 THEN $8 ELSE ended_at END, updated_at = $8
                 WHERE id = $1 AND EXISTS (SELECT 1 FROM stored) AND ${rank('status')} < ${rank('$3::text')} RETURNING 1)
  SELECT leg.*, (SELECT id::text FROM stored) AS callback_id, EXISTS (SELECT 1 FROM moved) AS leg_moved FROM leg`;

async function applyStatus(q: Queryable, clock: Clock, legId: string, p: CallStatusCallback): Promise<{ storedId: string | null; moved: boolean }> {
  const now = clock.now();
  const { rows } = await q.query<Leg & { callback_id: string | null; leg_moved: boolean }>(namedOn(q, 'tenure_call_status', APPLY_STATUS), [
    legId, p.CallSid, p.CallStatus, p.AnsweredBy ?? null, p.CallDuration ? Number(p.CallDuration) : null, p.ErrorCode ? Number(p.ErrorCode) : null,
    TERMINAL.has(p.CallStatus), now, `${p.CallSid}:${p.CallStatus}`, JSON.stringify(p),
  ]);
  const row = rows[0];
  if (!row || (row.sid && row.sid !== p.CallSid)) throw notFound('Call', `${legId} (${p.CallSid})`);
  return { storedId: row.callback_id, moved: row.leg_moved };
}

export async function receiveCallStatus(deps: VoiceDeps, legId: string, p: CallStatusCallback): Promise<'applied' | 'duplicate' | 'stale'> {
  const { storedId, moved } = await applyStatus(deps.db, deps.clock, legId, p);
  if (!storedId) return 'duplicate';
  if (!moved) return 'stale';
  if (TERMINAL.has(p.CallStatus)) deps.afterReply(() => callEndWork(deps, storedId, p));
  return 'applied';
}

/**
 * The end of a call, from its stored callback (`webhook_events` row `storedId`): the outreach's
 * result, the retry and the call's event commit with the callback marked processed, or not at all;
 * then the conversation closes (its wrap-up runs) unless the agent's own run is closing it. Does
 * nothing for a callback already worked.
 */
export async function callEndWork(deps: VoiceDeps, storedId: string, p: CallStatusCallback): Promise<void> {
  const end = await withTransaction(deps.db, async (tx) => {
    if (!(await markWebhookProcessed(tx, deps.clock, storedId))) return null;
    const { rows } = await tx.query<Leg>(`SELECT * FROM call_legs WHERE sid = $1 FOR UPDATE`, [p.CallSid]);
    const leg = rows[0];
    if (!leg) throw notFound('Call', p.CallSid);
    if (p.CallStatus === 'completed' && leg.relay) await callCompleted(tx, deps.clock, leg, p);
    return callEnded(tx, deps, { ...leg, answered_by: leg.answered_by ?? p.AnsweredBy ?? null }, p.CallStatus);
  });
  if (end) await closeConversation(deps, end.conversationId, end.reason);
}

/** A call's end the process did not get to work (a crash after its callback was stored), once it is `graceMs` old. */
export async function workStoredCallEnds(deps: VoiceDeps, now: Date, graceMs: number, limit: number): Promise<number> {
  const due = now.getTime() - graceMs;
  // every other Twilio callback is stored processed: what is pending is a call's end
  const pending = (await pendingWebhookEvents(deps.db, 'twilio', limit)).filter((e) => e.received_at.getTime() < due);
  let worked = 0;
  for (const e of pending) {
    // one that fails is logged and tried again next time; it does not hold up the others
    try {
      await callEndWork(deps, e.id, CallStatusCallback.parse(e.payload));
      worked++;
    } catch (err) {
      deps.log.error({ err, event: e.event_id }, 'voice: the end of a call could not be worked');
    }
  }
  return worked;
}

/**
 * Why the channel closed under a conversation, from how its call ended: a machine got the voicemail,
 * a completed call was hung up (or its socket dropped), anything else was never answered.
 */
export function closeReasonOf(leg: Pick<Leg, 'status' | 'relay' | 'answered_by'>): CloseReason {
  if (isMachine(leg.answered_by)) return 'voicemail';
  if (leg.status !== 'completed') return 'no_answer';
  return leg.relay === 'dropped' ? 'socket_error' : leg.relay ? 'hangup' : 'no_answer';
}

/** A call someone talked on is an event of the account's history (its duration is a signal; the account is marked for rescoring). */
async function callCompleted(tx: Tx, clock: Clock, leg: Leg, p: CallStatusCallback): Promise<void> {
  await recordEvents(tx, clock, [{
    kind: 'call.completed', account_id: leg.account_id, contact_id: leg.contact_id, occurred_at: clock.now().toISOString(), dedupe_key: `twilio:call:${p.CallSid}`,
    payload: { duration_s: Number(p.CallDuration ?? 0), topic: 'other', direction: 'outbound', conversation_id: leg.conversation_id },
  }], 'twilio', 'call.completed');
}

/** The outreach's result, and the retry, in the callback's work; the conversation closes after. */
async function callEnded(tx: Tx, deps: VoiceDeps, leg: Leg, status: string): Promise<{ conversationId: string; reason: CloseReason } | null> {
  if (isMachine(leg.answered_by)) return null; // the AMD callback handled it
  if (status === 'completed') {
    if (leg.outreach_log_id) await recordOutreachResult(tx, leg.outreach_log_id, leg.relay ? 'answered' : 'no_answer');
    // Tenure ended the session: the conversation's own run is wrapping it up (or has), and this
    // callback need not wait for it; a wrap-up a crash cut short is closed by the voice sweep
    if (leg.relay === 'ended') return null;
    return { conversationId: leg.conversation_id, reason: closeReasonOf({ ...leg, status }) };
  }
  const outcome = status === 'busy' || status === 'no-answer' ? status : 'failed';
  if (leg.outreach_log_id) await recordOutreachResult(tx, leg.outreach_log_id, outcome === 'failed' ? 'failed' : 'no_answer');
  await retry(tx, deps, leg, outcome);
  return { conversationId: leg.conversation_id, reason: closeReasonOf({ ...leg, status }) };
}

async function retry(tx: Tx, deps: VoiceDeps, leg: Leg, outcome: 'busy' | 'no-answer' | 'failed' | 'voicemail'): Promise<void> {
  const delay = retryDelayMs(outcome);
  if (delay === null || leg.attempt >= deps.voice.maxAttempts) return;
  const now = deps.clock.now();
  await queueCall(tx, leg.from_number, now, {
    contactId: leg.contact_id, accountId: leg.account_id, toNumber: leg.to_number, lang: leg.lang, play: leg.play, purpose: leg.purpose,
    dueAt: new Date(now.getTime() + delay), outreachId: leg.outreach_id, retryOf: leg.id, attempt: leg.attempt + 1,
  });
}

export async function closeConversation(deps: VoiceDeps, conversationId: string, reason: CloseReason): Promise<void> {
  const agent = await deps.agent();
  await agent.channelClosed({ conversationId, reason, at: deps.clock.now().toISOString() });
}

/**
 * Answering-machine detection (async: the call was already connected). A machine gets the short,
 * non-sensitive voicemail message or a silent hang-up, by configuration; the attempt counts as a
 * voicemail and the call is tried again later within the policy.
 */
export async function receiveAmd(deps: VoiceDeps, legId: string, p: AmdCallback): Promise<void> {
  const leg = await withTransaction(deps.db, async (tx) => {
    const l = await readLeg(tx, legId, true);
    if (!l || (l.sid && l.sid !== p.CallSid)) throw notFound('Call', `${legId} (${p.CallSid})`);
    if (!(await storeOnce(tx, deps.clock, `${p.CallSid}:amd`, p))) return null;
    await tx.query(`UPDATE call_legs SET answered_by = $2, updated_at = $3 WHERE id = $1`, [legId, p.AnsweredBy, deps.clock.now()]);
    if (!isMachine(p.AnsweredBy)) return null;
    if (l.outreach_log_id) await recordOutreachResult(tx, l.outreach_log_id, 'voicemail' satisfies OutreachResult);
    await retry(tx, deps, l, 'voicemail');
    return l;
  });
  if (!leg) return;
  const client = await deps.twilio();
  await client.calls(p.CallSid).update({ twiml: voicemailTwiml(leg.lang, deps.voice.voicemail === 'message') });
  deps.afterReply(() => closeConversation(deps, leg.conversation_id, 'voicemail'));
}

/**
 * <Connect action>: the relay session ended. After Tenure's `end`: a transfer when the hand-off
 * names a number, else hang up. After a dropped socket while the call is still up: reconnect once to
 * the same conversation ("sorry, we were cut off"); a second drop ends the call and the conversation.
 */
export async function receiveConnectAction(deps: VoiceDeps, legId: string, p: ConnectAction): Promise<string> {
  const leg = await readLeg(deps.db, legId);
  if (!leg || (leg.sid && leg.sid !== p.CallSid)) throw notFound('Call', `${legId} (${p.CallSid})`);
  const now = deps.clock.now();
  const handoff = p.HandoffData ? parseHandoff(p.HandoffData) : null;
  // an answering machine's session ended because its call was given the voicemail TwiML: no reconnect
  if (isMachine(leg.answered_by)) return hangupTwiml();
  if (leg.relay === 'ended') {
    if (handoff?.transferTo) return dialTwiml(handoff.transferTo);
    return hangupTwiml();
  }
  const stillUp = (p.CallStatus ?? 'in-progress') === 'in-progress';
  if (stillUp && leg.reconnects === 0) {
    const { rowCount } = await deps.db.query(`UPDATE call_legs SET reconnects = reconnects + 1, relay = 'reconnecting', updated_at = $2 WHERE id = $1 AND reconnects = 0`, [legId, now]);
    if (rowCount === 1) {
      return relayTwiml(deps.config, { legId, conversationId: leg.conversation_id, lang: leg.lang, greeting: voiceText('reconnected', leg.lang), stopKey: deps.voice.stopKey });
    }
  }
  // the hang-up TwiML does not depend on the wrap-up: it runs after Twilio has its answer, as for a
  // completed call (a crash in between leaves the conversation to the voice sweep)
  deps.afterReply(() => closeConversation(deps, leg.conversation_id, stillUp ? 'socket_error' : 'hangup'));
  return hangupTwiml();
}

function parseHandoff(s: string): { transferTo?: string } | null {
  try {
    const v = JSON.parse(s) as { transferTo?: unknown };
    return typeof v.transferTo === 'string' ? { transferTo: v.transferTo } : {};
  } catch {
    return null;
  }
}
