import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCall } from '../../../telephony/voice/place';
import { receiveCallStatus, receiveConnectAction } from '../../../telephony/voice/status';
import { CALL_END_GRACE_MS, closeLeftOpen, LEFT_OPEN_AFTER_MS, workVoice } from '../../../telephony/voice/work';
import { voiceWorld, type VoiceWorld } from './world';

// A status callback is one statement (status.ts): stored once per (CallSid, CallStatus), the leg
// moved only forward, and nothing stored for a call that is not this leg's. The end of a call is
// worked after the reply, once, from the stored callback.

let w: VoiceWorld;
beforeAll(async () => {
  w = await voiceWorld();
});
afterAll(async () => w?.close());

const SID = `CA${'ab'.repeat(16)}`;
const OTHER = `CA${'cd'.repeat(16)}`;
const ACCOUNT = `AC${'0'.repeat(32)}`;
const leg = async (id: string) => (await w.rt.db.query<{ sid: string | null; status: string }>('SELECT sid, status FROM call_legs WHERE id = $1', [id])).rows[0]!;
const stored = async (eventId: string) =>
  (await w.rt.db.query<{ processed: boolean }>(`SELECT processed_at IS NOT NULL AS processed FROM webhook_events WHERE provider = 'twilio' AND event_id = $1`, [eventId])).rows;

/** A health-check call placed, its conversation opened and the call answered; `status` reads the conversation. */
async function answeredCall(sid: string) {
  const { legId, conversationId } = await startCall(w.deps, { contactId: 'con_price-en', play: 'health_check' });
  await w.rt.db.query(`UPDATE call_legs SET status = 'dialing' WHERE id = $1`, [legId]);
  await (await w.deps.agent()).open({ conversationId, channel: 'voice', contactId: 'con_price-en', play: 'health_check', lang: 'en' });
  expect(await receiveCallStatus(w.deps, legId, { CallSid: sid, AccountSid: ACCOUNT, CallStatus: 'in-progress' })).toBe('applied');
  const status = async () => (await w.rt.db.query<{ status: string; end_reason: string | null }>('SELECT status, end_reason FROM conversations WHERE id = $1', [conversationId])).rows[0];
  return { legId, status };
}

describe('a call status callback', () => {
  it('is applied once, only forward, and only for the call the leg placed', async () => {
    const { legId } = await startCall(w.deps, { contactId: 'con_price-en', play: 'health_check' });
    await w.rt.db.query(`UPDATE call_legs SET status = 'dialing' WHERE id = $1`, [legId]);

    expect(await receiveCallStatus(w.deps, legId, { CallSid: SID, AccountSid: ACCOUNT, CallStatus: 'ringing' })).toBe('applied');
    expect(await leg(legId)).toEqual({ sid: SID, status: 'ringing' });
    expect(await stored(`${SID}:ringing`)).toEqual([{ processed: true }]);

    // Twilio re-delivers: stored once, nothing applied twice
    expect(await receiveCallStatus(w.deps, legId, { CallSid: SID, AccountSid: ACCOUNT, CallStatus: 'ringing' })).toBe('duplicate');
    // a late "initiated" is kept but never moves the leg back
    expect(await receiveCallStatus(w.deps, legId, { CallSid: SID, AccountSid: ACCOUNT, CallStatus: 'initiated' })).toBe('stale');
    expect(await leg(legId)).toEqual({ sid: SID, status: 'ringing' });
    expect(await stored(`${SID}:initiated`)).toEqual([{ processed: true }]);

    // another call's SID for this leg: not found, and nothing stored
    await expect(receiveCallStatus(w.deps, legId, { CallSid: OTHER, AccountSid: ACCOUNT, CallStatus: 'in-progress' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await stored(`${OTHER}:in-progress`)).toEqual([]);
    await expect(receiveCallStatus(w.deps, 'leg_missing', { CallSid: OTHER, AccountSid: ACCOUNT, CallStatus: 'ringing' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await stored(`${OTHER}:ringing`)).toEqual([]);

    expect(await receiveCallStatus(w.deps, legId, { CallSid: SID, AccountSid: ACCOUNT, CallStatus: 'in-progress' })).toBe('applied');
    expect(await leg(legId)).toEqual({ sid: SID, status: 'in-progress' });
  });

  it('answers a hung-up call before its wrap-up runs, and the wrap-up then closes the conversation', async () => {
    const sid = `CA${'12'.repeat(16)}`;
    const { legId, status } = await answeredCall(sid);
    // the customer hangs up mid-conversation: the socket closed without Tenure's end
    await w.rt.db.query(`UPDATE call_legs SET relay = 'dropped' WHERE id = $1`, [legId]);
    expect(await receiveCallStatus(w.deps, legId, { CallSid: sid, AccountSid: ACCOUNT, CallStatus: 'completed', CallDuration: '12' })).toBe('applied');
    expect(await status()).toEqual({ status: 'open', end_reason: null });
    await w.rt.ctx.afterReply.settled();
    expect(await status()).toEqual({ status: 'completed', end_reason: 'socket_error' });
  });

  it('does not wait for a wrap-up the agent is doing, and a conversation a crash left open is closed minutes later', async () => {
    const sid = `CA${'ef'.repeat(16)}`;
    const { legId, status } = await answeredCall(sid);
    // the agent said its last word and ended the session, then the process died before the wrap-up
    await w.rt.db.query(`UPDATE call_legs SET relay = 'ended' WHERE id = $1`, [legId]);
    expect(await receiveCallStatus(w.deps, legId, { CallSid: sid, AccountSid: ACCOUNT, CallStatus: 'completed', CallDuration: '40' })).toBe('applied');
    expect(await status()).toEqual({ status: 'open', end_reason: null });
    // still within the time its own run would take: left alone
    expect(await closeLeftOpen(w.deps, w.clock.now())).toBe(0);
    expect(await closeLeftOpen(w.deps, new Date(w.clock.now().getTime() + LEFT_OPEN_AFTER_MS + 60_000))).toBe(1);
    expect(await status()).toEqual({ status: 'completed', end_reason: 'hangup' });
    // and only once
    expect(await closeLeftOpen(w.deps, new Date(w.clock.now().getTime() + LEFT_OPEN_AFTER_MS + 60_000))).toBe(0);
  });
});

describe('the end of a call, stored and answered, then the process died', () => {
  it('is worked by the voice sweep once the grace has passed: the call recorded once, the conversation closed', async () => {
    const sid = `CA${'56'.repeat(16)}`;
    // a stored end that cannot be worked (no call has its SID) is older, and must not hold this one up
    const stray = `CA${'78'.repeat(16)}`;
    await w.rt.db.query(`INSERT INTO webhook_events (provider, event_id, received_at, payload) VALUES ('twilio', $1, $2, $3)`, [
      `${stray}:completed`, w.clock.now(), JSON.stringify({ CallSid: stray, AccountSid: ACCOUNT, CallStatus: 'completed' }),
    ]);
    const errors: string[] = [];
    const sweep = { ...w.deps, log: { ...w.deps.log, error: (_o: unknown, msg?: string) => void errors.push(msg ?? '') } };
    const { legId, status } = await answeredCall(sid);
    await w.rt.db.query(`UPDATE call_legs SET relay = 'dropped' WHERE id = $1`, [legId]);
    const calls = async () => (await w.rt.db.query(`SELECT 1 FROM events WHERE dedupe_key = $1`, [`twilio:call:${sid}`])).rows.length;
    // the reply went out; the work it started never ran
    const died = { ...w.deps, afterReply: () => {} };
    const completed = { CallSid: sid, AccountSid: ACCOUNT, CallStatus: 'completed' as const, CallDuration: '25' };
    expect(await receiveCallStatus(died, legId, completed)).toBe('applied');
    expect(await stored(`${sid}:completed`)).toEqual([{ processed: false }]);
    expect(await leg(legId)).toEqual({ sid, status: 'completed' });
    expect([await calls(), await status()]).toEqual([0, { status: 'open', end_reason: null }]);
    // Twilio delivers it again: already stored, nothing more to do
    expect(await receiveCallStatus(died, legId, completed)).toBe('duplicate');
    // within the grace it is left to the work the webhook started
    expect(await workVoice(w.deps, w.clock.now())).toBe(0);
    const later = new Date(w.clock.now().getTime() + CALL_END_GRACE_MS + 1000);
    expect(await workVoice(sweep, later)).toBe(1);
    expect([await calls(), await status()]).toEqual([1, { status: 'completed', end_reason: 'socket_error' }]);
    expect(await stored(`${sid}:completed`)).toEqual([{ processed: true }]);
    expect(errors).toEqual(['voice: the end of a call could not be worked']);
    expect(await stored(`${stray}:completed`)).toEqual([{ processed: false }]);
    expect(await workVoice(sweep, later)).toBe(0);
    expect(await calls()).toBe(1);
    await w.rt.db.query(`DELETE FROM webhook_events WHERE event_id = $1`, [`${stray}:completed`]);
  });
});

describe('a <Connect action> callback after the customer hung up', () => {
  it('answers with a hang-up before the wrap-up runs, and the wrap-up then closes the conversation', async () => {
    const sid = `CA${'34'.repeat(16)}`;
    const { legId, status } = await answeredCall(sid);
    // the caller hung up: the socket closed without Tenure's end, and the session's end is reported
    await w.rt.db.query(`UPDATE call_legs SET relay = 'dropped' WHERE id = $1`, [legId]);
    const twiml = await receiveConnectAction(w.deps, legId, { CallSid: sid, AccountSid: ACCOUNT, CallStatus: 'completed', SessionStatus: 'ended' });
    expect(twiml).toContain('<Hangup/>');
    expect(await status()).toEqual({ status: 'open', end_reason: null });
    await w.rt.ctx.afterReply.settled();
    expect(await status()).toEqual({ status: 'completed', end_reason: 'hangup' });
  });
});
