import { z } from 'zod';

// The parts of Stripe's objects Tenure reads (API 2026-10-28), checked at the edge. Loose: Stripe adds
// fields all the time, and a field Tenure does not read must never make it refuse an event.

const id = z.string().min(1);
/** An id, or the object itself when Stripe expanded it. */
const ref = z.union([id, z.looseObject({ id })]).transform((v) => (typeof v === 'string' ? v : v.id));

export const StripeEvent = z.looseObject({
  id: id.regex(/^evt_/, 'expected a Stripe event id (evt_…)'),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.looseObject({ object: z.looseObject({ id: z.string().optional(), object: z.string() }) }),
});
export type StripeEvent = z.infer<typeof StripeEvent>;

export const Invoice = z.looseObject({
  id,
  object: z.literal('invoice'),
  customer: ref,
  status: z.string().nullable(),
  amount_due: z.number().int().nonnegative(),
  currency: z.string().length(3),
  attempt_count: z.number().int().nonnegative().default(0),
  collection_method: z.string().nullish(),
  next_payment_attempt: z.number().int().nullish(),
  hosted_invoice_url: z.string().nullish(),
  created: z.number().int(),
  status_transitions: z.looseObject({ paid_at: z.number().int().nullish() }).nullish(),
  parent: z.looseObject({ subscription_details: z.looseObject({ subscription: ref }).nullish() }).nullish(),
});
export type Invoice = z.infer<typeof Invoice>;

export const InvoicePayment = z.looseObject({
  invoice: ref,
  payment: z.looseObject({ type: z.string(), payment_intent: ref.nullish(), charge: ref.nullish() }),
});

const PaymentError = z.looseObject({
  code: z.string().nullish(),
  decline_code: z.string().nullish(),
  advice_code: z.string().nullish(),
  network_advice_code: z.string().nullish(),
  network_decline_code: z.string().nullish(),
  charge: z.string().nullish(),
  payment_method: z.looseObject({ id: z.string().optional(), type: z.string() }).nullish(),
});

export const PaymentIntent = z.looseObject({
  id,
  object: z.literal('payment_intent'),
  created: z.number().int(),
  status: z.string(),
  last_payment_error: PaymentError.nullish(),
  latest_charge: ref.nullish(),
});
export type PaymentIntent = z.infer<typeof PaymentIntent>;

export const Charge = z.looseObject({
  id,
  object: z.literal('charge'),
  created: z.number().int(),
  status: z.string(),
  payment_intent: ref.nullish(),
  failure_code: z.string().nullish(),
  payment_method: z.string().nullish(),
  payment_method_details: z.looseObject({ type: z.string(), card: z.looseObject({ brand: z.string().nullish() }).nullish() }).nullish(),
  outcome: z
    .looseObject({
      type: z.string().nullish(),
      reason: z.string().nullish(),
      advice_code: z.string().nullish(),
      network_advice_code: z.string().nullish(),
      network_decline_code: z.string().nullish(),
    })
    .nullish(),
});
export type Charge = z.infer<typeof Charge>;

export const Subscription = z.looseObject({
  id,
  object: z.literal('subscription'),
  customer: ref,
  status: z.string(),
  canceled_at: z.number().int().nullish(),
  ended_at: z.number().int().nullish(),
  cancellation_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
});
export type Subscription = z.infer<typeof Subscription>;

export const subscriptionOf = (inv: Invoice): string | null => inv.parent?.subscription_details?.subscription ?? null;
