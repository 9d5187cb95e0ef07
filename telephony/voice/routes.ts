import websocket from '@fastify/websocket';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import twilio from 'twilio';
import { z } from 'zod';
import { ErrorBody } from '../../server/error-handler';
import { TenureError } from '../../server/errors';
import { authTokenFor } from '../twilio';
import type { VoiceDeps } from './deps';
import { AmdCallback, CallStatusCallback, ConnectAction } from './params';
import { readLeg } from './place';
import { RelaySession, type SessionHooks } from './session';
import { receiveAmd, receiveCallStatus, receiveConnectAction } from './status';

// Voice's webhooks. `voiceWebhooks` is registered inside telephony/routes.ts's Twilio scope, so the
// form parsing and the X-Twilio-Signature check (403 before anything is looked up) are that scope's.
// `relayRoutes` is the ConversationRelay WebSocket: its upgrade is signature-checked here, for the
// wss:// URL the TwiML named (or its https:// form: which one Twilio signs is an open question in the
// research notes §8), with no parameters; a forged or unsigned upgrade gets 403 and no socket.

const LegParams = z.object({ leg: z.string().min(1).max(200) });
const Signed = z.looseObject({ 'x-twilio-signature': z.string().optional() });

export const voiceWebhooks = (deps: () => VoiceDeps): FastifyPluginAsyncZod => async (app) => {
  app.post('/webhooks/twilio/voice/:leg/status', {
    schema: {
      tags: ['webhooks'],
      summary: 'Twilio call status callback',
      description: 'initiated, ringing, answered (in-progress) and completed/busy/no-answer/failed for a call Tenure placed. Applied once per `CallSid` and `CallStatus`, only forward; the end closes the conversation and may queue a retry. Signed like every Twilio webhook.',
      headers: Signed, params: LegParams, body: CallStatusCallback,
      response: { 204: z.null(), '4XX': ErrorBody, '5XX': ErrorBody },
    },
    config: { requestLog: false },
  }, async (req, reply) => {
    await receiveCallStatus(deps(), req.params.leg, req.body);
    return reply.status(204).send(null);
  });

  app.post('/webhooks/twilio/voice/:leg/amd', {
    schema: {
      tags: ['webhooks'],
      summary: 'Twilio answering-machine detection result',
      description: 'A machine gets the configured short voicemail message (TENURE_VOICEMAIL=message, never a payment detail) or a silent hang-up, and the call is retried later within the policy.',
      headers: Signed, params: LegParams, body: AmdCallback,
      response: { 204: z.null(), '4XX': ErrorBody, '5XX': ErrorBody },
    },
    config: { requestLog: false },
  }, async (req, reply) => {
    await receiveAmd(deps(), req.params.leg, req.body);
    return reply.status(204).send(null);
  });

  app.post('/webhooks/twilio/voice/:leg/action', {
    schema: {
      tags: ['webhooks'],
      summary: 'ConversationRelay session ended (<Connect action>)',
      description: 'Answers TwiML: a transfer after a hand-off with a number, a hang-up after Tenure ended the session, or — when the socket dropped while the call is up — one reconnect to the same conversation.',
      headers: Signed, params: LegParams, body: ConnectAction,
      response: { 200: z.string().describe('TwiML'), '4XX': ErrorBody, '5XX': ErrorBody },
    },
    config: { requestLog: false },
  }, async (req, reply) => {
    return reply.type('text/xml').send(await receiveConnectAction(deps(), req.params.leg, req.body));
  });
};

export const relayRoutes = (deps: () => VoiceDeps, hooks: SessionHooks = {}): FastifyPluginAsyncZod => async (app) => {
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const config = app.tenure.config;
  app.addHook('onRequest', async (req) => {
    const header = req.headers['x-twilio-signature'];
    const https = config.publicBaseUrl + req.url;
    const wss = https.replace(/^http/, 'ws');
    const token = authTokenFor(config);
    const ok = typeof header === 'string' && (twilio.validateRequest(token, header, wss, {}) || twilio.validateRequest(token, header, https, {}));
    if (!ok) {
      req.log.warn({ url: req.url }, 'relay upgrade refused: missing or forged signature');
      throw new TenureError('forbidden', 'Missing or invalid X-Twilio-Signature: only Twilio may open this socket');
    }
  });
  app.get('/webhooks/twilio/voice/:leg/relay', { websocket: true, schema: { hide: true, params: LegParams } }, async (socket, req) => {
    const d = deps();
    const { leg: legId } = req.params as { leg: string };
    // frames that arrive while the leg is read are kept, in order
    const early: string[] = [];
    let session: RelaySession | null = null;
    let gone = false;
    const closed = (s: RelaySession) => void s.closed().catch((err: unknown) => d.log.error({ err, leg: legId }, 'relay: close failed'));
    socket.on('message', (data) => (session ? session.receive(data.toString()) : early.push(data.toString())));
    socket.on('close', () => {
      gone = true;
      if (session) closed(session);
    });
    const leg = await readLeg(d.db, legId);
    if (!leg) return socket.close(1008, 'unknown call');
    session = new RelaySession(d, leg, (m) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(m)), () => socket.close(1000), hooks);
    for (const m of early) session.receive(m);
    if (gone) closed(session);
  });
};
