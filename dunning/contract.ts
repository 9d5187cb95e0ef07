import { z } from 'zod';
import { Currency, Id, MinorUnits, Timestamp } from '../ingest/scalars';

// CONTRACTS.md section 7: what dunning hands the planner for a `payment_recovery` play. It carries
// a reason class, never the raw decline code, so no prompt or model can leak "stolen card".

/** The decline router's classes; also the `reason_class` of `payment.failed` events. */
export const ReasonClass = z.enum([
  'card_expired',
  'card_data',
  'authentication',
  'bank_decline',
  'insufficient_funds',
  'generic',
  'cancellation_intent',
]);
export type ReasonClass = z.infer<typeof ReasonClass>;

/** What the customer must do for the payment to succeed (issue 7's router column). */
export const CustomerAction = z.enum(['update_payment_method', 'authenticate', 'contact_bank', 'fix_details', 'none']);
export type CustomerAction = z.infer<typeof CustomerAction>;
/** The actions a pay link serves (a card update, an authentication, corrected details); the others need no link. */
export const LINKABLE_ACTIONS: readonly CustomerAction[] = ['update_payment_method', 'authenticate', 'fix_details'];

/** How a dunning case ends; carried by the `dunning.case_closed` event. */
export const DunningOutcome = z.enum(['recovered', 'lost', 'cancelled']);
export type DunningOutcome = z.infer<typeof DunningOutcome>;

// Strict: an extra key such as `decline_code` is refused rather than silently dropped, so a caller
// that tries to pass the raw code finds out in tests, not in a transcript.
export const PaymentRecovery = z
  .strictObject({
    case_id: Id,
    invoice_id: Id,
    amount_due: MinorUnits,
    currency: Currency,
    attempt_count: z.number().int().nonnegative(),
    reason_class: ReasonClass,
    customer_action: CustomerAction,
    // false for fraud-class declines: the customer hears a generic decline
    reveal_reason: z.boolean(),
    message_key: z.string().regex(/^[a-z0-9_.]+$/, 'expected a message key such as dunning.card_expired'),
    link_kind: z.literal('pay_link').nullable(),
    purpose: z.literal('transactional'),
    not_before: Timestamp,
    expires_at: Timestamp,
  })
  .refine((p) => p.not_before <= p.expires_at, { path: ['expires_at'], message: 'expires_at is before not_before' });
export type PaymentRecovery = z.infer<typeof PaymentRecovery>;
