import twilio from 'twilio';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppress } from '../../../agent/policy/suppress';
import { agentFor } from '../../../agent/runtime';
import { parseRelayMessage } from '../../../telephony/voice/messages';
import { placeCall, placeDueCalls, startCall } from '../../../telephony/voice/place';
import { parseRelay } from '../../../telephony/simulator/voice/calls';
import { SANDBOX_AUTH_TOKEN } from '../../../telephony/twilio';
import { sandboxClock, sandboxClockWork } from '../../../telephony/voice/sandbox-clock';
import { PUBLIC, voiceWorld, type VoiceWorld } from './world';

// The call's edges: the signed WebSocket upgrade, the signed callbacks, at-most-once dialling, the
// TwiML, barge-in, a dropped socket (reconnected once, then closed with the transcript kept), and the
// retry rule of a no-answer (asked of the policy again when due).

let w: VoiceWorld;
let appUrl: string;
beforeAll(async () => {
  w = await voiceWorld();
  const addr = w.rt.app!.server.address() as { port: number };
  appUrl = `http://127.0.0.1:${addr.port}`;
});
afterAll(async () => w?.close());

const turns = async (conversationId: string) =>
  (await w.rt.db.query<any>('SELECT seq, role, text, interrupted FROM turns WHERE conversation_id = $1 ORDER BY seq', [conversationId])).rows;

function upgrade(path: string, signature: string | null): Promise<number> {
  const ws = new WebSocket(`ws://127.0.0.1:${appUrl.split(':')[2]}${path}`, { headers: signature ? { 'x-twilio-signature': signature } : {} });
  return new Promise((resolve) => {
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

describe('the ConversationRelay WebSocket', () => {
  it('answers a forged or unsigned upgrade with 403, a signed one with the socket', async () => {
    const { legId } = await startCall(w.deps, { contactId: 'con_price-en', play: 'health_check' });
    const path = `/webhooks/twilio/voice/${legId}/relay`;
    const wss = PUBLIC.replace(/^http/, 'ws') + path;
    expect(await upgrade(path, null)).toBe(403);
    expect(await upgrade(path, twilio.getExpectedTwilioSignature('not-the-token-0123456789', wss, {}))).toBe(403);
    // signed for another leg's URL
    expect(await upgrade(path, twilio.getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, `${wss}x`, {}))).toBe(403);
    expect(await upgrade(path, twilio.getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, wss, {}))).toBe(101);
    await w.rt.db.query(`UPDATE call_legs SET status = 'canceled' WHERE id = $1`, [legId]);
  });

  it('refuses a forged status callback with 403 and changes nothing', async () => {
    const res = await fetch(`${appUrl}/webhooks/twilio/voice/leg_x/status`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' },
      body: new URLSearchParams({ CallSid: `CA${'0'.repeat(32)}`, CallStatus: 'completed', AccountSid: `AC${'0'.repeat(32)}` }).toString(),
    });
    expect(res.status).toBe(403);
  });

  it('parses every message form the docs show, numbers and booleans as strings too', () => {
    expect(parseRelayMessage('{"type":"interrupt","utteranceUntilInterrupt":"Life is","durationUntilInterruptMs":"460"}')).toMatchObject({ durationUntilInterruptMs: 460 });
    expect(parseRelayMessage('{"type":"interrupt","utteranceUntilInterrupt":"Life is","durationUntilInterruptMs":460}')).toMatchObject({ durationUntilInterruptMs: 460 });
    expect(parseRelayMessage('{"type":"prompt","voicePrompt":"hi","lang":"en-US","last":"false"}')).toMatchObject({ last: false });
    expect(parseRelayMessage('{"type":"dtmf","digit":1}')).toMatchObject({ digit: '1' });
    expect(parseRelayMessage('{"type":"error","description":"Invalid message received"}')).toMatchObject({ type: 'error' });
    expect(parseRelayMessage('{"type":"setup","sessionId":"VX1","callSid":"CA1","customParameters":{"conversationId":"c"}}')).toMatchObject({ type: 'setup' });
    expect(parseRelayMessage('{"type":"wat"}').type).toBe('invalid');
    expect(parseRelayMessage('not json').type).toBe('invalid');
  });
});

describe('placing a call', () => {
  it('is at most once: two jobs for the same leg dial once, with the relay TwiML', async () => {
    const { legId, conversationId } = await startCall(w.deps, { contactId: 'con_promoter-en', play: 'nps' });
    const before = w.sim.requests.filter((r) => r.path.endsWith('/Calls.json')).length;
    const results = await Promise.all([placeCall(w.deps, legId), placeCall(w.deps, legId), placeDueCalls(w.deps, w.clock.now())]);
    expect(results.slice(0, 2).sort()).toEqual(['dialled', 'skipped']);
    expect(w.sim.requests.filter((r) => r.path.endsWith('/Calls.json')).length - before).toBe(1);
    await w.settled();
    const call = w.sim.calls.at(-1)!;
    const leg = (await w.rt.db.query<any>('SELECT sid, status FROM call_legs WHERE id = $1', [legId])).rows[0];
    expect(leg).toEqual({ sid: call.sid, status: 'completed' });
    // a job run after the call changes nothing
    expect(await placeCall(w.deps, legId)).toBe('skipped');
    expect((await turns(conversationId))[0].role).toBe('agent');
  });

  it('builds the TwiML the research notes show: <Connect action> around <ConversationRelay> with language, greeting and the conversation id', async () => {
    const { relayTwiml } = await import('../../../telephony/voice/twiml');
    const xml = relayTwiml(w.rt.ctx.config, { legId: 'leg_1', conversationId: 'conv_leg_1', lang: 'fr', greeting: 'Bonjour Sam.', stopKey: '9' });
    const r = parseRelay(xml)!;
    expect(r).toEqual({
      url: 'wss://tenure.example.test/webhooks/twilio/voice/leg_1/relay', action: 'https://tenure.example.test/webhooks/twilio/voice/leg_1/action',
      greeting: 'Bonjour Sam. Si vous ne souhaitez plus recevoir ces appels, appuyez sur 9 à tout moment.', language: 'fr-FR',
      parameters: { conversationId: 'conv_leg_1', legId: 'leg_1' },
    });
    expect(xml).toContain('dtmfDetection="true"');
  });
});

describe('during the call', () => {
  it('reports each answered prompt\'s added latency, from its arrival to the first text frame, once', async () => {
    const timings: number[] = [];
    const listen = (ms: number) => timings.push(ms);
    w.rt.ctx.relayTimings.push(listen);
    try {
      const { conversationId } = await w.call('price-en');
      const customer = (await turns(conversationId)).filter((x: any) => x.role === 'customer');
      expect(customer.length).toBeGreaterThan(1);
      expect(timings).toHaveLength(customer.length);
      for (const ms of timings) expect(ms).toBeGreaterThan(0);
    } finally {
      w.rt.ctx.relayTimings.splice(w.rt.ctx.relayTimings.indexOf(listen), 1);
    }
  });

  it('an interrupt mid-sentence truncates the stored agent turn to what was heard', async () => {
    const { conversationId } = await w.call('technical-en');
    const t = await turns(conversationId);
    expect(t[0]).toMatchObject({ role: 'agent', text: 'Hello Sam. I\'m an', interrupted: true });
    expect(t.filter((x: any) => x.role === 'customer').map((x: any) => x.text)[0]).toMatch(/keeps crashing/);
  });

  it('a dropped socket keeps the transcript and reconnects once to the same conversation', async () => {
    const { conversationId, legId, call } = await w.call('budget-en');
    expect(call.sessions).toBe(2);
    expect(call.heard).toContain('Sorry, we were cut off. Where were we? If you would rather not get these calls, press 9 at any time.');
    const t = await turns(conversationId);
    expect(t.filter((x: any) => x.role === 'customer').map((x: any) => x.text)).toEqual([
      'Our budget was cut this quarter so we have to reduce spending on tools', 'No, nothing else', 'No, that is all, thank you',
    ]);
    expect((await w.rt.db.query<any>('SELECT reconnects, relay FROM call_legs WHERE id = $1', [legId])).rows[0]).toEqual({ reconnects: 1, relay: 'ended' });
  });

  it('a second drop ends the call: the conversation closes cleanly with what was said', async () => {
    const base = w.personas.find((p) => p.name === 'budget-en')!;
    w.sim.addVoicePersona({ ...base, name: 'drops-twice', script: [{ say: 'Our budget was cut this quarter' }, { drop: true }, { drop: true }] });
    const { conversationId, call } = await w.call('budget-en');
    w.sim.addVoicePersona(base);
    expect(call.sessions).toBe(2);
    expect(call.status).toBe('completed');
    const conv = (await w.rt.db.query<any>('SELECT status, end_reason FROM conversations WHERE id = $1', [conversationId])).rows[0];
    expect(conv).toEqual({ status: 'completed', end_reason: 'socket_error' });
    expect((await turns(conversationId)).some((x: any) => x.role === 'customer' && x.text === 'Our budget was cut this quarter')).toBe(true);
    expect((await w.rt.db.query<any>(`SELECT category FROM churn_reasons WHERE conversation_id = $1`, [conversationId])).rows).toEqual([{ category: 'budget' }]);
  });
});

describe('the end of a call', () => {
  it('the agent\'s `end`, then the socket closed at once (as Twilio closes it): the wrap-up still finishes in its own run, and nothing is logged as an error', async () => {
    const from = w.logged.length;
    const { conversationId, call } = await w.call('price-en');
    expect(call.frames.some((f: any) => f.type === 'end')).toBe(true);
    expect(w.logged.slice(from).filter((l) => l.level >= 50)).toEqual([]);
    // the run that said the last words wrote the wrap-up and its checkpoint: nothing is left for the voice sweep to redo
    const agent = await agentFor(w.rt.ctx.config, w.rt.db, w.rt.ctx.clock);
    expect((await w.rt.db.query<any>(`SELECT status, end_reason FROM conversations WHERE id = $1`, [conversationId])).rows[0]).toEqual({ status: 'completed', end_reason: 'completed' });
    expect((await w.rt.db.query<any>(`SELECT category FROM churn_reasons WHERE conversation_id = $1`, [conversationId])).rows).toEqual([{ category: 'price' }]);
    expect((await agent.graph.getState({ configurable: { thread_id: conversationId } })).values.wrapped).toBe(true);
  });

  it('a hand-off goes out as `end` with its data, and the call hangs up (the owner gets the task)', async () => {
    const base = w.personas.find((p) => p.name === 'forgot-en')!;
    w.sim.addVoicePersona({ ...base, script: [{ say: 'Can I speak to a real person please?' }] });
    const { call, legId } = await w.call('forgot-en');
    w.sim.addVoicePersona(base);
    const end = call.frames.find((f: any) => f.type === 'end') as { handoffData: string };
    expect(JSON.parse(end.handoffData)).toMatchObject({ reasonCode: 'live-agent-handoff', summary: expect.any(String) });
    expect(call.transferredTo).toBeNull();
    expect((await w.rt.db.query<any>('SELECT relay, handoff->>\'reasonCode\' AS code FROM call_legs WHERE id = $1', [legId])).rows[0]).toEqual({ relay: 'ended', code: 'live-agent-handoff' });
  });

  it('a customer who goes silent is told goodbye and the conversation closes as idle', async () => {
    const base = w.personas.find((p) => p.name === 'no-results-en')!;
    w.sim.addVoicePersona({ ...base, script: [{ say: 'Hmm, let me think' }, { silent: true }] });
    process.env.TENURE_VOICE_SILENCE_SECONDS = '0.3';
    try {
      const { call, conversationId } = await w.call('no-results-en');
      expect(call.heard.at(-1)).toBe('It seems this is not a good moment. We will be in touch another time. Goodbye.');
      expect(call.frames.at(-1)).toEqual({ type: 'end', handoffData: JSON.stringify({ reasonCode: 'idle_timeout' }) });
      expect((await w.rt.db.query<any>('SELECT status, end_reason FROM conversations WHERE id = $1', [conversationId])).rows[0]).toEqual({ status: 'completed', end_reason: 'idle_timeout' });
    } finally {
      delete process.env.TENURE_VOICE_SILENCE_SECONDS;
      w.sim.addVoicePersona(base);
    }
  });

  it('TENURE_VOICEMAIL=none leaves an answering machine nothing', async () => {
    process.env.TENURE_VOICEMAIL = 'none';
    try {
      const { call } = await w.call('voicemail-en');
      expect(call.answeredBy).toBe('machine_end_beep');
      expect(call.voicemail).toBeNull();
    } finally {
      delete process.env.TENURE_VOICEMAIL;
    }
  });
});

describe('the retry rule', () => {
  it('a no-answer is tried again later, asked of the policy again, at most three times in all', async () => {
    await w.call('no-answer-en');
    const legs = async () => (await w.rt.db.query<any>(`SELECT attempt, status, due_at, outreach_log_id FROM call_legs WHERE contact_id = 'con_no-answer-en' ORDER BY attempt`)).rows;
    const first = await legs();
    expect(first.map((l: any) => [l.attempt, l.status])).toEqual([[1, 'no-answer'], [2, 'pending']]);
    // not before it is due
    expect(await placeDueCalls(w.deps, w.clock.now())).toBe(0);
    w.clock.set(first[1].due_at);
    await placeDueCalls(w.deps, w.clock.now());
    await w.settled();
    const second = await legs();
    expect(second.map((l: any) => [l.attempt, l.status])).toEqual([[1, 'no-answer'], [2, 'no-answer'], [3, 'pending']]);
    // the retry was logged by the policy's transaction: it counts against the caps
    expect(second[1].outreach_log_id).toEqual(expect.any(String));
    // the third would be a third service call to the account this week: the cap (2 a week) moves it
    w.clock.set(second[2].due_at);
    const calls = w.sim.calls.length;
    await placeDueCalls(w.deps, w.clock.now());
    expect(w.sim.calls.length).toBe(calls);
    const third = (await legs())[2];
    expect(third.status).toBe('pending');
    expect(third.due_at.getTime()).toBeGreaterThanOrEqual(first[0].due_at.getTime() + 7 * 86_400_000 - 60_000);
    w.clock.set(third.due_at);
    await placeDueCalls(w.deps, w.clock.now());
    await w.settled();
    // and it was the last: three attempts in all
    expect((await legs()).map((l: any) => [l.attempt, l.status])).toEqual([[1, 'no-answer'], [2, 'no-answer'], [3, 'no-answer']]);
  });

  it('a voicemail retry for a contact who opted out since is blocked, never dialled', async () => {
    const leg = (await w.rt.db.query<any>(`SELECT id, due_at FROM call_legs WHERE contact_id = 'con_voicemail-en' AND status = 'pending'`)).rows;
    const { legId } = leg.length ? { legId: leg[0].id } : { legId: null };
    if (!legId) {
      await w.call('voicemail-en');
    }
    const pending = (await w.rt.db.query<any>(`SELECT id, due_at FROM call_legs WHERE contact_id = 'con_voicemail-en' AND status = 'pending'`)).rows[0];
    await suppress(w.rt.db, w.clock, { contactId: 'con_voicemail-en', reason: 'opt_out_keyword', at: w.clock.now().toISOString() });
    if (pending.due_at > w.clock.now()) w.clock.set(pending.due_at);
    const calls = w.sim.calls.length;
    expect(await placeCall(w.deps, pending.id)).toBe('blocked');
    expect(w.sim.calls.length).toBe(calls);
  });
});

describe('sandbox time', () => {
  it('jumps to the next due call when nothing waits, and never back', async () => {
    await startCall(w.deps, { contactId: 'con_price-en', play: 'health_check', at: new Date(w.clock.now().getTime() + 6 * 3_600_000) });
    const next = (await w.rt.db.query<any>(`SELECT min(due_at) AS at FROM call_legs WHERE status = 'pending'`)).rows[0].at as Date;
    const clock = sandboxClock({ start: new Date(next.getTime() - 3_600_000), speed: 0, wall: () => 0 });
    const logged: string[] = [];
    const log = { info: (_o: object | string, m?: string) => void logged.push(m ?? ''), warn() {}, error() {} };
    const work = sandboxClockWork(clock);
    expect(await work.run(w.rt.db, clock.now(), log)).toBe(1);
    expect(clock.now().getTime()).toBe(next.getTime());
    expect(logged[0]).toMatch(/^sandbox time: \w{3} \d{2}:\d{2} Europe\/Paris \(jumped to the next callable moment\)$/);
    // something is due now: no jump
    expect(await work.run(w.rt.db, clock.now(), log)).toBe(0);
    expect(clock.now().getTime()).toBe(next.getTime());
  });
});
