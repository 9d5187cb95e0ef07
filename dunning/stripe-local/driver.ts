import { stripeOffline } from '../stripe';
import type { CardBehaviour, StripeObject, StripeStore } from './store';
// the same small generator as the model's folds, so a "shuffled" stream is the same on every run
import { seededRandom } from '../../scoring/model/random';

// Scripted Stripe scenarios for tests, the benchmark and sandbox mode: a customer whose payment fails
// with a given code, a card update followed by recovery, a cancellation; the events they raise,
// signed as Stripe signs them (`Stripe-Signature: t=…,v1=…`, by the real SDK), and delivery streams
// with duplicates and reordering.

export interface Delivery {
  eventId: string;
  type: string;
  payload: string;
  header: string;
}

/** Stripe's signature header for `payload` at `timestamp` (seconds), one v1 per secret (rotation). */
export function signatureHeader(payload: string, secrets: string[], timestamp: number): string {
  const v1 = secrets.map((secret) => /v1=([0-9a-f]+)/.exec(stripeOffline.webhooks.generateTestHeaderString({ payload, secret, timestamp }))![1]);
  return [`t=${timestamp}`, ...v1.map((s) => `v1=${s}`)].join(',');
}


/** Every delivery `copies` times, in an order shuffled by `seed` (Stripe: "not ordered; duplicates possible"). */
export function messyStream<T>(items: T[], opts: { copies?: number; seed?: number } = {}): T[] {
  const all = items.flatMap((d) => Array.from({ length: opts.copies ?? 1 }, () => d));
  if (opts.seed === undefined) return all;
  const rand = seededRandom(opts.seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}

export interface Account {
  customer: StripeObject;
  subscription: StripeObject;
}

export class StripeDriver {
  constructor(
    readonly store: StripeStore,
    private readonly opts: { secrets: string[]; now?: () => number },
  ) {}

  /** The events `fn` raised in the store. */
  record(fn: () => void): StripeObject[] {
    const seen: StripeObject[] = [];
    const off = this.store.onEvent((e) => seen.push(e));
    try {
      fn();
    } finally {
      off();
    }
    return seen;
  }

  /** A customer (with the id Tenure's account carries) on a monthly subscription paid by a good card. */
  customer(p: { id?: string; amount?: number; currency?: string } = {}): Account {
    const customer = this.store.createCustomer({ id: p.id });
    const pm = this.store.attachPaymentMethod(this.store.createPaymentMethod({ number: '4242424242424242' }).id, customer.id);
    this.store.updateCustomer(customer.id, { default_payment_method: pm.id });
    const subscription = this.store.createSubscription({ customer: customer.id, amount: p.amount ?? 4900, currency: p.currency ?? 'eur' });
    return { customer, subscription };
  }

  /** The customer's card starts failing as `behaviour` says (a scripted decline). */
  cardFails(a: Account, behaviour: CardBehaviour, type = 'card'): void {
    const pm = this.store.attachPaymentMethod(this.store.createPaymentMethod({ type, behaviour }).id, a.customer.id);
    this.store.updateCustomer(a.customer.id, { default_payment_method: pm.id });
  }

  /** A new invoice on the subscription and Stripe's first attempt to charge it. */
  renewal(a: Account, p: { amount?: number; retryInHours?: number | null; collection_method?: 'charge_automatically' | 'send_invoice' } = {}): { invoice: StripeObject; events: StripeObject[] } {
    let invoice: StripeObject | null = null;
    const events = this.record(() => {
      invoice = this.store.createInvoice({ customer: a.customer.id, subscription: a.subscription.id, amount: p.amount ?? 4900, currency: 'eur', collection_method: p.collection_method });
      this.attempt(invoice.id, p.retryInHours);
    });
    return { invoice: invoice!, events };
  }

  /** Stripe retries the invoice (Smart Retries): one more charge of the current payment method. */
  retry(invoiceId: string, retryInHours: number | null = null): StripeObject[] {
    return this.record(() => this.attempt(invoiceId, retryInHours));
  }

  private attempt(invoiceId: string, retryInHours: number | null = null): void {
    try {
      this.store.payInvoice(invoiceId, { retryInHours });
    } catch (e) {
      if ((e as { status?: number }).status !== 402) throw e;
    }
  }

  /** The customer enters a good card (the billing portal) and the open invoice is paid with it. */
  cardUpdatedAndPaid(a: Account, invoiceId: string): StripeObject[] {
    return this.record(() => {
      const pm = this.store.attachPaymentMethod(this.store.createPaymentMethod({ number: '4242424242424242' }).id, a.customer.id);
      this.store.updateCustomer(a.customer.id, { default_payment_method: pm.id });
      this.store.payInvoice(invoiceId);
    });
  }

  cancelled(a: Account, reason: 'cancellation_requested' | 'payment_failed' = 'cancellation_requested'): StripeObject[] {
    return this.record(() => this.store.cancelSubscription(a.subscription.id, reason));
  }

  uncollectible(invoiceId: string): StripeObject[] {
    return this.record(() => this.store.markUncollectible(invoiceId));
  }

  /** The events as Stripe delivers them: the raw JSON body and its signature header, signed now. */
  signed(events: StripeObject[], p: { at?: number; secrets?: string[] } = {}): Delivery[] {
    const at = p.at ?? this.opts.now?.() ?? Math.floor(Date.now() / 1000);
    return events.map((e) => {
      const payload = JSON.stringify(e, null, 2);
      return { eventId: e.id, type: e.type as string, payload, header: signatureHeader(payload, p.secrets ?? this.opts.secrets, at) };
    });
  }
}

/** POSTs each delivery to a Tenure `/webhooks/stripe` URL; returns the HTTP statuses. */
export async function deliverTo(url: string, deliveries: Delivery[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const d of deliveries) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': d.header }, body: d.payload });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}
