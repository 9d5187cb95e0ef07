import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import WebSocket from 'ws';
import { z } from 'zod';
import type { VoicePersona, Step } from './personas';

// The simulator's voice network. calls.create is accepted (201, queued) and the call is then played:
// signed status callbacks in order (initiated, ringing, then answered or busy/no-answer), the
// answering-machine result for a machine, and for a person the TwiML's <ConversationRelay>: a signed
// WebSocket to its url, a `setup` with the <Parameter>s, then the persona's script as `prompt`,
// `interrupt` and `dtmf` frames, each after the agent finished its answer (`text` with last:true).
// When the session ends (Tenure's `end`, a hang-up, a dropped socket) the <Connect action> is posted
// and its TwiML followed: <Hangup/>, <Dial> (a transfer), or another <ConversationRelay> (reconnect).

export interface SimCall {
  sid: string;
  to: string;
  from: string;
  status: string;
  answeredBy: string | null;
  persona: string | null;
  /** what the customer heard: the greeting(s) and the agent's answers, one entry per turn */
  heard: string[];
  /** what the customer said or pressed, in order */
  said: string[];
  /** every frame Tenure sent on the relay sockets */
  frames: unknown[];
  sessions: number;
  voicemail: string | null;
  transferredTo: string | null;
  /** the WebSocket upgrade was refused with this HTTP status */
  refused: number | null;
  done: Promise<void>;
}

export interface VoiceNetworkOptions {
  authToken: string;
  accountSid: () => string;
  /** posts a signed webhook to Tenure; answers status and body */
  post(publicUrl: string, params: Record<string, string>): Promise<{ status: number; body: string }>;
  /** where a public (https or wss) URL is actually reached */
  target(publicUrl: string): string;
  persona(phone: string): VoicePersona | undefined;
  /** ms to wait for the agent to finish an answer before the persona gives up */
  answerTimeoutMs?: number;
}

const CreateCall = z.object({
  To: z.string().regex(/^\+[1-9]\d{6,14}$/),
  From: z.string().min(1),
  Twiml: z.string().min(1).max(4000),
  StatusCallback: z.url().optional(),
  AsyncAmdStatusCallback: z.url().optional(),
});

const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');
const unxml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unxml(m[1]!) : undefined;
};

interface Relay {
  url: string;
  action: string | undefined;
  greeting: string;
  language: string | undefined;
  parameters: Record<string, string>;
}

/** The <Connect><ConversationRelay> of a TwiML document, or null. */
export function parseRelay(twiml: string): Relay | null {
  const connect = /<Connect\b[^>]*>/.exec(twiml)?.[0];
  const relay = /<ConversationRelay\b[^>]*>/.exec(twiml)?.[0];
  if (!connect || !relay) return null;
  const parameters: Record<string, string> = {};
  for (const p of twiml.matchAll(/<Parameter\b[^>]*\/?>/g)) parameters[attr(p[0], 'name') ?? ''] = attr(p[0], 'value') ?? '';
  return { url: attr(relay, 'url') ?? '', action: attr(connect, 'action'), greeting: attr(relay, 'welcomeGreeting') ?? '', language: attr(relay, 'language'), parameters };
}

export function voiceNetwork(o: VoiceNetworkOptions) {
  const calls: SimCall[] = [];
  const updates = new Map<string, string>();
  const waitMs = o.answerTimeoutMs ?? 15_000;

  function create(params: URLSearchParams): { status: number; body: string } {
    const p = CreateCall.safeParse(Object.fromEntries(params));
    if (!p.success) {
      const field = String(p.error.issues[0]!.path[0] ?? 'To');
      return { status: 400, body: JSON.stringify({ code: 21205, message: `A '${field}' parameter is required or invalid.`, status: 400 }) };
    }
    const events = new Set(params.getAll('StatusCallbackEvent'));
    const persona = o.persona(p.data.To);
    const call: SimCall = {
      sid: sid('CA'), to: p.data.To, from: p.data.From, status: 'queued', answeredBy: null, persona: persona?.name ?? null,
      heard: [], said: [], frames: [], sessions: 0, voicemail: null, transferredTo: null, refused: null, done: Promise.resolve(),
    };
    calls.push(call);
    call.done = play(call, p.data, events, persona).catch(() => {});
    return { status: 201, body: JSON.stringify(resource(call)) };
  }

  /** calls(sid).update: new TwiML (a voicemail message) or status=completed (hang up). */
  function update(callSid: string, params: URLSearchParams): { status: number; body: string } | null {
    const call = calls.find((c) => c.sid === callSid);
    if (!call) return null;
    const twiml = params.get('Twiml');
    if (twiml) updates.set(callSid, twiml);
    if (params.get('Status') === 'completed' || params.get('Status') === 'canceled') updates.set(callSid, '<Response><Hangup/></Response>');
    return { status: 200, body: JSON.stringify(resource(call)) };
  }

  function resource(c: SimCall) {
    const account = o.accountSid();
    return { sid: c.sid, account_sid: account, to: c.to, from: c.from, status: c.status, direction: 'outbound-api', api_version: '2010-04-01', answered_by: c.answeredBy, uri: `/2010-04-01/Accounts/${account}/Calls/${c.sid}.json` };
  }

  async function play(call: SimCall, p: z.infer<typeof CreateCall>, events: Set<string>, persona: VoicePersona | undefined): Promise<void> {
    const started = Date.now();
    let seq = 0;
    const status = async (s: string, extra: Record<string, string> = {}) => {
      call.status = s;
      const terminal = ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(s);
      const event = s === 'in-progress' ? 'answered' : terminal ? 'completed' : s;
      if (!p.StatusCallback || (!events.has(event) && !(terminal && events.size === 0))) return;
      await o.post(p.StatusCallback, {
        AccountSid: o.accountSid(), ApiVersion: '2010-04-01', CallSid: call.sid, CallStatus: s, Direction: 'outbound-api', From: call.from, To: call.to,
        CallbackSource: 'call-progress-events', SequenceNumber: String(seq++), Timestamp: new Date().toUTCString(), ...extra,
      });
    };
    await status('initiated');
    await status('ringing');
    const answer = persona?.answer ?? 'no-answer';
    if (answer === 'busy' || answer === 'no-answer') return void (await status(answer, { CallDuration: '0' }));
    await status('in-progress');
    const duration = () => ({ CallDuration: String(Math.max(1, Math.round((Date.now() - started) / 1000))) });
    if (answer === 'machine') {
      call.answeredBy = 'machine_end_beep';
      if (p.AsyncAmdStatusCallback) await o.post(p.AsyncAmdStatusCallback, { AccountSid: o.accountSid(), CallSid: call.sid, AnsweredBy: call.answeredBy, MachineDetectionDuration: '2310' });
      const said = updates.get(call.sid);
      call.voicemail = said ? [...said.matchAll(/<Say\b[^>]*>([\s\S]*?)<\/Say>/g)].map((m) => unxml(m[1]!)).join(' ') || null : null;
      return void (await status('completed', { ...duration(), AnsweredBy: call.answeredBy }));
    }
    call.answeredBy = 'human';
    if (p.AsyncAmdStatusCallback) await o.post(p.AsyncAmdStatusCallback, { AccountSid: o.accountSid(), CallSid: call.sid, AnsweredBy: 'human', MachineDetectionDuration: '1200' });
    const script = [...(persona?.script ?? [])];
    let twiml = p.Twiml;
    for (;;) {
      const relay = parseRelay(twiml);
      if (!relay) break;
      const r = await session(call, relay, script);
      if (!relay.action) break;
      const params: Record<string, string> = {
        AccountSid: o.accountSid(), CallSid: call.sid, CallStatus: r.ended === 'hangup' ? 'completed' : 'in-progress', From: call.from, To: call.to,
        SessionId: r.sessionId, SessionStatus: r.ended === 'dropped' ? 'failed' : 'completed', SessionDuration: String(Math.round(r.ms / 1000)),
      };
      if (r.handoff) params.HandoffData = r.handoff;
      if (r.ended === 'dropped') Object.assign(params, { ErrorCode: '64105', ErrorMessage: 'ConversationRelay: WebSocket closed unexpectedly' });
      const res = await o.post(relay.action, params);
      if (r.ended === 'hangup') break;
      twiml = res.body;
      const dial = /<Dial\b[^>]*>([^<]+)<\/Dial>/.exec(twiml);
      if (dial) call.transferredTo = dial[1]!.trim();
    }
    await status('completed', { ...duration(), AnsweredBy: 'human' });
  }

  /** One ConversationRelay session: until Tenure ends it, the persona hangs up or drops, or the script runs out. */
  async function session(call: SimCall, relay: Relay, script: Step[]): Promise<{ ended: 'end' | 'hangup' | 'dropped'; handoff?: string; sessionId: string; ms: number }> {
    const t0 = Date.now();
    const sessionId = sid('VX');
    call.sessions++;
    call.heard.push(relay.greeting);
    const ws = new WebSocket(o.target(relay.url), { headers: { 'x-twilio-signature': twilio.getExpectedTwilioSignature(o.authToken, relay.url, {}) } });
    const refused = await new Promise<number | null>((resolve) => {
      ws.once('open', () => resolve(null));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => resolve(0));
    });
    if (refused !== null) {
      call.refused = refused;
      return { ended: 'hangup', sessionId, ms: Date.now() - t0 };
    }
    let answer = '';
    let handoff: string | undefined;
    let ended = false;
    let wake: (() => void) | null = null;
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as { type: string; token?: string; last?: boolean; handoffData?: string };
      call.frames.push(f);
      if (f.type === 'text') {
        answer += f.token ?? '';
        if (f.last) {
          if (answer) call.heard.push(answer);
          answer = '';
          wake?.();
        }
      } else if (f.type === 'end') {
        ended = true;
        handoff = f.handoffData;
        wake?.();
      }
    });
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.on('close', () => wake?.());
    const send = (m: object) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(m));
    /** until the agent finished its answer (or ended) */
    const answered = () => new Promise<void>((resolve) => {
      const t = setTimeout(resolve, waitMs);
      wake = () => {
        clearTimeout(t);
        wake = null;
        resolve();
      };
    });
    send({ type: 'setup', sessionId, accountSid: o.accountSid(), parentCallSid: '', callSid: call.sid, from: call.from, to: call.to, forwardedFrom: '', callType: 'PSTN', callerName: '', direction: 'outbound-api', callStatus: 'IN-PROGRESS', customParameters: relay.parameters });
    const lang = relay.language ?? 'en-US';
    while (!ended && script.length && ws.readyState === WebSocket.OPEN) {
      const step = script.shift()!;
      if ('say' in step) {
        call.said.push(step.say);
        const a = answered();
        send({ type: 'prompt', voicePrompt: step.say, lang: step.lang ? ({ en: 'en-US', fr: 'fr-FR', ru: 'ru-RU' } as Record<string, string>)[step.lang] ?? step.lang : lang, last: true });
        await a;
      } else if ('interrupt' in step) {
        const last = call.heard[call.heard.length - 1] ?? '';
        const heard = last.split(/\s+/).slice(0, step.interrupt.after_words).join(' ');
        call.heard[call.heard.length - 1] = heard;
        // the docs show the duration both as a number and as a string: the simulator sends the string
        send({ type: 'interrupt', utteranceUntilInterrupt: heard, durationUntilInterruptMs: String(heard.length * 60) });
      } else if ('press' in step) {
        call.said.push(`[${step.press}]`);
        const a = answered();
        send({ type: 'dtmf', digit: step.press });
        await a;
      } else if ('silent' in step) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 10 * waitMs);
          wake = () => {
            if (!ended && ws.readyState === WebSocket.OPEN) return;
            clearTimeout(t);
            resolve();
          };
        });
      } else if ('drop' in step) {
        ws.terminate();
        await closed;
        return { ended: 'dropped', sessionId, ms: Date.now() - t0 };
      } else {
        ws.close(1000);
        await closed;
        return { ended: 'hangup', sessionId, ms: Date.now() - t0 };
      }
    }
    if (!ended && ws.readyState === WebSocket.OPEN) {
      // the customer listens to the last answer (its TTS takes seconds): Tenure's `end` comes meanwhile
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 300);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    if (!ended) {
      // the script ran out (or the socket closed): the customer hangs up
      ws.close(1000);
      await closed;
      return { ended: 'hangup', sessionId, ms: Date.now() - t0 };
    }
    ws.close(1000);
    await closed;
    return { ended: 'end', handoff, sessionId, ms: Date.now() - t0 };
  }

  return { calls, create, update };
}
