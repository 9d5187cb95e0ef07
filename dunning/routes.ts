import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody } from '../server/error-handler';
import { TenureError } from '../server/errors';
import { CaseState } from './cases';
import { ReasonClass } from './contract';
import { FinanceView, financeView } from './finance';
import { intakeNudger } from './intake';
import { receiveStripeWebhook } from './receive';
import { StripeEvent } from './stripe-shapes';

// POST /webhooks/stripe: public, authenticated by Stripe's signature instead of an API key (app.ts
// checks keys on /v1 only); receive.ts checks and stores the event, the intake job works it.
// GET /v1/dunning/cases: the cases, as the view v_dunning_cases publishes them (no decline code).

const Ack = z.object({ received: z.literal(true), duplicate: z.boolean() });

const CaseRow = z.object({
  case_id: z.string(),
  account_id: z.string(),
  invoice_id: z.string(),
  subscription_id: z.string().nullable(),
  state: z.string(),
  outcome: z.string().nullable(),
  amount_due: z.number(),
  currency: z.string(),
  attempt_count: z.number(),
  reason_class: z.string(),
  hard: z.boolean(),
  retry: z.string(),
  customer_action: z.string(),
  reveal_reason: z.boolean(),
  cancellation_intent: z.boolean(),
  message_key: z.string(),
  next_retry_at: z.date().nullable(),
  opened_at: z.date(),
  closed_at: z.date().nullable(),
});

export const dunningRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  const nudge = intakeNudger(() => ctx.queue, app.log);
  // this plugin's routes only: the body stays the text Stripe signed, decoded once (the SDK signs and
  // checks text, so a body that is not UTF-8 fails the check)
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

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
        body: StripeEvent,
        response: { 200: Ack, '4XX': ErrorBody, '5XX': ErrorBody },
      },
      // The schemas above document the route; receive.ts checks the request itself, signature first:
      // nothing may parse or reshape the body before its signature is checked.
      validatorCompiler: () => (data: unknown) => ({ value: data }),
      // the answer is built here from two booleans: plain JSON, no per-request schema check
      serializerCompiler: () => (data: unknown) => JSON.stringify(data),
      // each acknowledged event is its row in webhook_events: no two log lines per delivery at
      // Stripe's rate (refusals are still logged, at warn)
      config: { requestLog: false },
    },
    async (req) => {
      const header = req.headers['stripe-signature'];
      try {
        const { stored } = await receiveStripeWebhook(ctx, typeof req.body === 'string' ? req.body : '', typeof header === 'string' ? header : undefined);
        if (stored) nudge();
        return { received: true as const, duplicate: !stored };
      } catch (e) {
        if (e instanceof TenureError && e.code === 'invalid_request') req.log.warn({ reason: e.message }, 'stripe webhook refused');
        throw e;
      }
    },
  );

  app.get(
    '/v1/dunning/cases',
    {
      schema: {
        tags: ['payments'],
        summary: 'Dunning cases: one per unpaid invoice, newest first',
        description:
          'From the view v_dunning_cases: state, reason class, what the customer must do and when Tenure retries. Never the raw decline code. ' +
          'Filters: `state` (open, closed, all, or one state), `reason_class`, `account_id`, `opened_from` / `opened_to`. ' +
          '`summary=true` adds the finance view for the same period: recovery rate, recovered amount and days to recover by decline reason, ' +
          'by strategy and by channel, and the MRR at risk in open cases.',
        querystring: z.object({
          state: z.enum(['open', 'closed', 'all', ...CaseState]).default('all'),
          reason_class: ReasonClass.optional(),
          account_id: z.string().min(1).optional(),
          opened_from: z.coerce.date().optional(),
          opened_to: z.coerce.date().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          summary: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
        }),
        response: { 200: z.object({ data: z.array(CaseRow), summary: FinanceView.optional() }) },
      },
    },
    async (req) => {
      const q = req.query;
      const { rows } = await ctx.db.query<z.infer<typeof CaseRow>>(
        `SELECT * FROM v_dunning_cases
         WHERE ($1 = 'all' OR ($1 = 'open' AND outcome IS NULL) OR ($1 = 'closed' AND outcome IS NOT NULL) OR state = $1)
           AND ($2::text IS NULL OR reason_class = $2) AND ($3::text IS NULL OR account_id = $3)
           AND ($4::timestamptz IS NULL OR opened_at >= $4) AND ($5::timestamptz IS NULL OR opened_at < $5)
         ORDER BY opened_at DESC, case_id DESC LIMIT $6`,
        [q.state, q.reason_class ?? null, q.account_id ?? null, q.opened_from ?? null, q.opened_to ?? null, q.limit],
      );
      return { data: rows, ...(q.summary ? { summary: await financeView(ctx.db, { opened_from: q.opened_from, opened_to: q.opened_to }) } : {}) };
    },
  );
};
