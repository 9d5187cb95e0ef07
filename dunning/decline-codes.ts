import { z } from 'zod';
import type { CustomerAction, ReasonClass } from './contract';

// The decline-code table: the one home of "what does this failed payment mean and what do we do".
// One row per code, every column beside the reason class. Read by the router (router.ts), the demo
// company generator (through reasonClassOf) and the CLI; tested row by row in test/dunning.
//
// Sources: Stripe's decline-code list and next steps (docs.stripe.com/declines/codes), Stripe's Smart
// Retries hard-decline list (docs.stripe.com/billing/revenue-recovery/smart-retries), and the H/S,
// Retry and Customer-action columns of ../shared/research/dunning.md section 2, with the research
// words mapped: no → never, later → scheduled, immediately_once → once_soon,
// retry_with_correct_details → fix_details, use_other_method → update_payment_method.
// Two deliberate departures from those columns, both from issue 7's rules:
// - fraud-class codes never reveal the reason and carry the generic decline's message;
// - cancellation-intent codes (the cardholder told the bank to stop paying us) ask the customer to do
//   nothing with their bank: they are a conversation about the subscription, never retried.

/** How retries may proceed after this failure. */
export const Retry = z.enum(['never', 'after_customer_action', 'scheduled', 'once_soon']);
export type Retry = z.infer<typeof Retry>;

/** The customer message templates (messages.ts holds their text in every language). */
export const MessageKey = z.enum([
  'dunning.card_expired',
  'dunning.check_card_details',
  'dunning.reenter_card',
  'dunning.update_payment_method',
  'dunning.authenticate',
  'dunning.contact_bank',
  'dunning.insufficient_funds',
  'dunning.card_limit_reached',
  'dunning.payment_retrying',
  'dunning.possible_duplicate',
  'dunning.payment_stopped',
  'dunning.generic_decline',
  'dunning.payment_problem',
]);
export type MessageKey = z.infer<typeof MessageKey>;

export interface DeclineRow {
  reason_class: ReasonClass;
  /** the same credentials will keep failing */
  hard: boolean;
  retry: Retry;
  customer_action: CustomerAction;
  /** may the specific reason be told to the customer; false presents it as a generic decline */
  reveal_reason: boolean;
  /** the cardholder stopped paying us on purpose: a subscription conversation, not a card problem */
  cancellation_intent: boolean;
  message_key: MessageKey;
}

type Cells = [ReasonClass, 'H' | 'S', Retry, CustomerAction, 'reveal' | 'hide', MessageKey];
const row = ([reason_class, hs, retry, customer_action, reveal, message_key]: Cells): DeclineRow => ({
  reason_class,
  hard: hs === 'H',
  retry,
  customer_action,
  reveal_reason: reveal === 'reveal',
  cancellation_intent: reason_class === 'cancellation_intent',
  message_key,
});

// Fraud-class rows: hard, never retried, never revealed, told as the generic decline.
const FRAUD: Cells = ['bank_decline', 'H', 'never', 'update_payment_method', 'hide', 'dunning.generic_decline'];
// Cancellation intent: hard, never retried, nothing to ask of the bank.
const STOPPED: Cells = ['cancellation_intent', 'H', 'never', 'none', 'reveal', 'dunning.payment_stopped'];
const FIX: Cells = ['card_data', 'H', 'after_customer_action', 'fix_details', 'reveal', 'dunning.check_card_details'];
const BANK_HARD: Cells = ['bank_decline', 'H', 'never', 'contact_bank', 'reveal', 'dunning.contact_bank'];
const BANK_SOFT: Cells = ['bank_decline', 'S', 'scheduled', 'contact_bank', 'reveal', 'dunning.contact_bank'];
const TRANSIENT: Cells = ['generic', 'S', 'once_soon', 'none', 'reveal', 'dunning.payment_retrying'];
const AUTH: Cells = ['authentication', 'H', 'after_customer_action', 'authenticate', 'reveal', 'dunning.authenticate'];
const OTHER_CARD: Cells = ['bank_decline', 'H', 'never', 'update_payment_method', 'reveal', 'dunning.update_payment_method'];

/** Stripe's 50 documented card decline codes (docs.stripe.com/declines/codes, 2026-04). */
export const DECLINE_CODES: Readonly<Record<string, DeclineRow>> = Object.fromEntries(
  Object.entries({
    authentication_required: AUTH, // ★ on Stripe's hard list: an off-session retry cannot pass 3DS
    authentication_not_handled: AUTH,
    mobile_device_authentication_required: ['authentication', 'S', 'after_customer_action', 'authenticate', 'reveal', 'dunning.authenticate'],
    approve_with_id: TRANSIENT,
    issuer_not_available: TRANSIENT,
    processing_error: TRANSIENT,
    reenter_transaction: TRANSIENT,
    try_again_later: ['generic', 'S', 'scheduled', 'none', 'reveal', 'dunning.payment_retrying'],
    call_issuer: BANK_SOFT,
    do_not_honor: BANK_SOFT,
    no_action_taken: ['generic', 'S', 'scheduled', 'contact_bank', 'reveal', 'dunning.contact_bank'],
    generic_decline: ['generic', 'S', 'scheduled', 'contact_bank', 'reveal', 'dunning.generic_decline'],
    card_velocity_exceeded: ['insufficient_funds', 'S', 'scheduled', 'contact_bank', 'reveal', 'dunning.card_limit_reached'],
    withdrawal_count_limit_exceeded: ['insufficient_funds', 'S', 'scheduled', 'update_payment_method', 'reveal', 'dunning.card_limit_reached'],
    insufficient_funds: ['insufficient_funds', 'S', 'scheduled', 'update_payment_method', 'reveal', 'dunning.insufficient_funds'],
    duplicate_transaction: ['generic', 'S', 'never', 'none', 'reveal', 'dunning.possible_duplicate'],
    expired_card: ['card_expired', 'H', 'after_customer_action', 'update_payment_method', 'reveal', 'dunning.card_expired'],
    incorrect_address: FIX,
    incorrect_cvc: FIX,
    incorrect_pin: FIX,
    incorrect_zip: FIX,
    invalid_cvc: FIX,
    invalid_expiry_month: FIX,
    invalid_expiry_year: FIX,
    invalid_pin: FIX,
    incorrect_number: ['card_data', 'H', 'after_customer_action', 'update_payment_method', 'reveal', 'dunning.reenter_card'], // ★
    invalid_number: ['card_data', 'H', 'after_customer_action', 'update_payment_method', 'reveal', 'dunning.reenter_card'],
    new_account_information_available: ['card_data', 'H', 'after_customer_action', 'update_payment_method', 'reveal', 'dunning.update_payment_method'],
    invalid_account: ['card_data', 'H', 'never', 'update_payment_method', 'reveal', 'dunning.update_payment_method'],
    card_not_supported: OTHER_CARD,
    currency_not_supported: OTHER_CARD,
    do_not_try_again: OTHER_CARD,
    restricted_card: OTHER_CARD, // Stripe: "possibly lost or stolen"; the message stays neutral
    testmode_decline: ['generic', 'H', 'never', 'update_payment_method', 'reveal', 'dunning.update_payment_method'],
    offline_pin_required: ['authentication', 'H', 'never', 'update_payment_method', 'reveal', 'dunning.update_payment_method'],
    online_or_offline_pin_required: ['authentication', 'H', 'never', 'update_payment_method', 'reveal', 'dunning.update_payment_method'],
    pin_try_exceeded: ['authentication', 'H', 'never', 'update_payment_method', 'reveal', 'dunning.update_payment_method'],
    invalid_amount: BANK_HARD,
    not_permitted: BANK_HARD,
    security_violation: BANK_HARD,
    service_not_allowed: BANK_HARD,
    transaction_not_allowed: BANK_HARD, // ★
    fraudulent: FRAUD,
    lost_card: FRAUD, // ★
    merchant_blacklist: FRAUD,
    pickup_card: FRAUD, // ★ (Stripe: "possibly reported lost or stolen")
    stolen_card: FRAUD, // ★
    stop_payment_order: STOPPED,
    revocation_of_authorization: STOPPED, // ★
    revocation_of_all_authorizations: STOPPED, // ★
  } satisfies Record<string, Cells>).map(([code, cells]) => [code, row(cells)]),
);

/**
 * Top-level error `code`s (docs.stripe.com/error-codes) that come without a `decline_code`. A code that
 * is also a decline code (expired_card, incorrect_cvc, processing_error, …) uses that row.
 */
export const TOP_LEVEL_CODES: Readonly<Record<string, DeclineRow>> = Object.fromEntries(
  Object.entries({
    // "When a card is declined, the error returned also includes the decline_code": without one, generic
    card_declined: ['generic', 'S', 'scheduled', 'contact_bank', 'reveal', 'dunning.generic_decline'],
    // "You can try to charge this card again after 24 hours" (router.ts holds the delay)
    card_decline_rate_limit_exceeded: ['generic', 'S', 'scheduled', 'none', 'reveal', 'dunning.payment_retrying'],
    payment_intent_authentication_failure: AUTH,
    payment_intent_action_required: AUTH,
    invoice_payment_intent_requires_action: AUTH,
  } satisfies Record<string, Cells>).map(([code, cells]) => [code, row(cells)]),
);

/** Radar and Stripe block reasons read from a charge's `outcome.reason`; they outrank the decline code. */
export const OUTCOME_REASONS: Readonly<Record<string, DeclineRow>> = {
  // on Stripe's hard list; a fraud judgement, so told as a generic decline
  highest_risk_level: row(FRAUD),
  // Stripe blocked a retry after too many declines of this card (Visa's excessive-reattempt rule)
  previously_declined_do_not_retry: row(['bank_decline', 'H', 'never', 'update_payment_method', 'hide', 'dunning.generic_decline']),
};

/** Codes Stripe documents whose reason must never reach the customer (issue 7's fraud class). */
export const FRAUD_CLASS = ['fraudulent', 'lost_card', 'stolen_card', 'merchant_blacklist', 'pickup_card', 'highest_risk_level'] as const;

/**
 * An unknown code: soft, never revealed, not retried before the customer was told, then at most once
 * 24 hours or more later (router.ts), and logged by whoever routes it.
 */
export const UNKNOWN_CODE: DeclineRow = row(['generic', 'S', 'after_customer_action', 'update_payment_method', 'hide', 'dunning.generic_decline']);

/**
 * A failure that is not a card decline (SEPA debit, a bank transfer, an invoice sent for manual
 * payment): no retry, no specific wording, and a task for the account's owner (see cases.ts).
 */
export const NON_CARD: DeclineRow = row(['generic', 'S', 'never', 'none', 'hide', 'dunning.payment_problem']);

// Which kind of problem each documented code is: derived from the table, for the demo generator.
export const DECLINE_REASON_CLASS: Readonly<Record<string, ReasonClass>> = Object.fromEntries(
  Object.entries(DECLINE_CODES).map(([code, r]) => [code, r.reason_class]),
);

/** The reason class of a decline code; codes Stripe adds later are generic until classified. */
export function reasonClassOf(declineCode: string): ReasonClass {
  return DECLINE_CODES[declineCode]?.reason_class ?? UNKNOWN_CODE.reason_class;
}
