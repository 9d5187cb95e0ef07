import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeDriver, messyStream, signatureHeader } from '../../dunning/stripe-local/driver';
import { parseForm, startLocalStripe, type LocalStripeServer } from '../../dunning/stripe-local/server';
import { stripeClient, stripeOffline } from '../../dunning/stripe';

// The local Stripe-compatible server, driven by the real stripe SDK the way Tenure drives Stripe.
let server: LocalStripeServer;
let stripe: Stripe;
beforeAll(async () => {
  server = await startLocalStripe();
  stripe = stripeClient('sk_test_local', server);
});
afterAll(() => server?.close());

describe('the local Stripe server', () => {
  it('serves customers, payment methods, subscriptions, invoices and their payments, charges and portal sessions', async () => {
    const customer = await stripe.customers.create({ email: 'lea@example.fr' });
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000009995', exp_month: 12, exp_year: 2030, cvc: '123' } });
    await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price_data: { unit_amount: 4900, currency: 'eur', product: 'prod_x', recurring: { interval: 'month' } } }] });
    expect(sub.status).toBe('active');
    const invoice = await stripe.invoices.create({ customer: customer.id, subscription: sub.id, amount: 4900 } as Stripe.InvoiceCreateParams);
    const declined = await stripe.invoices.pay(invoice.id).catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds', statusCode: 402 });
    const payments = await stripe.invoicePayments.list({ invoice: invoice.id });
    const piId = payments.data[0]!.payment.payment_intent as string;
    const pi = await stripe.paymentIntents.retrieve(piId);
    expect(pi.last_payment_error).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.outcome).toMatchObject({ type: 'issuer_declined', reason: 'insufficient_funds' });
    expect((await stripe.charges.list({ payment_intent: piId })).data).toHaveLength(1);
    expect((await stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: piId } })).data[0]!.invoice).toBe(invoice.id);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');

    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, flow_data: { type: 'payment_method_update' } });
    expect(portal.url).toMatch(/^https:\/\//);
    const good = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' } });
    await stripe.paymentMethods.attach(good.id, { customer: customer.id });
    expect((await stripe.invoices.pay(invoice.id, { payment_method: good.id })).status).toBe('paid');
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    expect(JSON.stringify(await stripe.paymentMethods.retrieve(pm.id))).not.toMatch(/tenure_/);
  });

  it('honours Idempotency-Key: the first answer is replayed, errors included; other parameters under the same key are refused', async () => {
    const key = 'pay:in_x:1';
    const a = await stripe.customers.create({ email: 'a@example.fr' }, { idempotencyKey: key });
    const again = await stripe.customers.create({ email: 'a@example.fr' }, { idempotencyKey: key });
    expect(again.id).toBe(a.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    await expect(stripe.customers.create({ email: 'b@example.fr' }, { idempotencyKey: key })).rejects.toMatchObject({ type: 'StripeIdempotencyError' });

    const customer = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: customer.id, amount: 100 } as Stripe.InvoiceCreateParams);
    const first = await stripe.invoices.pay(inv.id, {}, { idempotencyKey: `pay:${inv.id}:1` }).catch((e: Stripe.errors.StripeError) => e);
    const replay = await stripe.invoices.pay(inv.id, {}, { idempotencyKey: `pay:${inv.id}:1` }).catch((e: Stripe.errors.StripeError) => e);
    expect(replay).toMatchObject({ code: (first as Stripe.errors.StripeError).code, statusCode: 402 });
    expect((await stripe.charges.list({ customer: customer.id })).data).toHaveLength(1);
  });

  it('refuses keys that are not test keys and unknown objects, like Stripe', async () => {
    await expect(stripeClient('sk_live_nope', server).customers.create({})).rejects.toMatchObject({ statusCode: 401 });
    await expect(stripe.invoices.retrieve('in_missing')).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('parses Stripe\'s bracket notation', () => {
    expect(parseForm('a[b][c]=1&expand[0]=x&expand[1]=y&flat=2')).toEqual({ a: { b: { c: '1' } }, expand: { 0: 'x', 1: 'y' }, flat: '2' });
  });
});

describe('the webhook driver', () => {
  it('signs events so the stripe SDK accepts them, with one v1 per secret', () => {
    const driver = new StripeDriver(server.store, { secrets: ['whsec_a', 'whsec_b'] });
    const a = driver.customer();
    driver.cardFails(a, { decline_code: 'do_not_honor' });
    const { events } = driver.renewal(a);
    const [d] = driver.signed(events);
    expect(stripeOffline.webhooks.constructEvent(d!.payload, d!.header, 'whsec_b').id).toBe(d!.eventId);
    expect(() => stripeOffline.webhooks.constructEvent(d!.payload, signatureHeader(d!.payload, ['whsec_c'], Math.floor(Date.now() / 1000)), 'whsec_a')).toThrow(/signature/i);
  });

  it('makes duplicated, reordered streams that are the same on every run', () => {
    const items = [1, 2, 3, 4, 5];
    const s = messyStream(items, { copies: 3, seed: 42 });
    expect(s).toHaveLength(15);
    expect([...s].sort()).toEqual(items.flatMap((i) => [i, i, i]));
    expect(messyStream(items, { copies: 3, seed: 42 })).toEqual(s);
    expect(s).not.toEqual(items.flatMap((i) => [i, i, i]));
  });
});
