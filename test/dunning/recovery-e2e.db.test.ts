import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plannerSweep } from '../../agent/planner/due';
import { DEFAULT_SETTINGS } from '../../agent/policy/rules';
import { withTransaction } from '../../db/transaction';
import { ingestEvents } from '../../ingest/events/store';
import { rescoreSweep } from '../../ingest/rescore';
import { drainStripeEvents } from '../../dunning/intake';
import { hashToken } from '../../dunning/links/pay-links';
import { runDueRetries } from '../../dunning/retry/execute';
import { DEFAULT_DUNNING_SETTINGS } from '../../dunning/retry/settings';
import { SANDBOX_WEBHOOK_SECRET, sandboxStripeServer, stripeFor } from '../../dunning/stripe';
import { StripeDriver } from '../../dunning/stripe-local/driver';
import type { StripeObject } from '../../dunning/stripe-local/store';
import { sendDueSmsOutreach } from '../../telephony/sms/outreach';
import type { Persona } from '../../telephony/simulator/personas';
import { smsWorld, type World } from '../telephony/world';

// Issue 14's end-to-end path, every piece real but the network edge: an expired card fails on the
// local Stripe server → the webhook opens a case → the planner schedules a payment_recovery text →
// the SMS simulator's customer answers yes → one text carries a pay link → opening it creates a
// portal session → the customer's new card (the local server's portal hook) → the invoice is paid
// at once → the case is recovered → the account's score no longer counts the invoice unpaid.

let w: World;
let driver: StripeDriver;
const log = pino({ level: 'silent' });
const unix = () => Math.floor(w.clock.now().getTime() / 1000);

const persona: Persona = {
  name: 'expired-card-en',
  phone: '+12125550177',
  lang: 'en',
  disposition: 'passive',
  play: 'payment_recovery',
  replies: ['Yes please, send me the link'],
  expect: { status: 'open', end_reason: null, nps: null, nps_comment: null, reason: null, promise: true, opted_out: false, texts_received: 2 },
};

beforeAll(async () => {
  w = await smsWorld();
  w.sim.addPersona(persona);
  driver = new StripeDriver((await sandboxStripeServer()).store, { secrets: [SANDBOX_WEBHOOK_SECRET], now: unix });
});
afterAll(async () => w?.close());

async function deliver(events: StripeObject[]) {
  for (const d of driver.signed(events)) {
    const res = await w.rt.app!.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': d.header }, payload: d.payload });
    expect(res.statusCode).toBe(200);
  }
  await drainStripeEvents({ db: w.rt.db, clock: w.clock, log, stripe: () => stripeFor(w.rt.ctx.config), settings: DEFAULT_DUNNING_SETTINGS });
}
const rescore = () => rescoreSweep(w.rt.ctx.rescorers).run(w.rt.db, w.clock.now(), log);
const unpaidReason = async (accountId: string) =>
  ((await w.rt.db.query<any>('SELECT reason_codes FROM v_current_scores WHERE account_id = $1', [accountId])).rows[0]?.reason_codes ?? []).find((r: any) => r.code === 'unpaid_invoices');

describe('payment recovery, end to end', () => {
  it('expired card → one SMS with a pay link → portal session → card update → invoice paid → case recovered → score', async () => {
    // the process's local Stripe server keeps real time: Tenure's clock starts there too (paid_at must not be in its future)
    w.clock.set(new Date());
    const a = driver.store.at(unix(), () => driver.customer());
    await w.rt.db.query(`INSERT INTO accounts (id, external_id, name, owner_id, plan, mrr_minor, currency, country, time_zone, stripe_customer_id, created_at, updated_at)
      VALUES ('acc_pay', 'acc_pay', 'Paying Co', 'tm_owner', 'pro', 4900, 'EUR', 'US', 'America/New_York', $1, now(), now())`, [a.customer.id]);
    await w.rt.db.query(`INSERT INTO contacts (id, external_id, account_id, name, phone, language, role, created_at, updated_at) VALUES ('con_pay', 'con_pay', 'acc_pay', 'Pat Payer', $1, 'en', 'main', now(), now())`, [persona.phone]);

    driver.cardFails(a, { code: 'expired_card' });
    const { invoice, events } = driver.store.at(unix(), () => driver.renewal(a));
    // the billing history knows the invoice was issued (what the score counts as unpaid)
    await withTransaction(w.rt.db, (tx) => ingestEvents(tx, w.clock, [{ kind: 'invoice.issued', account_id: 'acc_pay', occurred_at: w.clock.now().toISOString(), dedupe_key: `test:issued:${invoice.id}`, payload: { invoice_id: invoice.id, amount_due: 4900, currency: 'EUR', due_at: w.clock.now().toISOString() } }], 'stripe'));
    await deliver(events);
    const [c] = (await w.rt.db.query<any>('SELECT * FROM v_dunning_cases WHERE invoice_id = $1', [invoice.id])).rows;
    expect(c).toMatchObject({ state: 'waiting_for_customer', reason_class: 'card_expired', customer_action: 'update_payment_method' });
    await rescore();
    expect((await unpaidReason('acc_pay'))).toBeTruthy();
    const businessScore = async () => (await w.rt.db.query<any>('SELECT components FROM v_current_scores WHERE account_id = $1', ['acc_pay'])).rows[0].components.business.score as number;
    const before = await businessScore();

    // the planner asks for the payment_recovery play on the first failure; the text goes at the allowed time
    await plannerSweep(w.clock, () => DEFAULT_SETTINGS).run(w.rt.db, w.clock.now(), log);
    const [o] = (await w.rt.db.query<any>(`SELECT scheduled_for, purpose FROM outreach WHERE account_id = 'acc_pay' AND play = 'payment_recovery'`)).rows;
    expect(o.purpose).toBe('transactional');
    w.clock.set(new Date(Math.max(o.scheduled_for.getTime(), w.clock.now().getTime())));
    await sendDueSmsOutreach(w.deps, DEFAULT_SETTINGS);
    await w.drain();

    const texts = w.sim.messages.filter((m: any) => m.to === persona.phone).map((m: any) => m.body as string);
    const withLink = texts.filter((t) => t.includes('/pay/'));
    expect(withLink).toHaveLength(1);
    const url = new URL(/(https?:\/\/\S+\/pay\/[A-Za-z0-9_-]+)/.exec(withLink[0]!)![1]!);
    expect(url.origin).toBe('https://tenure.example.test');
    // opaque: nothing of the case, the invoice or the customer in it; only its hash is stored
    for (const id of [c.case_id, invoice.id, a.customer.id, 'acc_pay']) expect(url.pathname).not.toContain(id);
    const token = url.pathname.split('/').pop()!;
    const stored = (await w.rt.db.query<any>('SELECT token_hash, purpose FROM pay_links WHERE case_id = $1', [c.case_id])).rows;
    expect(stored).toEqual([{ token_hash: hashToken(token), purpose: 'payment_method_update' }]);

    const opened = await w.rt.app!.inject({ method: 'GET', url: url.pathname });
    expect(opened.statusCode).toBe(303);
    const session = /\/p\/session\/(bps_[a-z0-9]+)/.exec(opened.headers.location as string)![1]!;
    expect(driver.store.get(session, 'billing_portal.session')).toMatchObject({ customer: a.customer.id, flow: { type: 'payment_method_update' } });

    await deliver(driver.record(() => driver.store.completePortalCardUpdate(session, '4242424242424242')));
    await runDueRetries({ db: w.rt.db, clock: w.clock, log, stripe: () => stripeFor(w.rt.ctx.config), settings: DEFAULT_DUNNING_SETTINGS });
    expect(driver.store.get(invoice.id, 'invoice').status).toBe('paid');
    const after = (await w.rt.db.query<any>('SELECT state FROM v_dunning_cases WHERE invoice_id = $1', [invoice.id])).rows[0];
    expect(after.state).toBe('recovered');
    const closed = (await w.rt.db.query<any>(`SELECT payload FROM events WHERE account_id = 'acc_pay' AND kind = 'dunning.case_closed'`)).rows;
    expect(closed.map((e) => e.payload.outcome)).toEqual(['recovered']);

    await rescore();
    expect(await unpaidReason('acc_pay')).toBeFalsy();
    // the business indicators (on-time payment) recover; the total also hears the SMS thread's tone
    expect(await businessScore()).toBeGreaterThan(before);

    // the link dies with its case
    expect((await w.rt.app!.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(410);
  });
});
