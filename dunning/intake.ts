import type Stripe from 'stripe';
import { z } from 'zod';
import type { Clock } from '../db/clock';
import type { Database } from '../db/database';
import { defineJob, type Logger, type Queue } from '../db/queue';
import type { DueWork } from '../db/due-work';
import { withTransaction } from '../db/transaction';
import { markWebhookProcessed, pendingWebhookEvents, type StoredWebhook } from '../server/webhooks';
import { applyCardUpdate, applyFailure, applyInvoice, applySubscription, type FailedAttempt } from './cases';
import type { DunningSettings } from './retry/settings';
import { Charge, Invoice, InvoicePayment, PaymentIntent, StripeEvent, Subscription, type StripeEvent as Event } from './stripe-shapes';

// The work behind POST /webhooks/stripe: stored events are drained here, oldest first. Each event is
// read again from the Stripe API where order matters (the invoice's status, the subscription's), and
// its decline from the payment intent's last_payment_error or the charge's outcome, never from the
// invoice. Stripe reads happen outside any transaction; the changes, and the event's `processed_at`,
// commit together, so a crash or a second worker never applies an event twice.

export interface IntakeDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  stripe: () => Promise<Stripe>;
  /** payment recovery's settings (default: from the environment) */
  settings?: DunningSettings;
}

export const FAILURE_EVENTS = ['invoice.payment_failed', 'invoice.payment_action_required', 'payment_intent.payment_failed', 'charge.failed'] as const;
export const INVOICE_EVENTS = ['invoice.paid', 'invoice.payment_succeeded', 'invoice.updated', 'invoice.marked_uncollectible'] as const;
export const SUBSCRIPTION_EVENTS = ['customer.subscription.updated', 'customer.subscription.deleted'] as const;
/** the customer's card changed (the portal, or the card networks' account updater): open invoices are paid at once */
export const CARD_EVENTS = ['customer.updated', 'payment_method.automatically_updated'] as const;
export const HANDLED_EVENTS: readonly string[] = [...FAILURE_EVENTS, ...INVOICE_EVENTS, ...SUBSCRIPTION_EVENTS, ...CARD_EVENTS];

export type Plan =
  | { kind: 'failure'; invoice: Invoice; attempts: FailedAttempt[] }
  | { kind: 'invoice'; invoice: Invoice }
  | { kind: 'subscription'; subscription: Subscription }
  | { kind: 'card_updated'; customer: string; card: string | null }
  | { kind: 'ignore'; reason: string };

const at = (seconds: number) => new Date(seconds * 1000);
const CustomerPrevious = z.looseObject({ invoice_settings: z.looseObject({ default_payment_method: z.string().nullable().optional() }).optional() });

async function invoiceOfPaymentIntent(stripe: Stripe, paymentIntent: string): Promise<string | null> {
  const list = await stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: paymentIntent }, limit: 1 });
  const first = list.data[0];
  return first ? InvoicePayment.parse(first).invoice : null;
}

/** The customer's default payment method as Stripe has it now (events come late and out of order). */
async function defaultCard(stripe: Stripe, customerId: string): Promise<string | null> {
  const customer = await stripe.customers.retrieve(customerId);
  if ('deleted' in customer && customer.deleted) return null;
  const pm = customer.invoice_settings?.default_payment_method;
  return typeof pm === 'string' ? pm : (pm?.id ?? null);
}

/** Every failed attempt on the invoice's payment intents, each read from its charge (or the intent when no charge was made). */
export async function readFailure(stripe: Stripe, invoiceId: string, eventCreated: number): Promise<Plan> {
  const invoice = Invoice.parse(await stripe.invoices.retrieve(invoiceId));
  const payments = (await stripe.invoicePayments.list({ invoice: invoiceId, limit: 100 })).data.map((p) => InvoicePayment.parse(p));
  const attempts: FailedAttempt[] = [];
  const nonCard = invoice.collection_method === 'send_invoice' ? 'send_invoice' : null;
  for (const p of payments) {
    if (!p.payment.payment_intent) continue;
    const pi = PaymentIntent.parse(await stripe.paymentIntents.retrieve(p.payment.payment_intent));
    const charges = (await stripe.charges.list({ payment_intent: pi.id, limit: 100 })).data.map((c) => Charge.parse(c)).sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
    const lpe = pi.last_payment_error;
    charges.forEach((c, i) => {
      if (c.status !== 'failed') return;
      // the intent's last error describes its latest charge; older charges speak through their outcome
      const fromIntent = lpe && lpe.charge === c.id ? lpe : null;
      const issuer = c.outcome?.type === 'issuer_declined' ? c.outcome.reason : null;
      attempts.push({
        stripe_key: c.id,
        payment_intent_id: pi.id,
        charge_id: c.id,
        attempted_at: at(c.created),
        attempt: i + 1,
        code: fromIntent?.code ?? c.failure_code ?? null,
        decline_code: fromIntent?.decline_code ?? issuer ?? null,
        advice_code: fromIntent?.advice_code ?? c.outcome?.advice_code ?? null,
        network_advice_code: fromIntent?.network_advice_code ?? c.outcome?.network_advice_code ?? null,
        network_decline_code: fromIntent?.network_decline_code ?? c.outcome?.network_decline_code ?? null,
        outcome_type: c.outcome?.type ?? null,
        outcome_reason: c.outcome?.reason ?? null,
        payment_method_type: nonCard ?? fromIntent?.payment_method?.type ?? c.payment_method_details?.type ?? null,
        payment_method_id: c.payment_method ?? null,
        card_brand: c.payment_method_details?.card?.brand ?? null,
      });
    });
    // a failure before any charge (authentication required before the card was charged)
    if (lpe && !lpe.charge && pi.status !== 'succeeded') {
      attempts.push({
        stripe_key: `${pi.id}:attempt:${invoice.attempt_count}`,
        payment_intent_id: pi.id,
        charge_id: null,
        attempted_at: at(eventCreated),
        attempt: Math.max(1, invoice.attempt_count),
        code: lpe.code ?? null,
        decline_code: lpe.decline_code ?? null,
        advice_code: lpe.advice_code ?? null,
        network_advice_code: lpe.network_advice_code ?? null,
        network_decline_code: lpe.network_decline_code ?? null,
        outcome_type: null,
        outcome_reason: null,
        payment_method_type: nonCard ?? lpe.payment_method?.type ?? null,
      });
    }
  }
  return { kind: 'failure', invoice, attempts };
}

/** What an event means now, read from Stripe (no database). */
export async function readPlan(stripe: Stripe, event: Event): Promise<Plan> {
  const object = event.data.object;
  const objectId = z.string().min(1).parse(object.id);
  switch (event.type) {
    case 'invoice.payment_failed':
    case 'invoice.payment_action_required':
      return readFailure(stripe, objectId, event.created);
    case 'payment_intent.payment_failed': {
      const invoice = await invoiceOfPaymentIntent(stripe, objectId);
      return invoice ? readFailure(stripe, invoice, event.created) : { kind: 'ignore', reason: `payment intent ${objectId} pays no invoice` };
    }
    case 'charge.failed': {
      const charge = Charge.parse(object);
      const invoice = charge.payment_intent ? await invoiceOfPaymentIntent(stripe, charge.payment_intent) : null;
      return invoice ? readFailure(stripe, invoice, event.created) : { kind: 'ignore', reason: `charge ${objectId} pays no invoice` };
    }
    case 'invoice.paid':
    case 'invoice.payment_succeeded':
    case 'invoice.updated':
    case 'invoice.marked_uncollectible':
      return { kind: 'invoice', invoice: Invoice.parse(await stripe.invoices.retrieve(objectId)) };
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return { kind: 'subscription', subscription: Subscription.parse(await stripe.subscriptions.retrieve(objectId)) };
    case 'customer.updated': {
      // only a change of the default payment method is a card update (name and email changes are not)
      const previous = CustomerPrevious.safeParse(event.data.previous_attributes);
      return previous.success && previous.data.invoice_settings?.default_payment_method !== undefined
        ? { kind: 'card_updated', customer: objectId, card: await defaultCard(stripe, objectId) }
        : { kind: 'ignore', reason: 'customer.updated without a new default payment method' };
    }
    case 'payment_method.automatically_updated': {
      const customer = z.string().min(1).nullish().parse(object.customer);
      return customer ? { kind: 'card_updated', customer, card: await defaultCard(stripe, customer) } : { kind: 'ignore', reason: `payment method ${objectId} belongs to no customer` };
    }
    default:
      return { kind: 'ignore', reason: `${event.type} is not a dunning event` };
  }
}

/** Works one stored event: read, then apply and mark processed in one transaction. */
export async function processWebhook(deps: IntakeDeps, stored: StoredWebhook): Promise<Plan['kind'] | 'already_processed' | 'malformed'> {
  const parsed = StripeEvent.safeParse(stored.payload);
  const plan: Plan = parsed.success
    ? HANDLED_EVENTS.includes(parsed.data.type)
      ? await readPlan(await deps.stripe(), parsed.data)
      : { kind: 'ignore', reason: `${parsed.data.type} is not a dunning event` }
    : { kind: 'ignore', reason: `malformed: ${parsed.error.issues[0]?.message}` };
  return withTransaction(deps.db, async (tx) => {
    if (!(await markWebhookProcessed(tx, deps.clock, stored.id))) return 'already_processed';
    if (!parsed.success) {
      deps.log.warn({ webhookEventId: stored.id, eventId: stored.event_id, reason: plan.kind === 'ignore' ? plan.reason : '' }, 'stripe event left aside');
      return 'malformed';
    }
    const ctx = { tx, clock: deps.clock, log: deps.log, eventId: parsed.data.id, settings: deps.settings };
    if (plan.kind === 'failure') await applyFailure(ctx, plan.invoice, plan.attempts);
    else if (plan.kind === 'invoice') await applyInvoice(ctx, plan.invoice);
    else if (plan.kind === 'subscription') await applySubscription(ctx, plan.subscription);
    else if (plan.kind === 'card_updated') await applyCardUpdate(ctx, plan.customer, plan.card);
    return plan.kind;
  });
}

/**
 * Drains the stored Stripe events, oldest first, `batch` at a time, until none is left or `max` were
 * worked. An event whose processing throws is logged and left for the next run (it is retried).
 */
export async function drainStripeEvents(deps: IntakeDeps, opts: { batch?: number; max?: number } = {}): Promise<number> {
  const batch = opts.batch ?? 100;
  const max = opts.max ?? 10_000;
  let done = 0;
  const failed = new Set<string>();
  for (;;) {
    const pending = (await pendingWebhookEvents(deps.db, 'stripe', batch + failed.size)).filter((p) => !failed.has(p.id));
    if (!pending.length) return done;
    for (const stored of pending) {
      try {
        await processWebhook(deps, stored);
        done++;
      } catch (err) {
        failed.add(stored.id);
        deps.log.error({ err, webhookEventId: stored.id, eventId: stored.event_id }, 'stripe event failed; it will be retried');
      }
      if (done >= max) return done;
    }
  }
}

export const INTAKE_JOB = 'dunning-stripe-intake';

export function intakeJob(deps: () => Omit<IntakeDeps, 'log'>) {
  return defineJob({
    name: INTAKE_JOB,
    schema: z.object({}),
    // one waiting run is enough: it drains everything stored before it starts
    policy: 'short',
    retryLimit: 2,
    async handler(_data, job) {
      await drainStripeEvents({ ...deps(), log: job.log });
    },
  });
}

/** The safety net: anything stored but not worked (a lost nudge, a crash) is drained every minute. */
export function intakeSweep(deps: () => Omit<IntakeDeps, 'log'>): DueWork {
  return { name: 'dunning-stripe-intake', run: (db, _now, log) => drainStripeEvents({ ...deps(), db, log }) };
}

/**
 * Asks for a drain soon after webhooks arrive: at most one job sent per `everyMs` per process (the
 * queue keeps one waiting), so a burst of webhooks costs one queue write, not one each.
 */
export function intakeNudger(queue: () => Queue, log: Logger, everyMs = 250): () => void {
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    queue()
      .send(INTAKE_JOB, {}, { singletonKey: 'stripe' })
      .catch((err: unknown) => log.warn({ err }, 'could not queue the stripe intake job; the minute sweep will drain'));
  };
}
