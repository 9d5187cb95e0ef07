import { randomBytes } from 'node:crypto';

// The local Stripe-compatible server's state: the objects Tenure reads and the events they raise,
// in memory, shaped like Stripe's API (version 2026-10-28: invoices reach their payment intents
// through `payments`, subscriptions through `parent.subscription_details`). Only what Tenure uses.

export type StripeObject = Record<string, unknown> & { id: string; object: string };

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** How a payment method behaves when charged. `card_behaviour` is the local server's own test hook. */
export interface CardBehaviour {
  /** top-level error code (default card_declined when a decline_code is given) */
  code?: string;
  decline_code?: string;
  advice_code?: string;
  network_advice_code?: string;
  network_decline_code?: string;
  /** Radar / Stripe block reason, e.g. highest_risk_level */
  outcome_reason?: string;
}

// Stripe's documented test cards (docs.stripe.com/testing) and what charging them does.
export const TEST_CARDS: Record<string, CardBehaviour | null> = {
  '4242424242424242': null,
  '5555555555554444': null,
  '4000000000000341': { decline_code: 'generic_decline' },
  '4000000000000002': { decline_code: 'generic_decline' },
  '4000000000009995': { decline_code: 'insufficient_funds' },
  '4000000000009987': { decline_code: 'lost_card' },
  '4000000000009979': { decline_code: 'stolen_card' },
  '4000000000000069': { code: 'expired_card' },
  '4000000000000127': { code: 'incorrect_cvc' },
  '4000000000000119': { code: 'processing_error' },
  '4000000000006975': { decline_code: 'card_velocity_exceeded' },
  '4000000000004954': { decline_code: 'generic_decline', outcome_reason: 'highest_risk_level' },
  '4000002760003184': { code: 'authentication_required', decline_code: 'authentication_required' },
};

const DAY = 86_400;

export class StripeStore {
  readonly objects = new Map<string, StripeObject>();
  readonly events: StripeObject[] = [];
  private listeners: ((e: StripeObject) => void)[] = [];
  private seq = 0;

  /** set by `at`: the time the store's objects and events are stamped with, instead of the clock's */
  private frozen: number | null = null;

  constructor(private clock: () => number = () => Math.floor(Date.now() / 1000)) {}

  /** From now on, time is `clock`'s (sandbox mode: the context clock, which a demo run moves). */
  useClock(clock: () => number): void {
    this.clock = clock;
  }

  /** Now, in Unix seconds: the clock's, or the time `at` is replaying. */
  now(): number {
    return this.frozen ?? this.clock();
  }

  /** Runs `fn` as if it were `seconds` (Unix time): sandbox mode replays the demo's past payments at the times they happened. */
  at<T>(seconds: number, fn: () => T): T {
    const before = this.frozen;
    this.frozen = Math.floor(seconds);
    try {
      return fn();
    } finally {
      this.frozen = before;
    }
  }

  id(prefix: string): string {
    return `${prefix}_${(++this.seq).toString(36).padStart(6, '0')}${randomBytes(6).toString('hex')}`;
  }

  onEvent(fn: (e: StripeObject) => void): () => void {
    this.listeners.push(fn);
    return () => void (this.listeners = this.listeners.filter((l) => l !== fn));
  }

  get(id: string, object: string): StripeObject {
    const o = this.objects.get(id);
    if (!o || o.object !== object) throw new StripeApiError(404, 'invalid_request_error', `No such ${object}: '${id}'`, { code: 'resource_missing', param: 'id' });
    return o;
  }

  private put<T extends StripeObject>(o: T): T {
    this.objects.set(o.id, o);
    return o;
  }

  private emit(type: string, o: StripeObject, previous?: Record<string, unknown>): void {
    const event: StripeObject = {
      id: this.id('evt'),
      object: 'event',
      api_version: '2026-10-28.endive',
      created: this.now(),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: structuredClone(o), ...(previous ? { previous_attributes: previous } : {}) },
    };
    this.events.push(event);
    for (const l of this.listeners) l(event);
  }

  // ---- customers and payment methods

  createCustomer(p: { email?: string; name?: string; metadata?: Record<string, string>; id?: string }): StripeObject {
    const c = this.put({
      id: p.id ?? this.id('cus'),
      object: 'customer',
      email: p.email ?? null,
      name: p.name ?? null,
      created: this.now(),
      metadata: p.metadata ?? {},
      invoice_settings: { default_payment_method: null as string | null },
    });
    this.emit('customer.created', c);
    return c;
  }

  updateCustomer(id: string, p: { default_payment_method?: string; email?: string; name?: string }): StripeObject {
    const c = this.get(id, 'customer');
    const previous: Record<string, unknown> = {};
    if (p.default_payment_method !== undefined) {
      this.get(p.default_payment_method, 'payment_method');
      const settings = c.invoice_settings as Record<string, unknown>;
      if (settings.default_payment_method !== p.default_payment_method) previous.invoice_settings = { default_payment_method: settings.default_payment_method };
      settings.default_payment_method = p.default_payment_method;
    }
    if (p.email !== undefined) c.email = p.email;
    if (p.name !== undefined) c.name = p.name;
    this.emit('customer.updated', c, Object.keys(previous).length ? previous : undefined);
    return c;
  }

  createPaymentMethod(p: { type?: string; number?: string; behaviour?: CardBehaviour | null; customer?: string; brand?: string; exp_month?: number; exp_year?: number }): StripeObject {
    const type = p.type ?? 'card';
    const number = p.number ?? '4242424242424242';
    if (type === 'card' && !(number in TEST_CARDS) && p.behaviour === undefined) {
      throw new StripeApiError(402, 'card_error', 'Your card number is incorrect.', { code: 'incorrect_number', param: 'number' });
    }
    const behaviour = p.behaviour !== undefined ? p.behaviour : (TEST_CARDS[number] ?? null);
    const pm = this.put({
      id: this.id('pm'),
      object: 'payment_method',
      type,
      customer: p.customer ?? null,
      created: this.now(),
      ...(type === 'card'
        ? { card: { brand: p.brand ?? (number.startsWith('5') ? 'mastercard' : number.startsWith('3') ? 'amex' : 'visa'), last4: number.slice(-4), exp_month: p.exp_month ?? 12, exp_year: p.exp_year ?? 2030, country: 'FR' } }
        : { [type]: { last4: '3000', country: 'FR' } }),
      metadata: {},
      // local only: what charging it does (Stripe's test numbers decide this on api.stripe.com)
      tenure_behaviour: behaviour,
    });
    return pm;
  }

  attachPaymentMethod(id: string, customer: string): StripeObject {
    const pm = this.get(id, 'payment_method');
    this.get(customer, 'customer');
    pm.customer = customer;
    this.emit('payment_method.attached', pm);
    return pm;
  }

  // ---- subscriptions and invoices

  createSubscription(p: { customer: string; amount: number; currency: string; default_payment_method?: string; id?: string }): StripeObject {
    this.get(p.customer, 'customer');
    const sub = this.put({
      id: p.id ?? this.id('sub'),
      object: 'subscription',
      customer: p.customer,
      status: 'active',
      currency: p.currency.toLowerCase(),
      default_payment_method: p.default_payment_method ?? null,
      created: this.now(),
      canceled_at: null as number | null,
      ended_at: null as number | null,
      cancel_at_period_end: false,
      cancellation_details: { reason: null as string | null, comment: null, feedback: null },
      items: { object: 'list', data: [{ id: this.id('si'), object: 'subscription_item', price: { unit_amount: p.amount, currency: p.currency.toLowerCase(), recurring: { interval: 'month' } }, quantity: 1 }] },
    });
    this.emit('customer.subscription.created', sub);
    return sub;
  }

  updateSubscription(id: string, p: { default_payment_method?: string; cancel_at_period_end?: boolean }): StripeObject {
    const sub = this.get(id, 'subscription');
    if (p.default_payment_method !== undefined) sub.default_payment_method = p.default_payment_method;
    if (p.cancel_at_period_end !== undefined) sub.cancel_at_period_end = p.cancel_at_period_end;
    this.emit('customer.subscription.updated', sub);
    return sub;
  }

  cancelSubscription(id: string, reason: 'cancellation_requested' | 'payment_failed' | 'payment_disputed' = 'cancellation_requested'): StripeObject {
    const sub = this.get(id, 'subscription');
    if (sub.status === 'canceled') return sub;
    const previous = { status: sub.status };
    Object.assign(sub, { status: 'canceled', canceled_at: this.now(), ended_at: this.now(), cancellation_details: { reason, comment: null, feedback: null } });
    this.emit('customer.subscription.updated', sub, previous);
    this.emit('customer.subscription.deleted', sub);
    return sub;
  }

  /** A finalized invoice for the customer (attempt_count 0), due now, charged automatically. */
  createInvoice(p: { customer: string; amount: number; currency: string; subscription?: string; collection_method?: 'charge_automatically' | 'send_invoice'; id?: string }): StripeObject {
    this.get(p.customer, 'customer');
    const id = p.id ?? this.id('in');
    const inv = this.put({
      id,
      object: 'invoice',
      customer: p.customer,
      status: 'open',
      currency: p.currency.toLowerCase(),
      amount_due: p.amount,
      amount_paid: 0,
      amount_remaining: p.amount,
      attempt_count: 0,
      attempted: false,
      collection_method: p.collection_method ?? 'charge_automatically',
      next_payment_attempt: null as number | null,
      hosted_invoice_url: `https://invoice.stripe.local/i/${id}`,
      created: this.now(),
      parent: p.subscription ? { type: 'subscription_details', subscription_details: { subscription: p.subscription } } : null,
      status_transitions: { finalized_at: this.now(), paid_at: null as number | null, marked_uncollectible_at: null as number | null },
      payments: { object: 'list', data: [] as StripeObject[], has_more: false, url: `/v1/invoices/${id}/payments` },
    });
    this.emit('invoice.created', inv);
    this.emit('invoice.finalized', inv);
    return inv;
  }

  private paymentMethodFor(inv: StripeObject, explicit?: string): StripeObject | null {
    if (explicit) return this.get(explicit, 'payment_method');
    const parent = inv.parent as { subscription_details?: { subscription: string } } | null;
    const sub = parent?.subscription_details ? this.objects.get(parent.subscription_details.subscription) : undefined;
    const customer = this.get(inv.customer as string, 'customer');
    const id = (sub?.default_payment_method as string | null) ?? (customer.invoice_settings as { default_payment_method: string | null }).default_payment_method;
    return id ? this.get(id, 'payment_method') : null;
  }

  /**
   * Attempts to pay an open invoice (invoices.pay, and the driver's scripted attempts): one charge on
   * the invoice's payment intent, succeeded or failed as the payment method's behaviour says, and the
   * events Stripe sends for it. A failure answers 402 like Stripe; `retryInHours` sets next_payment_attempt.
   */
  payInvoice(id: string, p: { payment_method?: string; retryInHours?: number | null } = {}): StripeObject {
    const inv = this.get(id, 'invoice');
    if (inv.status === 'paid') throw new StripeApiError(400, 'invalid_request_error', 'Invoice is already paid', { code: 'invoice_already_paid' });
    if (inv.status !== 'open') throw new StripeApiError(400, 'invalid_request_error', `You can only pay an open invoice; this one is ${String(inv.status)}`, { code: 'invoice_not_open' });
    const pm = this.paymentMethodFor(inv, p.payment_method);
    const payments = (inv.payments as { data: StripeObject[] }).data;
    let pi = payments.length ? this.get((payments.at(-1)!.payment as { payment_intent: string }).payment_intent, 'payment_intent') : null;
    if (!pi) {
      pi = this.put({
        id: this.id('pi'),
        object: 'payment_intent',
        amount: inv.amount_due,
        currency: inv.currency,
        customer: inv.customer,
        status: 'requires_payment_method',
        created: this.now(),
        payment_method: null as string | null,
        last_payment_error: null as Record<string, unknown> | null,
        latest_charge: null as string | null,
        off_session: true,
      });
      payments.push({ id: this.id('inpay'), object: 'invoice_payment', invoice: inv.id, status: 'open', amount_requested: inv.amount_due, payment: { type: 'payment_intent', payment_intent: pi.id }, created: this.now() });
    }
    const behaviour = (pm?.tenure_behaviour ?? null) as CardBehaviour | null;
    const failure: CardBehaviour | null = !pm ? { code: 'payment_intent_payment_attempt_failed' } : behaviour;
    const chargeId = this.id('ch');
    const declineCode = failure ? (failure.decline_code ?? (failure.code && failure.code !== 'card_declined' ? undefined : 'generic_decline')) : undefined;
    const code = failure ? (failure.code ?? 'card_declined') : undefined;
    const charge = this.put({
      id: chargeId,
      object: 'charge',
      amount: inv.amount_due,
      currency: inv.currency,
      customer: inv.customer,
      payment_intent: pi.id,
      payment_method: pm?.id ?? null,
      payment_method_details: pm ? { type: pm.type, ...(pm.card ? { card: { brand: (pm.card as { brand: string }).brand } } : {}) } : null,
      status: failure ? 'failed' : 'succeeded',
      paid: !failure,
      created: this.now(),
      failure_code: code ?? null,
      failure_message: failure ? 'Your card was declined.' : null,
      outcome: failure
        ? {
            type: failure.outcome_reason ? 'blocked' : 'issuer_declined',
            reason: failure.outcome_reason ?? declineCode ?? code ?? null,
            network_status: failure.outcome_reason ? 'not_sent_to_network' : 'declined_by_network',
            advice_code: failure.advice_code ?? null,
            network_advice_code: failure.network_advice_code ?? null,
            network_decline_code: failure.network_decline_code ?? null,
            seller_message: failure.outcome_reason ? 'Stripe blocked this payment.' : 'The bank did not return any further details with this decline.',
            risk_level: failure.outcome_reason === 'highest_risk_level' ? 'highest' : 'normal',
          }
        : { type: 'authorized', reason: null, network_status: 'approved_by_network', seller_message: 'Payment complete.', risk_level: 'normal' },
    });
    pi.latest_charge = chargeId;
    pi.payment_method = pm?.id ?? null;
    inv.attempt_count = (inv.attempt_count as number) + 1;
    inv.attempted = true;
    if (failure) {
      pi.status = code === 'authentication_required' ? 'requires_action' : 'requires_payment_method';
      pi.last_payment_error = {
        type: 'card_error',
        code,
        decline_code: declineCode ?? null,
        advice_code: failure.advice_code ?? null,
        network_advice_code: failure.network_advice_code ?? null,
        network_decline_code: failure.network_decline_code ?? null,
        message: 'Your card was declined.',
        charge: chargeId,
        payment_method: pm ? { id: pm.id, type: pm.type } : null,
      };
      inv.next_payment_attempt = p.retryInHours ? this.now() + Math.round(p.retryInHours * 3600) : null;
      this.emit('charge.failed', charge);
      this.emit('payment_intent.payment_failed', pi);
      if (pi.status === 'requires_action') this.emit('invoice.payment_action_required', inv);
      this.emit('invoice.payment_failed', inv);
      this.emit('invoice.updated', inv, { attempt_count: (inv.attempt_count as number) - 1 });
      this.markSubscription(inv, 'past_due');
      const err = pi.last_payment_error as Record<string, unknown>;
      throw new StripeApiError(402, 'card_error', 'Your card was declined.', { ...err, payment_intent: structuredClone(pi) });
    }
    pi.status = 'succeeded';
    pi.last_payment_error = null;
    for (const pay of (inv.payments as { data: StripeObject[] }).data) pay.status = 'paid';
    Object.assign(inv, { status: 'paid', amount_paid: inv.amount_due, amount_remaining: 0, next_payment_attempt: null });
    (inv.status_transitions as Record<string, unknown>).paid_at = this.now();
    this.emit('charge.succeeded', charge);
    this.emit('payment_intent.succeeded', pi);
    this.emit('invoice.paid', inv);
    this.emit('invoice.payment_succeeded', inv);
    this.emit('invoice.updated', inv, { status: 'open' });
    this.markSubscription(inv, 'active');
    return inv;
  }

  private markSubscription(inv: StripeObject, status: string): void {
    const parent = inv.parent as { subscription_details?: { subscription: string } } | null;
    const sub = parent?.subscription_details ? this.objects.get(parent.subscription_details.subscription) : undefined;
    if (!sub || sub.status === status || sub.status === 'canceled') return;
    const previous = { status: sub.status };
    sub.status = status;
    this.emit('customer.subscription.updated', sub, previous);
  }

  markUncollectible(id: string): StripeObject {
    const inv = this.get(id, 'invoice');
    if (inv.status !== 'open') throw new StripeApiError(400, 'invalid_request_error', `Invoice ${id} is ${String(inv.status)}, not open`);
    Object.assign(inv, { status: 'uncollectible', next_payment_attempt: null });
    (inv.status_transitions as Record<string, unknown>).marked_uncollectible_at = this.now();
    this.emit('invoice.marked_uncollectible', inv);
    this.emit('invoice.updated', inv, { status: 'open' });
    return inv;
  }

  billingPortalSession(p: { customer: string; return_url?: string; flow_type?: string }): StripeObject {
    this.get(p.customer, 'customer');
    const id = this.id('bps');
    return this.put({
      id,
      object: 'billing_portal.session',
      customer: p.customer,
      return_url: p.return_url ?? null,
      flow: p.flow_type ? { type: p.flow_type } : null,
      created: this.now(),
      expires_at: this.now() + DAY / 4,
      url: `https://billing.stripe.local/p/session/${id}`,
    });
  }

  /**
   * The customer completes a portal session's payment_method_update flow with card `number` (a
   * local test hook: on api.stripe.com this is the customer typing in the hosted portal). The new
   * card becomes the customer's default, and the subscriptions' own default too, as the portal does.
   */
  completePortalCardUpdate(sessionId: string, number: string): StripeObject {
    const session = this.get(sessionId, 'billing_portal.session');
    if ((session.flow as { type?: string } | null)?.type !== 'payment_method_update') {
      throw new StripeApiError(400, 'invalid_request_error', `Portal session ${sessionId} has no payment_method_update flow`);
    }
    if (session.tenure_completed) throw new StripeApiError(400, 'invalid_request_error', `Portal session ${sessionId} was already used`);
    session.tenure_completed = true;
    const customer = session.customer as string;
    const pm = this.attachPaymentMethod(this.createPaymentMethod({ number }).id, customer);
    for (const sub of this.objects.values()) {
      if (sub.object === 'subscription' && sub.customer === customer && sub.default_payment_method) this.updateSubscription(sub.id, { default_payment_method: pm.id });
    }
    this.updateCustomer(customer, { default_payment_method: pm.id });
    return pm;
  }

  /** invoices.payments across invoices: by invoice, or by the payment intent that paid (or failed to pay) one */
  invoicePayments(f: { invoice?: string | null; payment_intent?: string | null }) {
    const data = [...this.objects.values()]
      .filter((o) => o.object === 'invoice' && (!f.invoice || o.id === f.invoice))
      .flatMap((o) => (o.payments as { data: StripeObject[] }).data)
      .filter((pay) => !f.payment_intent || (pay.payment as { payment_intent: string }).payment_intent === f.payment_intent);
    return { object: 'list' as const, data, has_more: false, url: '/v1/invoice_payments' };
  }

  list(object: string, filter: (o: StripeObject) => boolean): { object: 'list'; data: StripeObject[]; has_more: false; url: string } {
    const data = [...this.objects.values()].filter((o) => o.object === object && filter(o)).sort((a, b) => Number(b.created) - Number(a.created));
    return { object: 'list', data, has_more: false, url: `/v1/${object}s` };
  }
}
