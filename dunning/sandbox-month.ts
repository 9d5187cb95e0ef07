import type { Clock } from '../db/clock';
import type { DueWork } from '../db/due-work';
import type { Logger } from '../db/queue';
import type { Database } from '../db/database';
import type { Config } from '../server/config';
import { drainStripeEvents, HANDLED_EVENTS } from './intake';
import { receiveStripeWebhook } from './receive';
import type { DunningSettings } from './retry/settings';
import { sandboxStripeServer, stripeFor, webhookSecretFor } from './stripe';
import { StripeDriver, type Account } from './stripe-local/driver';
import type { CardBehaviour, StripeObject } from './stripe-local/store';

// Sandbox mode's billing, day by day on the context clock (so `tenure demo run` plays it): a few demo
// accounts' renewals fail on the local Stripe server each simulated day — an expired card or a card
// short of funds, in turn — and the simulated customers act as real ones do: the one with an expired
// card puts in a new card through a customer-portal session two days later (the pay link's flow), the
// one short of funds is paid three days later, so Tenure's pay-day retry goes through. Every event
// reaches Tenure as a signed webhook through the real intake; nothing here touches a case directly.

const FAILURES: readonly CardBehaviour[] = [{ code: 'expired_card' }, { decline_code: 'insufficient_funds' }];
const PER_DAY = 2;
const DAY = 86_400_000;
const unix = (d: Date) => Math.floor(d.getTime() / 1000);

interface Deps {
  db: Database;
  clock: Clock;
  config: Config;
  settings: DunningSettings;
}

async function deliver(deps: Deps, log: Logger, driver: StripeDriver, events: StripeObject[]): Promise<void> {
  for (const d of driver.signed(events.filter((e) => HANDLED_EVENTS.includes(e.type as string)))) await receiveStripeWebhook(deps, d.payload, d.header);
  await drainStripeEvents({ db: deps.db, clock: deps.clock, log, stripe: () => stripeFor(deps.config), settings: deps.settings });
}

/** The Stripe customer and subscription of a demo account on the local server (made on first use). */
function accountOn(driver: StripeDriver, a: { stripe_customer_id: string; mrr_minor: number | null; currency: string | null }): Account {
  const { store } = driver;
  const customer = store.objects.get(a.stripe_customer_id) ?? store.createCustomer({ id: a.stripe_customer_id });
  const subscription = [...store.objects.values()].find((o) => o.object === 'subscription' && o.customer === customer.id && o.status !== 'canceled')
    ?? store.createSubscription({ customer: customer.id, amount: Math.max(100, a.mrr_minor ?? 4900), currency: (a.currency ?? 'EUR').toLowerCase() });
  return { customer, subscription };
}

export async function sandboxBillingDay(deps: Deps, now: Date, log: Logger): Promise<number> {
  if (deps.config.STRIPE_SECRET_KEY || deps.config.TENURE_DEMO === 'off') return 0;
  const demo = await deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM demo_company');
  if (!demo.rows[0]!.n) return 0;
  const day = now.toISOString().slice(0, 10);
  const { rows: [{ n: before } = { n: 0 }] } = await deps.db.query<{ n: number }>('SELECT coalesce(sum(failures), 0)::int AS n FROM dunning_sandbox_days');
  const claimed = await deps.db.query('INSERT INTO dunning_sandbox_days (day, failures, created_at) VALUES ($1, $2, $3) ON CONFLICT (day) DO NOTHING', [day, 0, now]);
  if (claimed.rowCount !== 1) return 0;

  const { store } = await sandboxStripeServer();
  store.useClock(() => unix(deps.clock.now()));
  const driver = new StripeDriver(store, { secrets: [webhookSecretFor(deps.config)], now: () => unix(deps.clock.now()) });

  // today's failed renewals: a few active accounts, picked by the day (the same on every run)
  const { rows: picked } = await deps.db.query<{ id: string; stripe_customer_id: string; mrr_minor: number | null; currency: string | null }>(
    `SELECT a.id, a.stripe_customer_id, a.mrr_minor, a.currency FROM accounts a
     WHERE a.status = 'active' AND a.stripe_customer_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM dunning_cases c WHERE c.account_id = a.id AND c.closed_at IS NULL)
     ORDER BY md5(a.id || $1) LIMIT ${PER_DAY}`,
    [day],
  );
  const failed = driver.record(() => {
    picked.forEach((a, i) => {
      const account = accountOn(driver, a);
      driver.cardFails(account, FAILURES[(before + i) % FAILURES.length]!);
      driver.renewal(account, { amount: Math.max(100, a.mrr_minor ?? 4900) });
    });
  });
  // the failing card being set is how the script fails the payment, not a customer's card update
  await deliver(deps, log, driver, failed.filter((e) => e.type !== 'customer.updated'));
  await deps.db.query('UPDATE dunning_sandbox_days SET failures = $2 WHERE day = $1', [day, picked.length]);

  // the simulated customers of open cases act
  const { rows: open } = await deps.db.query<{ customer_id: string; reason_class: string }>(
    `SELECT customer_id, reason_class FROM dunning_cases WHERE closed_at IS NULL AND opened_at <= $1 AND reason_class IN ('card_expired', 'insufficient_funds') ORDER BY id`,
    [new Date(now.getTime() - 2 * DAY)],
  );
  const fixed = driver.record(() => {
    for (const c of open) {
      if (!store.objects.has(c.customer_id)) continue;
      if (c.reason_class === 'card_expired') {
        const session = store.billingPortalSession({ customer: c.customer_id, flow_type: 'payment_method_update' });
        store.completePortalCardUpdate(session.id, '4242424242424242');
      } else {
        // payday: the same card now has the funds
        const pm = (store.objects.get(c.customer_id)!.invoice_settings as { default_payment_method: string | null }).default_payment_method;
        const method = pm ? store.objects.get(pm) : undefined;
        if (method) method.tenure_behaviour = null;
      }
    }
  });
  await deliver(deps, log, driver, fixed);
  return picked.length + open.length;
}

export function sandboxBillingWork(deps: () => Deps): DueWork {
  return { name: 'dunning-sandbox-billing', run: (_db, now, log) => sandboxBillingDay(deps(), now, log) };
}
