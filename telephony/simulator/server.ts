import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { z } from 'zod';
import { segmentsOf } from '../sms/segments';
import inboundTemplate from './golden/inbound-sms.json' with { type: 'json' };
import statusTemplate from './golden/status-callback.json' with { type: 'json' };
import type { Persona } from './personas';
import type { VoicePersona } from './voice/personas';
import { voiceNetwork, type SimCall } from './voice/calls';

// The local Twilio-compatible server (sandbox mode, tests, the benchmark), reached by the real
// `twilio` SDK. It answers the REST paths the SDK uses for messages (and accepts calls for the voice
// issue) with Twilio's JSON and error bodies, and plays the network: for each text it posts the
// signed status callbacks in order (sent, then delivered or failed with the persona's error code),
// then the persona's next reply as a signed inbound webhook. A persona who texts a carrier opt-out
// word is opted out here as on Twilio: texting them again answers 400 with code 21610.

const TWILIO_OPT_OUT = new Set(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout']);
const TWILIO_OPT_IN = new Set(['start', 'unstop', 'yes']);

export interface SimMessage {
  sid: string;
  direction: 'outbound-api' | 'inbound' | 'reply';
  from: string;
  to: string;
  body: string;
  status: string;
  error_code: number | null;
  num_segments: number;
  status_callback: string | null;
  date_created: string;
}

export interface Simulator {
  url: string;
  /** every REST request the SDK made: method and path */
  requests: { method: string; path: string; at: number }[];
  messages: SimMessage[];
  /** webhooks posted to Tenure and the status it answered */
  deliveries: { url: string; params: Record<string, string>; status: number; body: string }[];
  addPersona(p: Persona): void;
  /** voice: every call placed, as the network played it */
  calls: SimCall[];
  addVoicePersona(p: VoicePersona): void;
  /** resolves once every call placed so far has ended */
  callsDone(): Promise<void>;
  /** A customer texts Tenure (signed, as Twilio would). */
  inbound(from: string, body: string): Promise<{ status: number; body: string }>;
  /** Resolves once every callback and reply in flight has been delivered. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  authToken: string;
  /** the URL Tenure is known by: what webhooks are signed for */
  publicBaseUrl: string;
  /** where webhooks are actually posted (a proxy's job in production); defaults to publicBaseUrl */
  deliverTo?: () => string;
  /** Tenure's number: where inbound texts go */
  tenureNumber?: string;
  /** the inbound SMS webhook path configured on the number */
  smsPath?: string;
  port?: number;
  /** voice: who answers a number no voice persona has (sandbox: a persona picked by the number) */
  voiceFallback?: (phone: string) => VoicePersona | undefined;
}

const CreateMessage = z.object({
  To: z.string().regex(/^\+[1-9]\d{6,14}$/),
  From: z.string().min(1),
  Body: z.string().min(1).max(1600),
  StatusCallback: z.url().optional(),
});

const sid = (prefix: string) => prefix + randomBytes(16).toString('hex');

function twilioError(status: number, code: number, message: string) {
  return JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const personas = new Map<string, { persona: Persona; received: number; failures: number }>();
  const optedOut = new Set<string>();
  const requests: Simulator['requests'] = [];
  const messages: SimMessage[] = [];
  const deliveries: Simulator['deliveries'] = [];
  const tenureNumber = opts.tenureNumber ?? '+15005550006';
  const smsPath = opts.smsPath ?? '/webhooks/twilio/sms';
  // one chain per phone keeps a conversation's callbacks and replies in order
  const chains = new Map<string, Promise<void>>();
  let accountSid = '';
  const voicePersonas = new Map<string, VoicePersona>();

  const target = (publicUrl: string) => {
    const base = opts.deliverTo?.() ?? opts.publicBaseUrl;
    return publicUrl.startsWith(opts.publicBaseUrl) ? base + publicUrl.slice(opts.publicBaseUrl.length) : publicUrl;
  };

  async function post(publicUrl: string, params: Record<string, string>): Promise<{ status: number; body: string }> {
    const signature = twilio.getExpectedTwilioSignature(opts.authToken, publicUrl, params);
    const res = await fetch(target(publicUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    const body = await res.text();
    deliveries.push({ url: publicUrl, params, status: res.status, body });
    return { status: res.status, body };
  }

  const voice = voiceNetwork({
    authToken: opts.authToken,
    accountSid: () => accountSid,
    post: (url, params) => post(url, params),
    // the relay's wss:// URL is reached at the delivery address over ws://
    target: (url) => target(url.replace(/^ws/, 'http')).replace(/^http/, 'ws'),
    persona: (phone) => voicePersonas.get(phone) ?? opts.voiceFallback?.(phone),
  });

  function enqueue(phone: string, work: () => Promise<void>): void {
    const next = (chains.get(phone) ?? Promise.resolve()).then(work).catch(() => {});
    chains.set(phone, next);
  }

  async function statusCallback(m: SimMessage, status: string, errorCode: number | null): Promise<void> {
    m.status = status;
    m.error_code = errorCode;
    if (!m.status_callback) return;
    const { ErrorCode: _omit, ...base } = statusTemplate;
    const params: Record<string, string> = { ...base, SmsSid: m.sid, MessageSid: m.sid, SmsStatus: status, MessageStatus: status, To: m.to, From: m.from, AccountSid: accountSid };
    if (errorCode !== null) params.ErrorCode = String(errorCode);
    await post(m.status_callback, params);
  }

  /** A text arrives at Tenure's number, signed; TwiML <Message> replies are "sent" back to the sender. */
  async function inbound(from: string, body: string): Promise<{ status: number; body: string }> {
    const word = body.trim().toLowerCase();
    if (TWILIO_OPT_OUT.has(word)) optedOut.add(from);
    if (TWILIO_OPT_IN.has(word)) optedOut.delete(from);
    const messageSid = sid('SM');
    messages.push({ sid: messageSid, direction: 'inbound', from, to: tenureNumber, body, status: 'received', error_code: null, num_segments: segmentsOf(body).segments, status_callback: null, date_created: new Date().toUTCString() });
    const params: Record<string, string> = {
      ...inboundTemplate, SmsMessageSid: messageSid, SmsSid: messageSid, MessageSid: messageSid, Body: body, From: from, To: tenureNumber,
      AccountSid: accountSid || inboundTemplate.AccountSid, NumSegments: String(segmentsOf(body).segments),
    };
    const res = await post(opts.publicBaseUrl + smsPath, params);
    for (const m of res.body.matchAll(/<Message>([\s\S]*?)<\/Message>/g)) {
      const text = m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
      messages.push({ sid: sid('SM'), direction: 'reply', from: tenureNumber, to: from, body: text, status: 'delivered', error_code: null, num_segments: segmentsOf(text).segments, status_callback: null, date_created: new Date().toUTCString() });
      const run = personas.get(from);
      if (run) run.received++;
    }
    return res;
  }

  /** The network's part after the API accepted a text: callbacks in order, then the persona's answer. */
  function play(m: SimMessage): void {
    enqueue(m.to, async () => {
      const run = personas.get(m.to);
      const failure = run?.persona.failure;
      if (run && failure && run.failures < failure.times) {
        run.failures++;
        await statusCallback(m, 'sent', null);
        await statusCallback(m, failure.error_code === 30003 ? 'undelivered' : 'failed', failure.error_code);
        return;
      }
      await statusCallback(m, 'sent', null);
      await statusCallback(m, 'delivered', null);
      if (!run) return;
      const reply = run.persona.replies[run.received];
      run.received++;
      if (reply !== undefined) await inbound(m.to, reply);
    });
  }

  function createMessage(params: Record<string, string>): { status: number; body: string } {
    const p = CreateMessage.safeParse(params);
    if (!p.success) {
      const field = String(p.error.issues[0]!.path[0] ?? 'Body');
      return { status: 400, body: twilioError(400, 21604, `A '${field}' parameter is required or invalid.`) };
    }
    if (optedOut.has(p.data.To)) return { status: 400, body: twilioError(400, 21610, 'Attempt to send to unsubscribed recipient') };
    const now = new Date().toUTCString();
    const m: SimMessage = {
      sid: sid('SM'), direction: 'outbound-api', from: p.data.From, to: p.data.To, body: p.data.Body, status: 'queued', error_code: null,
      num_segments: segmentsOf(p.data.Body).segments, status_callback: p.data.StatusCallback ?? null, date_created: now,
    };
    messages.push(m);
    play(m);
    return { status: 201, body: JSON.stringify(resource(m)) };
  }

  function resource(m: SimMessage) {
    return {
      account_sid: accountSid, api_version: '2010-04-01', body: m.body, date_created: m.date_created, date_sent: null, date_updated: m.date_created,
      direction: m.direction, error_code: m.error_code, error_message: null, from: m.from, messaging_service_sid: null, num_media: '0',
      num_segments: String(m.num_segments), price: null, price_unit: 'USD', sid: m.sid, status: m.status, subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}/Media.json` },
      to: m.to, uri: `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}.json`,
    };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://twilio.local');
      const method = req.method ?? 'GET';
      requests.push({ method, path: url.pathname, at: Date.now() });
      const send = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/json', 'twilio-request-id': sid('RQ') });
        res.end(body);
      };
      const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      const [user, pass] = auth ? Buffer.from(auth[1]!, 'base64').toString().split(':') : [];
      const account = /^\/2010-04-01\/Accounts\/([^/]+)\//.exec(url.pathname)?.[1];
      if (!user || pass !== opts.authToken || account !== user) return send(401, twilioError(401, 20003, 'Authenticate'));
      accountSid = user;
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const rest = url.pathname.slice(`/2010-04-01/Accounts/${user}`.length);
      if (method === 'POST' && rest === '/Messages.json') {
        const r = createMessage(params);
        return send(r.status, r.body);
      }
      const one = /^\/Messages\/(SM[0-9a-f]{32})\.json$/.exec(rest);
      if (method === 'GET' && one) {
        const m = messages.find((x) => x.sid === one[1]);
        return m ? send(200, JSON.stringify(resource(m))) : send(404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
      }
      if (method === 'POST' && rest === '/Calls.json') {
        // a call is accepted (queued) and then played by the voice network (voice/calls.ts)
        const r = voice.create(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        return send(r.status, r.body);
      }
      const call = /^\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(rest);
      if (method === 'POST' && call) {
        const r = voice.update(call[1]!, new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        return r ? send(r.status, r.body) : send(404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
      }
      send(404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    messages,
    deliveries,
    addPersona: (p) => void personas.set(p.phone, { persona: p, received: 0, failures: 0 }),
    calls: voice.calls,
    addVoicePersona: (p) => void voicePersonas.set(p.phone, p),
    async callsDone() {
      for (let seen = -1; seen !== voice.calls.length; ) {
        seen = voice.calls.length;
        await Promise.all(voice.calls.map((c) => c.done));
      }
    },
    inbound: (from, body) => {
      const out = new Promise<{ status: number; body: string }>((resolve, reject) => enqueue(from, () => inbound(from, body).then(resolve, reject)));
      return out;
    },
    async idle() {
      // a delivery may enqueue more (a reply after a callback): wait until nothing new was chained
      for (;;) {
        const pending = [...chains.values()];
        await Promise.all(pending);
        if ([...chains.values()].every((c, i) => c === pending[i]) && chains.size === pending.length) return;
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // keep-alive connections of SDK clients would hold the close open
        server.closeAllConnections();
      }),
  };
}
