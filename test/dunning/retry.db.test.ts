import pino from 'pino';
import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import { drainStripeEvents } from '../../dunning/intake';
import { runDueRetries } from '../../dunning/retry/execute';
import { DEFAULT_DUNNING_SETTINGS, type DunningSettings } from '../../dunning/retry/settings';
import { SANDBOX_SECRET_KEY, SANDBOX_WEBHOOK_SECRET, stripeClient } from '../../dunning/stripe';
import { StripeDriver, type Account } from '../../dunning/stripe-local/driver';
import { startLocalStripe, type LocalStripeServer } from '../../dunning/stripe-local/server';
import { StripeStore, type CardBehaviour, type StripeObject } from '../../dunning/stripe-local/store';
import { testRuntime, type TestRuntime } from '../support/runtime';

// Tenure's retries against the local Stripe server, through the real stripe SDK: the ledger and the
// limits, pay days, Smart Retries, card updates, and crashes between the call and its record.

const clock = fixedClock('2026-03-03T15:00:00Z');
let rt: TestRuntime;
let server: LocalStripeServer;
let stripe: Stripe;
let driver: StripeDriver;
let n = 0;
const errors: unknown[] = [];
const log = pino({ level: 'warn' }, { write: (line: string) => void (JSON.parse(line).level >= 50 && errors.push(JSON.parse(line))) });

beforeAll(async () => {
  rt = await testRuntime({ clock });
  // the Stripe server's clock is Tenure's: "keys older than 24 hours" is then a clock move away
  server = await startLocalStripe({ store: new StripeStore(() => Math.floor(clock.now().getTime() / 1000)) });
  stripe = stripeClient(SANDBOX_SECRET_KEY, server);
  driver = new StripeDriver(server.store, { secrets: [SANDBOX_WEBHOOK_SECRET], now: () => Math.floor(clock.now().getTime() / 1000) });
});
afterAll(async () => {
  await server?.close();
  await rt?.close();
});
beforeEach(() => {
  clock.set('2026-03-03T15:00:00Z');
  errors.length = 0;
});

async function deliver(events: StripeObject[]) {
  for (const d of driver.signed(events)) {
    const res = await rt.app!.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': d.header }, payload: d.payload });
    expect(res.statusCode).toBe(200);
  }
  await drainStripeEvents({ db: rt.db, clock, log, stripe: async () => stripe, settings: DEFAULT_DUNNING_SETTINGS });
  expect(errors).toEqual([]);
}

async function customer(): Promise<Account & { accountId: string }> {
  const a = driver.customer();
  const res = await rt.api('POST', '/v1/accounts', { body: { external_id: `RTY-${++n}`, name: `Retry ${n}`, stripe_customer_id: a.customer.id, country: 'US', time_zone: 'America/New_York' } });
  expect(res.status).toBe(201);
  return { ...a, accountId: res.body.id };
}

async function failingRenewal(behaviour: CardBehaviour, retryInHours: number | null = null) {
  const a = await customer();
  driver.cardFails(a, behaviour);
  const { invoice, events } = driver.renewal(a, { retryInHours });
  await deliver(events);
  return { a, invoice };
}

const run = (o: { settings?: DunningSettings; afterCall?: (key: string) => void; stripe?: Stripe } = {}) =>
  runDueRetries({ db: rt.db, clock, log, stripe: async () => o.stripe ?? stripe, settings: o.settings ?? DEFAULT_DUNNING_SETTINGS, afterCall: o.afterCall });

const caseOf = async (invoiceId: string): Promise<any> => (await rt.db.query('SELECT * FROM dunning_cases WHERE invoice_id = $1', [invoiceId])).rows[0];
/** the pay calls Stripe executed for the invoice (replays of a saved answer are not charges) */
const payCalls = (invoiceId: string) => server.requests.filter((r) => r.path === `/v1/invoices/${invoiceId}/pay`);
const charges = (invoiceId: string) => [...server.store.objects.values()].filter((o) => o.object === 'charge' && o.payment_intent === paymentIntentOf(invoiceId));
const paymentIntentOf = (invoiceId: string) => ((server.store.get(invoiceId, 'invoice').payments as { data: { payment: { payment_intent: string } }[] }).data[0]!.payment.payment_intent);
const ledger = async (invoiceId: string) => (await rt.db.query('SELECT source, succeeded, do_not_retry FROM card_attempts WHERE invoice_id = $1 ORDER BY attempted_at, created_at', [invoiceId])).rows;
/** the customer's bank account fills up: the same card now pays */
const fundsArrive = (a: Account) => void (server.store.get((server.store.get(a.customer.id, 'customer').invoice_settings as { default_payment_method: string }).default_payment_method, 'payment_method').tenure_behaviour = null);

describe('scheduled retries', () => {
  it('retries insufficient funds on the next pay-day morning (US: the 15th, 09:00 New York), re-reading the invoice and committing its key first', async () => {
    const { a, invoice } = await failingRenewal({ decline_code: 'insufficient_funds' });
    const c = await caseOf(invoice.id);
    expect(c.state).toBe('retry_scheduled');
    expect(c.next_retry_at.toISOString()).toBe('2026-03-15T13:00:00.000Z');
    expect(await ledger(invoice.id)).toEqual([{ source: 'stripe', succeeded: false, do_not_retry: false }]);

    expect(await run()).toBe(0);
    expect(payCalls(invoice.id)).toEqual([]);

    fundsArrive(a);
    clock.set('2026-03-15T13:00:00Z');
    // a client that, when Tenure calls invoices.pay, first looks in the database (another connection)
    // for the retry row with that key: it must be committed already
    const seenAtCall: unknown[] = [];
    const watched = stripeClient(SANDBOX_SECRET_KEY, server);
    const pay = watched.invoices.pay.bind(watched.invoices);
    watched.invoices.pay = (async (id: string, params: Stripe.InvoicePayParams, opts: Stripe.RequestOptions) => {
      const row = (await rt.db.query<any>('SELECT state FROM dunning_retries WHERE idempotency_key = $1', [opts.idempotencyKey])).rows[0];
      seenAtCall.push(opts.idempotencyKey, row?.state);
      return pay(id, params, opts);
    }) as never;
    await run({ stripe: watched });
    expect(seenAtCall).toEqual([expect.stringMatching(/^tenure-retry-/), 'calling']);
    const [retry] = (await rt.db.query('SELECT idempotency_key, state, reason FROM dunning_retries WHERE invoice_id = $1', [invoice.id])).rows;
    expect(retry).toEqual({ idempotency_key: seenAtCall[0], state: 'succeeded', reason: 'scheduled' });
    expect(payCalls(invoice.id).map((r) => r.idempotencyKey)).toEqual([seenAtCall[0]]);
    // the invoice was read from Stripe before the call
    const payAt = server.requests.findIndex((r) => r.path === `/v1/invoices/${invoice.id}/pay`);
    expect(server.requests.slice(0, payAt).some((r) => r.method === 'GET' && r.path === `/v1/invoices/${invoice.id}`)).toBe(true);
    expect((await caseOf(invoice.id)).state).toBe('recovered');
    expect(await ledger(invoice.id)).toEqual([{ source: 'stripe', succeeded: false, do_not_retry: false }, { source: 'tenure', succeeded: true, do_not_retry: false }]);
    const closed = (await rt.db.query<any>(`SELECT payload FROM events WHERE account_id = $1 AND kind = 'dunning.case_closed'`, [a.accountId])).rows;
    expect(closed.map((e) => e.payload.outcome)).toEqual(['recovered']);
  });

  it('a due retry of an invoice paid meanwhile charges nothing: the re-read invoice closes the case', async () => {
    const { a, invoice } = await failingRenewal({ decline_code: 'insufficient_funds' });
    driver.cardUpdatedAndPaid(a, invoice.id); // paid elsewhere; Tenure has not heard yet
    clock.set('2026-03-16T00:00:00Z');
    await run();
    expect(payCalls(invoice.id)).toEqual([]);
    expect((await caseOf(invoice.id)).state).toBe('recovered');
  });

  it('never retries after a do-not-retry signal, even when the case is made due', async () => {
    const { invoice } = await failingRenewal({ decline_code: 'generic_decline', advice_code: 'do_not_try_again' });
    expect((await caseOf(invoice.id)).state).toBe('waiting_for_customer');
    expect(await ledger(invoice.id)).toEqual([{ source: 'stripe', succeeded: false, do_not_retry: true }]);
    await rt.db.query(`UPDATE dunning_cases SET state = 'retry_scheduled', next_retry_at = $2 WHERE invoice_id = $1`, [invoice.id, clock.now()]);
    await run();
    expect(payCalls(invoice.id)).toEqual([]);
    const c = await caseOf(invoice.id);
    expect(c.state).toBe('waiting_for_customer');
    const cause = (await rt.db.query<any>('SELECT cause FROM dunning_case_transitions WHERE case_id = $1 ORDER BY id DESC LIMIT 1', [c.id])).rows[0].cause;
    expect(cause).toMatch(/^do_not_retry/);
  });

  it('with Stripe Smart Retries on, follows Stripe’s schedule and never charges a second time', async () => {
    const settings = { ...DEFAULT_DUNNING_SETTINGS, TENURE_DUNNING_STRIPE_SMART_RETRIES: true };
    const a = await customer();
    driver.cardFails(a, { decline_code: 'insufficient_funds' });
    const { invoice, events } = driver.renewal(a, { retryInHours: 72 });
    for (const d of driver.signed(events)) await rt.app!.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': d.header }, payload: d.payload });
    await drainStripeEvents({ db: rt.db, clock, log, stripe: async () => stripe, settings });
    const c = await caseOf(invoice.id);
    expect(c.next_retry_at.toISOString()).toBe('2026-03-06T15:00:00.000Z');
    clock.set('2026-03-06T15:00:00Z');
    await run({ settings });
    expect(payCalls(invoice.id)).toEqual([]);
  });
});

describe('a card update', () => {
  it('pays the open invoice at once, as the customer’s own attempt', async () => {
    const { a, invoice } = await failingRenewal({ code: 'expired_card' });
    expect((await caseOf(invoice.id)).state).toBe('waiting_for_customer');
    const session = await stripe.billingPortal.sessions.create({ customer: a.customer.id, flow_data: { type: 'payment_method_update' } });
    await deliver(driver.record(() => server.store.completePortalCardUpdate(session.id, '5555555555554444')));
    expect((await caseOf(invoice.id)).state).toBe('retry_scheduled');
    await run();
    expect(payCalls(invoice.id)).toHaveLength(1);
    expect((await caseOf(invoice.id)).state).toBe('recovered');
    expect(await ledger(invoice.id)).toEqual([{ source: 'stripe', succeeded: false, do_not_retry: false }, { source: 'customer', succeeded: true, do_not_retry: false }]);
  });

  it('a late card-change event about the card that already failed pays nothing', async () => {
    const a = await customer();
    // the card-change event of the failing card itself, delivered after its failure (out of order)
    const change = driver.record(() => driver.cardFails(a, { code: 'expired_card' }));
    const { invoice, events } = driver.renewal(a);
    await deliver(events);
    await deliver(change.filter((e) => e.type === 'customer.updated'));
    expect((await caseOf(invoice.id)).state).toBe('waiting_for_customer');
    await run();
    expect(payCalls(invoice.id)).toEqual([]);
  });
});

describe('a worker killed mid-retry', () => {
  // the worker dies right after Stripe answered this case's call (other cases' calls go through)
  const crashOn = (caseId: string) => (key: string) => {
    if (key.includes(caseId)) throw new Error('worker killed');
  };

  for (const forgotten of [false, true]) {
    it(`gives exactly one charge after a restart${forgotten ? ', also once Stripe has forgotten the key (24 h)' : ''}`, async () => {
      const { a, invoice } = await failingRenewal({ decline_code: 'insufficient_funds' });
      fundsArrive(a);
      clock.set('2026-03-15T13:00:00Z');
      const caseId = (await caseOf(invoice.id)).id;
      await run({ afterCall: crashOn(caseId) });
      expect(errors.filter((e: any) => e.case === caseId).map((e: any) => e.err?.message)).toEqual(['worker killed']);
      errors.length = 0;
      const key = (await rt.db.query<any>(`SELECT idempotency_key FROM dunning_retries WHERE invoice_id = $1 AND state = 'calling'`, [invoice.id])).rows[0].idempotency_key;
      expect(server.idempotencyKeys().has(key)).toBe(true);
      if (forgotten) {
        clock.advance(25 * 3_600_000);
        expect(server.idempotencyKeys().has(key)).toBe(false);
      }
      await rt.db.query(`UPDATE dunning_cases SET next_retry_at = $2 WHERE invoice_id = $1`, [invoice.id, clock.now()]);
      await run();
      await run();
      expect(errors).toEqual([]);
      expect(payCalls(invoice.id).filter((r) => !r.replayed)).toHaveLength(1);
      expect(charges(invoice.id).filter((c) => c.status === 'succeeded')).toHaveLength(1);
      expect((await rt.db.query('SELECT state FROM dunning_retries WHERE invoice_id = $1', [invoice.id])).rows).toEqual([{ state: 'succeeded' }]);
      expect((await caseOf(invoice.id)).state).toBe('recovered');
    });
  }

  it('a declined call that was not recorded is not made again', async () => {
    const { invoice } = await failingRenewal({ decline_code: 'insufficient_funds' });
    clock.set('2026-03-15T13:00:00Z');
    await run({ afterCall: crashOn((await caseOf(invoice.id)).id) });
    errors.length = 0;
    clock.advance(25 * 3_600_000);
    await run();
    expect(payCalls(invoice.id)).toHaveLength(1);
    expect(charges(invoice.id)).toHaveLength(2);
    expect((await rt.db.query('SELECT state FROM dunning_retries WHERE invoice_id = $1', [invoice.id])).rows).toEqual([{ state: 'failed' }]);
    expect(await ledger(invoice.id)).toEqual([{ source: 'stripe', succeeded: false, do_not_retry: false }, { source: 'tenure', succeeded: false, do_not_retry: false }]);
    // the failure was routed like any other: the next pay day
    expect((await caseOf(invoice.id)).next_retry_at.toISOString()).toBe('2026-04-01T13:00:00.000Z');
  });

  it('a call lost before reaching Stripe is sent again with its key, and charges once', async () => {
    const { a, invoice } = await failingRenewal({ decline_code: 'insufficient_funds' });
    fundsArrive(a);
    clock.set('2026-03-15T13:00:00Z');
    const lost = stripeClient(SANDBOX_SECRET_KEY, server);
    lost.invoices.pay = (async () => {
      throw Object.assign(new Error('socket hang up'), { type: 'StripeConnectionError' });
    }) as never;
    await run({ stripe: lost });
    errors.length = 0;
    expect(payCalls(invoice.id)).toEqual([]);
    await run();
    expect(payCalls(invoice.id)).toHaveLength(1);
    expect(charges(invoice.id).filter((c) => c.status === 'succeeded')).toHaveLength(1);
    expect((await caseOf(invoice.id)).state).toBe('recovered');
  });
});
