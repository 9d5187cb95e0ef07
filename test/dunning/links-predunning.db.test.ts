import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import { drainStripeEvents } from '../../dunning/intake';
import { createPayLink } from '../../dunning/links/pay-links';
import { predunningPass } from '../../dunning/predunning';
import { paymentRecoveryFor } from '../../dunning/recovery-context';
import { DEFAULT_DUNNING_SETTINGS } from '../../dunning/retry/settings';
import { SANDBOX_WEBHOOK_SECRET, sandboxStripeServer, stripeFor } from '../../dunning/stripe';
import { StripeDriver, type Account } from '../../dunning/stripe-local/driver';
import type { CardBehaviour, StripeStore } from '../../dunning/stripe-local/store';
import { buildApp } from '../../server/app';
import { testRuntime, type TestRuntime } from '../support/runtime';

// Pay links (opaque, single purpose, dying with their case, never logged), the payment-recovery
// context handed to the planner, a stopped payment (no link, a task and a voluntary churn signal),
// and pre-dunning of expiring cards.

const clock = fixedClock(new Date());
let rt: TestRuntime;
let store: StripeStore;
let driver: StripeDriver;
let n = 0;
const log = pino({ level: 'silent' });
const unix = () => Math.floor(clock.now().getTime() / 1000);

beforeAll(async () => {
  rt = await testRuntime({ clock, env: { PUBLIC_BASE_URL: 'https://tenure.example.test' } });
  store = (await sandboxStripeServer()).store;
  driver = new StripeDriver(store, { secrets: [SANDBOX_WEBHOOK_SECRET], now: unix });
  await rt.db.query(`INSERT INTO team_members (id, name, email, kind, created_at) VALUES ('tm_fin', 'Fay Finance', 'fay@example.com', 'finance', now())`);
});
afterAll(() => rt?.close());

async function account(): Promise<Account & { accountId: string }> {
  const a = store.at(unix(), () => driver.customer());
  const id = `acc_l${++n}`;
  await rt.db.query(`INSERT INTO accounts (id, external_id, name, plan, mrr_minor, currency, stripe_customer_id, created_at, updated_at) VALUES ($1, $1, $2, 'pro', 4900, 'EUR', $3, now(), now())`, [id, `Links ${n}`, a.customer.id]);
  return { ...a, accountId: id };
}

async function failing(behaviour: CardBehaviour) {
  const a = await account();
  driver.cardFails(a, behaviour);
  const { invoice, events } = store.at(unix(), () => driver.renewal(a));
  for (const d of driver.signed(events)) await rt.app!.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': d.header }, payload: d.payload });
  await drainStripeEvents({ db: rt.db, clock, log, stripe: () => stripeFor(rt.ctx.config), settings: DEFAULT_DUNNING_SETTINGS });
  const c = (await rt.db.query<any>('SELECT * FROM v_dunning_cases WHERE invoice_id = $1', [invoice.id])).rows[0];
  return { a, invoice, c };
}

describe('pay links', () => {
  it('an authentication case’s link goes to the invoice’s hosted page; the link is opaque and its token is never logged', async () => {
    const { invoice, c } = await failing({ code: 'authentication_required', decline_code: 'authentication_required' });
    expect(c.customer_action).toBe('authenticate');
    const link = await createPayLink(rt.db, clock, c.case_id);
    expect(link.purpose).toBe('authenticate');
    expect(link.url).toMatch(/^https:\/\/tenure\.example\.test\/pay\/[A-Za-z0-9_-]{43}$/);
    const token = link.url.split('/').pop()!;

    // an app with a logger at the most talkative level: no line may carry the token
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, done) => void (lines.push(String(chunk)), done()) });
    const app = await buildApp(rt.ctx, pino({ level: 'trace' }, sink));
    try {
      const res = await app.inject({ method: 'GET', url: `/pay/${token}` });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(store.get(invoice.id, 'invoice').hosted_invoice_url);
      expect(res.headers['cache-control']).toBe('no-store');
      const bad = await app.inject({ method: 'GET', url: `/pay/${token.slice(0, -2)}xx` });
      expect(bad.statusCode).toBe(410);
    } finally {
      await app.close();
    }
    expect(lines.join('')).not.toContain(token.slice(0, 20));
    expect((await rt.db.query<any>('SELECT opened_count FROM pay_links WHERE case_id = $1', [c.case_id])).rows).toEqual([{ opened_count: 1 }]);
  });

  it('expires, and dies with its case', async () => {
    const { a, invoice, c } = await failing({ code: 'expired_card' });
    const link = await createPayLink(rt.db, clock, c.case_id, { days: 1 });
    const path = new URL(link.url).pathname;
    const first = await rt.app!.inject({ method: 'GET', url: path });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toMatch(/^https:\/\/billing\.stripe\.local\/p\/session\/bps_/);
    // a fresh portal session on each click
    const second = await rt.app!.inject({ method: 'GET', url: path });
    expect(second.headers.location).not.toBe(first.headers.location);
    clock.advance(25 * 3_600_000);
    expect((await rt.app!.inject({ method: 'GET', url: path })).statusCode).toBe(410);
    clock.advance(-25 * 3_600_000);
    const live = await createPayLink(rt.db, clock, c.case_id);
    store.at(unix(), () => driver.cardUpdatedAndPaid(a, invoice.id));
    const events = store.events.filter((e) => (e.data as { object: { id: string } }).object.id === invoice.id && e.type === 'invoice.paid');
    for (const d of driver.signed(events)) await rt.app!.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': d.header }, payload: d.payload });
    await drainStripeEvents({ db: rt.db, clock, log, stripe: () => stripeFor(rt.ctx.config) });
    expect((await rt.app!.inject({ method: 'GET', url: new URL(live.url).pathname })).statusCode).toBe(410);
    await expect(createPayLink(rt.db, clock, c.case_id)).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('what the planner is told', () => {
  it('the payment-recovery context carries the reason class, never the code', async () => {
    const { c } = await failing({ decline_code: 'stolen_card' });
    const ctx = await paymentRecoveryFor(rt.db, clock, c.case_id);
    expect(ctx).toMatchObject({ reason_class: 'bank_decline', reveal_reason: false, message_key: 'dunning.generic_decline', link_kind: 'pay_link', purpose: 'transactional' });
    expect(JSON.stringify(ctx)).not.toMatch(/stolen/);
  });

  it('a stopped payment (cancellation intent): no link, no retry, a task for a person and a voluntary churn signal', async () => {
    const { a, c } = await failing({ decline_code: 'generic_decline', network_advice_code: '21' });
    expect(c).toMatchObject({ reason_class: 'cancellation_intent', cancellation_intent: true, state: 'waiting_for_customer' });
    expect((await paymentRecoveryFor(rt.db, clock, c.case_id)).link_kind).toBeNull();
    await expect(createPayLink(rt.db, clock, c.case_id)).rejects.toMatchObject({ code: 'conflict' });
    const tasks = (await rt.db.query<any>(`SELECT kind, assignee_id FROM tasks WHERE account_id = $1`, [a.accountId])).rows;
    expect(tasks).toEqual([{ kind: 'dunning_cancellation_intent', assignee_id: 'tm_fin' }]);
    const reasons = (await rt.db.query<any>(`SELECT payload FROM events WHERE account_id = $1 AND kind = 'churn_reason.captured'`, [a.accountId])).rows;
    expect(reasons.map((r) => [r.payload.voluntary, r.payload.source])).toEqual([[true, 'dunning']]);
  });
});

describe('pre-dunning', () => {
  it('asks once about a card expiring within 30 days, not about a later one, and not at all with an account updater', async () => {
    const saved = clock.now();
    clock.set('2027-01-10T12:00:00Z');
    const withCard = async (exp_month: number, exp_year: number) => {
      const a = await account();
      const pm = store.attachPaymentMethod(store.createPaymentMethod({ number: '4242424242424242', exp_month, exp_year }).id, a.customer.id);
      store.updateCustomer(a.customer.id, { default_payment_method: pm.id });
      return a;
    };
    const expiring = await withCard(1, 2027); // valid through 31 January: 21 days left
    const later = await withCard(3, 2027);
    const deps = { db: rt.db, clock, stripe: () => stripeFor(rt.ctx.config), settings: DEFAULT_DUNNING_SETTINGS };
    expect(await predunningPass({ ...deps, settings: { ...DEFAULT_DUNNING_SETTINGS, TENURE_DUNNING_ACCOUNT_UPDATER: true } }, clock.now(), log)).toBe(0);
    expect(await predunningPass(deps, clock.now(), log)).toBe(1);
    const notices = (await rt.db.query<any>('SELECT account_id, exp_month, exp_year FROM predunning_notices')).rows;
    expect(notices).toEqual([{ account_id: expiring.accountId, exp_month: 1, exp_year: 2027 }]);
    // the same day again, and the next days: nothing more for that card
    expect(await predunningPass(deps, clock.now(), log)).toBe(0);
    clock.advance(86_400_000);
    expect(await predunningPass(deps, clock.now(), log)).toBe(0);
    expect((await rt.db.query<any>(`SELECT kind, account_id FROM tasks WHERE kind = 'predunning_card_expiring'`)).rows).toEqual([{ kind: 'predunning_card_expiring', account_id: expiring.accountId }]);
    expect(later.accountId).not.toBe(expiring.accountId);
    clock.set(saved);
  });
});
