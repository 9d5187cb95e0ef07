import type { Clock } from '../db/clock';
import type { Database } from '../db/database';
import type { Logger } from '../db/queue';
import type { HandedOverInvoice } from '../ingest/demo/seed';
import type { Config } from '../server/config';
import { drainStripeEvents, HANDLED_EVENTS } from './intake';
import { receiveStripeWebhook } from './receive';
import { sandboxStripeServer, stripeFor, webhookSecretFor } from './stripe';
import { StripeDriver, type Account } from './stripe-local/driver';
import { TEST_CARDS, type CardBehaviour } from './stripe-local/store';

// Sandbox mode's failed payments: the demo's recent failed invoices (handed over by the seed, which
// does not store them) are played on the local Stripe server at the times they happened — the
// customer, the subscription, the invoice, each declined charge, the payment if it came — and the
// events Stripe raises are signed and received by the real intake (receive.ts), then worked by the
// intake's own drain, which re-reads them from the local server through the stripe SDK and routes
// each decline. All of it before /healthz says ok, so the first start shows the cases.

/** What charging a card that declines with `code` does: Stripe's test card for it, else a plain decline. */
function behaviourFor(code: string): CardBehaviour {
  return Object.values(TEST_CARDS).find((b) => b && !b.outcome_reason && (b.decline_code === code || (b.code === code && !b.decline_code))) ?? { decline_code: code };
}

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

export interface ReplayResult {
  invoices: number;
  /** webhook deliveries received (the events the sandbox endpoint subscribes to: those Tenure handles) */
  deliveries: number;
  worked: number;
}

export async function replayDemoPayments(deps: { db: Database; clock: Clock; log: Logger; config: Config }, invoices: HandedOverInvoice[]): Promise<ReplayResult> {
  const { store } = await sandboxStripeServer();
  const driver = new StripeDriver(store, { secrets: [webhookSecretFor(deps.config)], now: () => unix(deps.clock.now()) });
  const events = driver.record(() => {
    for (const inv of invoices) {
      const account = store.at(unix(inv.issued_at), (): Account => {
        const customer = store.objects.get(inv.stripe_customer_id) ?? store.createCustomer({ id: inv.stripe_customer_id });
        const subscription = store.objects.get(inv.subscription_id) ?? store.createSubscription({ id: inv.subscription_id, customer: customer.id, amount: inv.amount_due, currency: inv.currency });
        store.createInvoice({ id: inv.invoice_id, customer: customer.id, subscription: subscription.id, amount: inv.amount_due, currency: inv.currency });
        return { customer, subscription };
      });
      inv.failures.forEach((f, i) => {
        const next = inv.failures[i + 1]?.at ?? null;
        store.at(unix(f.at), () => {
          driver.cardFails(account, behaviourFor(f.code));
          driver.retry(inv.invoice_id, next ? (next.getTime() - f.at.getTime()) / 3_600_000 : null);
        });
      });
      if (inv.paid_at) store.at(unix(inv.paid_at), () => driver.cardUpdatedAndPaid(account, inv.invoice_id));
    }
  });
  // a replayed card change is history (its payment is replayed too): it must not start a payment now
  const deliveries = driver.signed(events.filter((e) => HANDLED_EVENTS.includes(e.type as string) && e.type !== 'customer.updated'));
  for (const d of deliveries) await receiveStripeWebhook(deps, d.payload, d.header);
  const worked = await drainStripeEvents({ db: deps.db, clock: deps.clock, log: deps.log, stripe: () => stripeFor(deps.config) });
  return { invoices: invoices.length, deliveries: deliveries.length, worked };
}
