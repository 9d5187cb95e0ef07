import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerMessage, DECLINE_CODES, route } from '../../dunning';
import { drainStripeEvents } from '../../dunning/intake';
import { StripeDriver, messyStream, type Account, type Delivery } from '../../dunning/stripe-local/driver';
import type { CardBehaviour, StripeObject } from '../../dunning/stripe-local/store';
import { SANDBOX_WEBHOOK_SECRET, sandboxStripeServer, stripeFor } from '../../dunning/stripe';
import { tableFingerprints, testRuntime, type TestRuntime } from '../support/runtime';

let rt: TestRuntime;
let driver: StripeDriver;
let n = 0;

beforeAll(async () => {
  rt = await testRuntime();
  driver = new StripeDriver((await sandboxStripeServer()).store, { secrets: [SANDBOX_WEBHOOK_SECRET] });
});
afterAll(() => rt?.close());

const post = async (d: Pick<Delivery, 'payload' | 'header'> | { payload: string; header?: string }) => {
  const res = await rt.app!.inject({
    method: 'POST',
    url: '/webhooks/stripe',
    headers: { 'content-type': 'application/json; charset=utf-8', ...(d.header ? { 'stripe-signature': d.header } : {}) },
    payload: d.payload,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
};
const deliver = async (events: StripeObject[], opts: { copies?: number; seed?: number } = {}) => {
  for (const d of messyStream(driver.signed(events), opts)) expect((await post(d)).status).toBe(200);
};
const errors: unknown[] = [];
const log = pino({ level: 'warn' }, { write: (line: string) => void (JSON.parse(line).level >= 50 && errors.push(JSON.parse(line))) });
/** Works every stored event; any event that failed to apply fails the test. */
const drain = async () => {
  errors.length = 0;
  await drainStripeEvents({ db: rt.db, clock: rt.ctx.clock, log, stripe: () => stripeFor(rt.ctx.config) });
  expect(errors).toEqual([]);
};

/** A Tenure account whose Stripe customer exists on the local Stripe server. */
async function customer(extra: Record<string, unknown> = {}): Promise<Account & { accountId: string }> {
  const a = driver.customer();
  const res = await rt.api('POST', '/v1/accounts', { body: { external_id: `DUN-${++n}`, name: `Dunning ${n}`, stripe_customer_id: a.customer.id, ...extra } });
  expect(res.status).toBe(201);
  return { ...a, accountId: res.body.id };
}
/** A renewal that fails with `behaviour`. */
function failing(a: Account, behaviour: CardBehaviour, type = 'card') {
  driver.cardFails(a, behaviour, type);
  return driver.renewal(a);
}

const caseOf = async (invoiceId: string): Promise<any[]> => (await rt.db.query('SELECT * FROM v_dunning_cases WHERE invoice_id = $1', [invoiceId])).rows;
const attemptsOf = async (invoiceId: string): Promise<any[]> =>
  (await rt.db.query('SELECT a.* FROM payment_attempts a JOIN dunning_cases c ON c.id = a.case_id WHERE c.invoice_id = $1 ORDER BY attempted_at, charge_id', [invoiceId])).rows;
const eventsOf = async (accountId: string, kind: string): Promise<any[]> =>
  (await rt.db.query('SELECT payload, source FROM events WHERE account_id = $1 AND kind = $2 ORDER BY id', [accountId, kind])).rows;

describe('POST /webhooks/stripe', () => {
  it('answers 400 to a forged, stale, tampered or missing signature, and stores nothing', async () => {
    const a = await customer();
    const { events } = failing(a, { decline_code: 'insufficient_funds' });
    const [good] = driver.signed(events.slice(0, 1));
    const before = await tableFingerprints(rt.db);
    const forged = driver.signed(events.slice(0, 1), { secrets: ['whsec_someone_else'] })[0]!;
    const stale = driver.signed(events.slice(0, 1), { at: Math.floor(Date.now() / 1000) - 301 })[0]!;
    const tampered = { payload: good!.payload.replace('"livemode": false', '"livemode": true'), header: good!.header };
    for (const [what, d] of [['forged', forged], ['stale', stale], ['tampered', tampered], ['missing', { payload: good!.payload }], ['garbage', { payload: good!.payload, header: 'nonsense' }]] as const) {
      const res = await post(d);
      expect(res.status, what).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await post(stale)).body.error.message).toMatch(/tolerance/);
    expect(await tableFingerprints(rt.db)).toEqual(before);
    // a signature 299 s old still passes
    expect((await post(driver.signed(events.slice(0, 1), { at: Math.floor(Date.now() / 1000) - 299 })[0]!)).status).toBe(200);
  });

  it('accepts any one valid v1 signature among several (secret rotation)', async () => {
    const a = await customer();
    const { events } = failing(a, { decline_code: 'insufficient_funds' });
    const [d] = driver.signed(events.slice(0, 1), { secrets: ['whsec_the_old_secret', SANDBOX_WEBHOOK_SECRET] });
    expect(d!.header.match(/v1=/g)).toHaveLength(2);
    expect(await post(d!)).toEqual({ status: 200, body: { received: true, duplicate: false } });
    expect((await post(driver.signed(events.slice(0, 1), { secrets: ['whsec_old_1', 'whsec_old_2'] })[0]!)).status).toBe(400);
  });

  it('stores the same event once, however often it comes', async () => {
    const a = await customer();
    const { events } = failing(a, { decline_code: 'insufficient_funds' });
    const [d] = driver.signed(events.filter((e) => e.type === 'invoice.payment_failed'));
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await post(d!)).body.duplicate);
    expect(answers).toEqual([false, true, true, true, true]);
    expect((await rt.db.query(`SELECT count(*)::int AS n FROM webhook_events WHERE provider = 'stripe' AND event_id = $1`, [d!.eventId])).rows[0]!.n).toBe(1);
  });

  it('is in the OpenAPI document and needs no API key', async () => {
    const doc = await rt.app!.inject({ method: 'GET', url: '/docs/json' });
    const op = JSON.parse(doc.body).paths['/webhooks/stripe'].post;
    expect(op.summary).toMatch(/Stripe webhook/);
    expect(op.security).toBeUndefined();
  });
});

describe('dunning intake', () => {
  it('turns every delivery of one failure, each 5 times and shuffled, into one case, one attempt and one event', async () => {
    const a = await customer();
    const { invoice, events } = failing(a, { decline_code: 'insufficient_funds' });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['charge.failed', 'payment_intent.payment_failed', 'invoice.payment_failed', 'invoice.updated']));
    await deliver(events, { copies: 5, seed: 7 });
    await drain();
    const cases = await caseOf(invoice.id);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ state: 'retry_scheduled', reason_class: 'insufficient_funds', customer_action: 'update_payment_method', attempt_count: 1, currency: 'EUR' });
    expect(Number(cases[0].amount_due)).toBe(4900);
    expect(await attemptsOf(invoice.id)).toHaveLength(1);
    const failed = await eventsOf(a.accountId, 'payment.failed');
    expect(failed).toEqual([{ source: 'stripe', payload: { invoice_id: invoice.id, amount_due: 4900, currency: 'EUR', decline_code: 'insufficient_funds', reason_class: 'insufficient_funds', attempt: 1 } }]);
    expect((await rt.db.query(`SELECT count(*)::int AS n FROM webhook_events WHERE provider = 'stripe' AND processed_at IS NULL`)).rows[0]!.n).toBe(0);
  });

  it('leaves the case recovered when invoice.paid arrives before the invoice.payment_failed it resolves', async () => {
    const a = await customer();
    const { invoice, events: failed } = failing(a, { code: 'expired_card' });
    const paid = driver.cardUpdatedAndPaid(a, invoice.id);
    await deliver(paid);
    await drain();
    expect(await caseOf(invoice.id)).toEqual([]);
    await deliver(failed);
    await drain();
    const [c] = await caseOf(invoice.id);
    expect(c).toMatchObject({ state: 'recovered', outcome: 'recovered', reason_class: 'card_expired', attempt_count: 1 });
    expect(c.closed_at).not.toBeNull();
    expect(await eventsOf(a.accountId, 'payment.failed')).toHaveLength(1);
    expect(await eventsOf(a.accountId, 'dunning.case_closed')).toEqual([{ source: 'dunning', payload: { case_id: c.case_id, outcome: 'recovered', reason_class: 'card_expired' } }]);
    // and a late duplicate of the failure changes nothing
    await deliver(failed.slice(0, 1).map((e) => ({ ...e, id: `${e.id}x` })));
    await drain();
    expect((await caseOf(invoice.id))[0].state).toBe('recovered');
  });

  it('works a card update followed by recovery, in order: waiting for the customer, then recovered', async () => {
    const a = await customer();
    const { invoice, events } = failing(a, { code: 'expired_card' });
    await deliver(events);
    await drain();
    expect((await caseOf(invoice.id))[0]).toMatchObject({ state: 'waiting_for_customer', customer_action: 'update_payment_method', message_key: 'dunning.card_expired', next_retry_at: null });
    await deliver(driver.cardUpdatedAndPaid(a, invoice.id));
    await drain();
    expect((await caseOf(invoice.id))[0].state).toBe('recovered');
    expect(await eventsOf(a.accountId, 'invoice.paid')).toEqual([{ source: 'stripe', payload: { invoice_id: invoice.id, amount_paid: 4900, currency: 'EUR' } }]);
    const moves = (await rt.db.query('SELECT from_state, to_state FROM dunning_case_transitions t JOIN dunning_cases c ON c.id = t.case_id WHERE c.invoice_id = $1 ORDER BY t.id', [invoice.id])).rows;
    // issue 14: the card update itself schedules the open invoice's payment at once (retry_scheduled, due now)
    expect(moves).toEqual([{ from_state: null, to_state: 'open' }, { from_state: 'open', to_state: 'waiting_for_customer' }, { from_state: 'waiting_for_customer', to_state: 'retry_scheduled' }, { from_state: 'retry_scheduled', to_state: 'recovered' }]);
  });

  it('records each of Stripe\'s retries once, numbered in the order they happened, whatever order they arrive in', async () => {
    const a = await customer();
    const { invoice, events: first } = failing(a, { decline_code: 'do_not_honor' });
    const second = driver.retry(invoice.id, 72);
    driver.cardFails(a, { decline_code: 'insufficient_funds', network_advice_code: '29' });
    const third = driver.retry(invoice.id);
    await deliver([...third, ...second, ...first], { copies: 2, seed: 3 });
    await drain();
    const attempts = await attemptsOf(invoice.id);
    expect(attempts.map((x) => x.decline_code)).toEqual(['do_not_honor', 'do_not_honor', 'insufficient_funds']);
    expect((await eventsOf(a.accountId, 'payment.failed')).map((e) => e.payload.attempt).sort()).toEqual([1, 2, 3]);
    const [c] = await caseOf(invoice.id);
    // the latest failure decides: Mastercard advice 29, retry no earlier than 8 days after it
    expect(c).toMatchObject({ attempt_count: 3, reason_class: 'insufficient_funds', state: 'retry_scheduled' });
    expect(new Date(c.next_retry_at).getTime() - new Date(attempts[2].attempted_at).getTime()).toBeGreaterThanOrEqual(192 * 3_600_000);
  });

  it('routes every documented code as the router says, and never reveals a fraud-class reason', async () => {
    const codes = [...Object.keys(DECLINE_CODES), 'a_code_nobody_documented'];
    const invoices = new Map<string, string>();
    for (const code of codes) {
      const a = await customer();
      const { invoice, events } = failing(a, { decline_code: code });
      invoices.set(code, invoice.id);
      await deliver(events.filter((e) => e.type === 'invoice.payment_failed'));
    }
    await drain();
    for (const code of codes) {
      const d = route({ code: 'card_declined', decline_code: code });
      const [c] = await caseOf(invoices.get(code)!);
      expect(c, code).toMatchObject({ reason_class: d.reason_class, hard: d.hard, retry: d.retry, customer_action: d.customer_action, reveal_reason: d.reveal_reason, cancellation_intent: d.cancellation_intent, message_key: d.message_key });
      expect(c.state, code).toBe(d.retry === 'scheduled' || d.retry === 'once_soon' ? 'retry_scheduled' : 'waiting_for_customer');
    }
    for (const code of ['fraudulent', 'lost_card', 'stolen_card', 'merchant_blacklist', 'pickup_card']) {
      const [c] = await caseOf(invoices.get(code)!);
      expect(customerMessage(c.message_key, 'fr')).toBe(customerMessage('dunning.generic_decline', 'fr'));
    }
    // the view never carries the raw code
    const columns = (await rt.db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'v_dunning_cases'`)).rows.map((r) => r.column_name);
    expect(columns).not.toContain('decline_code');
  });

  it('reads Radar\'s block and the charge\'s advice codes from the charge, never the invoice', async () => {
    const a = await customer();
    const { invoice, events } = failing(a, { decline_code: 'generic_decline', outcome_reason: 'highest_risk_level' });
    const b = await customer();
    const stopped = failing(b, { decline_code: 'do_not_honor', network_advice_code: '21' });
    await deliver([...events, ...stopped.events].filter((e) => e.type === 'invoice.payment_failed'));
    await drain();
    expect((await caseOf(invoice.id))[0]).toMatchObject({ reveal_reason: false, retry: 'never', message_key: 'dunning.generic_decline', state: 'waiting_for_customer' });
    expect((await caseOf(stopped.invoice.id))[0]).toMatchObject({ cancellation_intent: true, reason_class: 'cancellation_intent', retry: 'never' });
    expect((await attemptsOf(stopped.invoice.id))[0]).toMatchObject({ network_advice_code: '21', outcome_type: 'issuer_declined' });
  });

  it('hands a non-card failure to the account owner, with no retry', async () => {
    const owner = (await rt.api('POST', '/v1/team-members', { body: { name: 'Camille Roux', email: 'camille@example.fr', kind: 'account_owner' } })).body.id;
    const a = await customer({ owner_email: 'camille@example.fr' });
    const { invoice, events } = failing(a, { code: 'insufficient_funds' }, 'sepa_debit');
    await deliver(events, { copies: 2 });
    await drain();
    expect((await caseOf(invoice.id))[0]).toMatchObject({ retry: 'never', customer_action: 'none', reveal_reason: false, state: 'waiting_for_customer' });
    const tasks = (await rt.db.query(`SELECT assignee_id, kind, account_id, source FROM tasks WHERE account_id = $1`, [a.accountId])).rows;
    expect(tasks).toEqual([{ assignee_id: owner, kind: 'dunning_non_card', account_id: a.accountId, source: 'dunning' }]);
  });

  it('turns a subscription cancelled in Stripe into subscription.cancelled, and closes its open case', async () => {
    const a = await customer();
    const { invoice, events } = failing(a, { decline_code: 'insufficient_funds' });
    await deliver([...events, ...driver.cancelled(a, 'payment_failed')], { copies: 2, seed: 11 });
    await drain();
    expect(await eventsOf(a.accountId, 'subscription.cancelled')).toEqual([
      { source: 'stripe', payload: { subscription_id: a.subscription.id, voluntary: false, effective_at: expect.any(String) } },
    ]);
    expect((await caseOf(invoice.id))[0]).toMatchObject({ state: 'lost', outcome: 'lost' });

    const b = await customer();
    const second = failing(b, { decline_code: 'stop_payment_order' });
    await deliver([...second.events, ...driver.cancelled(b)]);
    await drain();
    expect((await eventsOf(b.accountId, 'subscription.cancelled'))[0].payload.voluntary).toBe(true);
    expect((await caseOf(second.invoice.id))[0]).toMatchObject({ state: 'cancelled', cancellation_intent: true });
  });

  it('marks an invoice Stripe gave up on as lost', async () => {
    const a = await customer();
    const { invoice, events } = failing(a, { decline_code: 'card_velocity_exceeded' });
    await deliver([...driver.uncollectible(invoice.id), ...events]);
    await drain();
    expect((await caseOf(invoice.id))[0].state).toBe('lost');
  });

  it('leaves aside a failure of a Stripe customer no account carries, and still marks it processed', async () => {
    const stranger = driver.customer();
    const { invoice, events } = failing(stranger, { decline_code: 'insufficient_funds' });
    await deliver(events);
    await drain();
    expect(await caseOf(invoice.id)).toEqual([]);
    expect((await rt.db.query(`SELECT count(*)::int AS n FROM webhook_events WHERE processed_at IS NULL`)).rows[0]!.n).toBe(0);
  });
});
