import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../server/error-handler';
import { TenureError } from '../server/errors';
import { storeWebhookEvent } from '../server/webhooks';
import { intakeNudger } from './intake';
import { SIGNATURE_TOLERANCE_SECONDS, stripeOffline, webhookSecretFor } from './stripe';
import { StripeEvent } from './stripe-shapes';

// POST /webhooks/stripe: public, authenticated by Stripe's signature instead of an API key (app.ts
// checks keys on /v1 only). The signature is checked by the stripe SDK on the raw body as it arrived
// (300 s tolerance; any of several v1 signatures, as during secret rotation); the event is stored once
// by its id — one INSERT … ON CONFLICT DO NOTHING, its own transaction, committed before the 2xx —
// and the work is left to the intake job (intake.ts).

const Ack = z.object({ received: z.literal(true), duplicate: z.boolean() });

export const dunningRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  const nudge = intakeNudger(() => ctx.queue, app.log);
  // this plugin's routes only: keep the body as the bytes Stripe signed
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post(
    '/webhooks/stripe',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Stripe webhook intake',
        description:
          'Stripe events (invoice.payment_failed, invoice.payment_action_required, payment_intent.payment_failed, charge.failed, invoice.paid, ' +
          'invoice.payment_succeeded, invoice.updated, invoice.marked_uncollectible, customer.subscription.updated / .deleted). Authenticated by the ' +
          '`Stripe-Signature` header (HMAC-SHA256 of `t.body` with the endpoint secret; 300 s tolerance), not by an API key. Each event is stored once ' +
          'by its id before the 200; the same event again answers 200 with `duplicate: true`. A missing, forged or stale signature answers 400 and stores nothing.',
        headers: z.looseObject({ 'stripe-signature': z.string().optional() }),
        // documents the envelope; the body itself is checked by its signature first, then parsed (below)
        body: StripeEvent,
        response: { 200: Ack, '4XX': ErrorBody, '5XX': ErrorBody },
      },
      // the body stays the raw bytes Stripe signed: nothing may parse or reshape it before the check
      validatorCompiler: (route) => (route.httpPart === 'body' ? (data: unknown) => ({ value: data }) : validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0])),
    },
    async (req) => {
      const raw: unknown = req.body;
      if (!Buffer.isBuffer(raw) || raw.length === 0) throw new TenureError('invalid_request', 'Send the Stripe event as the request body');
      const header = req.headers['stripe-signature'];
      if (!header) throw new TenureError('invalid_request', 'Missing Stripe-Signature header: only Stripe may call this endpoint');
      let event: unknown;
      try {
        event = stripeOffline.webhooks.constructEvent(raw, header, webhookSecretFor(ctx.config), SIGNATURE_TOLERANCE_SECONDS, undefined, ctx.clock.now().getTime());
      } catch (e) {
        throw new TenureError('invalid_request', `Stripe signature check failed: ${(e as Error).message.split('\n')[0]}`);
      }
      const parsed = StripeEvent.safeParse(event);
      if (!parsed.success) {
        throw new TenureError('invalid_request', 'Signed, but not a Stripe event', parsed.error.issues.map((i) => ({ field: `body.${i.path.join('.')}`, message: i.message })));
      }
      const stored = await storeWebhookEvent(ctx.db, ctx.clock, 'stripe', parsed.data.id, raw.toString('utf8'));
      if (stored) nudge();
      return { received: true as const, duplicate: !stored };
    },
  );
};
