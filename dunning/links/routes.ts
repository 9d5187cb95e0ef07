import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { stripeFor } from '../stripe';
import { dunningSettings } from '../retry/settings';
import { openPayLink, setPayLinkDefaults } from './pay-links';

// GET /pay/:token — public (the token is the credential), outside /v1. No request log line: the URL
// carries the token; what happened is in pay_links (opened_count), by its hash.

const page = (text: string) => `<!doctype html><meta charset="utf-8"><title>Payment</title><p>${text}</p>`;

export const payLinkRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  setPayLinkDefaults({ baseUrl: ctx.config.publicBaseUrl, days: dunningSettings().TENURE_DUNNING_LINK_DAYS });
  app.get(
    '/pay/:token',
    {
      schema: { hide: true, params: z.object({ token: z.string().max(200) }) },
      config: { requestLog: false },
    },
    async (req, reply) => {
      try {
        const opened = await openPayLink(ctx.db, ctx.clock, () => stripeFor(ctx.config), req.params.token, `${ctx.config.publicBaseUrl}/pay/done`);
        reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        if (opened.kind === 'gone') return reply.code(410).type('text/html').send(page('This payment link is no longer valid. If a payment is still due, we will send you a new one.'));
        return reply.redirect(opened.location, 303);
      } catch (err) {
        // logged without the request (its URL holds the token)
        req.log.error({ err: { message: (err as Error).message } }, 'pay link could not be opened');
        return reply.code(503).type('text/html').send(page('We could not open the payment page just now. Please try the link again in a few minutes.'));
      }
    },
  );
  app.get('/pay/done', { schema: { hide: true }, config: { requestLog: false } }, async (_req, reply) =>
    reply.type('text/html').send(page('Thank you. Your payment details are updated; we will take care of the open payment now.')));
};
