import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../server/error-handler';
import { TenureError } from '../server/errors';
import { receiveInbound } from './sms/inbound';
import { InboundSms, StatusCallback } from './sms/params';
import { receiveStatus } from './sms/status';
import { Lang, Play } from '../agent/contracts/common';
import { recordAudit } from '../server/audit';
import { smsDeps } from './jobs';
import { startSmsConversation } from './sms/start';
import { validSignature } from './twilio';
import { relayRoutes, voiceWebhooks } from './voice/routes';
import { voiceDeps } from './jobs';

// Twilio's webhooks, all under /webhooks/twilio/: outside /v1, so no API key; X-Twilio-Signature
// authenticates them, checked against PUBLIC_BASE_URL + the request's path (never the Host header)
// in every mode, before the body is validated and before anything is looked up — so a forged
// request to a route with a path parameter gets 403, not 404. Forged or unsigned: 403, no change.

const Params = z.record(z.string(), z.string());
const Signed = z.looseObject({ 'x-twilio-signature': z.string().optional().describe('HMAC-SHA1 (base64) of PUBLIC_BASE_URL + path + the sorted parameters, with the auth token') });

export const telephonyRoutes: FastifyPluginAsyncZod = async (app) => {
  // /v1 (JSON, API key): in a scope of its own, outside the webhooks' form parsing and signature check
  await app.register(smsApiRoutes);
  await app.register(twilioWebhooks);
  // the ConversationRelay WebSocket: its own scope (no form parsing; its upgrade is signature-checked there)
  await app.register(relayRoutes(() => voiceDeps(app.tenure, app.log), { onFirstToken: (ms) => app.tenure.relayTimings.forEach((f) => f(ms)) }));
};

const smsApiRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  app.post('/v1/sms/conversations', {
    schema: {
      tags: ['conversations'],
      summary: 'Start an SMS conversation with a contact',
      description:
        'Opens the conversation through the agent and queues its opening line as the first text, now or at `send_at`. The send job checks the ' +
        'opt-outs again when it is due. 409 when the contact has no phone or has opted out of texts.',
      body: z.strictObject({ contact_id: z.string().min(1), play: Play, lang: Lang.optional(), send_at: z.iso.datetime({ offset: true }).optional() }),
      response: { 201: z.object({ conversation_id: z.string(), message_id: z.string().nullable(), opening_line: z.string() }) },
    },
  }, async (req, reply) => {
    const b = req.body;
    const r = await startSmsConversation(smsDeps(ctx, req.log), { contactId: b.contact_id, play: b.play, lang: b.lang, at: b.send_at ? new Date(b.send_at) : undefined });
    await recordAudit(req, ctx.db, ctx.clock, r.conversationId, 201);
    return reply.status(201).send({ conversation_id: r.conversationId, message_id: r.messageId, opening_line: r.openingLine });
  });
};

const twilioWebhooks: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  const deps = () => smsDeps(ctx, app.log);
  // this plugin's routes only: Twilio posts forms; each parameter once (SMS webhooks have no arrays)
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, _body, done) => done(new TenureError('unsupported_media_type', 'Twilio webhooks are application/x-www-form-urlencoded')));

  app.addHook('preValidation', async (req) => {
    const body = Params.safeParse(req.body ?? {});
    const header = req.headers['x-twilio-signature'];
    const settings = req.headers['x-twilio-webhooks-signature-settings'];
    if (!body.success || !validSignature(ctx.config, typeof header === 'string' ? header : undefined, req.url, body.data, typeof settings === 'string' ? settings : undefined)) {
      req.log.warn({ url: req.url }, 'twilio webhook refused: missing or forged signature');
      throw new TenureError('forbidden', 'Missing or invalid X-Twilio-Signature: only Twilio may call this endpoint');
    }
  });

  app.post('/webhooks/twilio/sms', {
    schema: {
      tags: ['webhooks'],
      summary: 'Twilio inbound SMS',
      description:
        'A text to Tenure\'s number. Stored once by `MessageSid` (a re-delivery answers an empty `<Response/>`), then the turn is queued for the ' +
        'contact\'s open SMS conversation. STOP and the other opt-out words (English, French, Russian, and free-text revocations) are written to ' +
        'the suppressions before the answer, which is the one confirmation as TwiML; HELP/INFO answers the help text; START/UNSTOP/YES opts back in. ' +
        'Signed by Twilio (`X-Twilio-Signature` for `PUBLIC_BASE_URL` + this path): a missing or forged signature answers 403 and changes nothing.',
      headers: Signed,
      body: InboundSms,
      response: { 200: z.string().describe('TwiML'), '4XX': ErrorBody, '5XX': ErrorBody },
    },
    config: { requestLog: false },
  }, async (req, reply) => {
    const r = await receiveInbound(deps(), req.body);
    return reply.type('text/xml').send(r.twiml);
  });

  // voice's status, AMD and <Connect action> callbacks: this scope's form parsing and signature check
  await app.register(voiceWebhooks(() => voiceDeps(ctx, app.log)));

  app.post('/webhooks/twilio/sms/:id/status', {
    schema: {
      tags: ['webhooks'],
      summary: 'Twilio SMS status callback',
      description:
        'The delivery status of a text Tenure sent (`:id` is its message id). Applied once per `MessageSid` and `MessageStatus`, and only forward. ' +
        'A failure is handled by its `ErrorCode`: 21610 opted out, 30003 retried once, 30005/30006 the number is not textable. Signed like every Twilio webhook.',
      headers: Signed,
      params: z.object({ id: z.string().min(1).max(200) }),
      body: StatusCallback,
      response: { 204: z.null(), '4XX': ErrorBody, '5XX': ErrorBody },
    },
    config: { requestLog: false },
  }, async (req, reply) => {
    await receiveStatus(deps(), req.params.id, req.body);
    return reply.status(204).send(null);
  });
};
