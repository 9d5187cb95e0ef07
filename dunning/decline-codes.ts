import type { ReasonClass } from './contract';

// Stripe's documented decline codes (docs.stripe.com/declines/codes) by the reason class the router
// works them under: the one home of "which kind of problem is this code". Issue 7's router adds the
// other columns (retry, customer action, whether the customer may be told) beside this table.
// Fraud-flavoured codes (lost, stolen, pickup, fraudulent) are bank declines: the customer is never
// told why, and nothing here names them to anyone.
export const DECLINE_REASON_CLASS: Readonly<Record<string, ReasonClass>> = {
  expired_card: 'card_expired',

  incorrect_address: 'card_data',
  incorrect_cvc: 'card_data',
  incorrect_number: 'card_data',
  incorrect_pin: 'card_data',
  incorrect_zip: 'card_data',
  invalid_account: 'card_data',
  invalid_cvc: 'card_data',
  invalid_expiry_month: 'card_data',
  invalid_expiry_year: 'card_data',
  invalid_number: 'card_data',
  invalid_pin: 'card_data',
  new_account_information_available: 'card_data',

  authentication_required: 'authentication',
  authentication_not_handled: 'authentication',
  mobile_device_authentication_required: 'authentication',
  offline_pin_required: 'authentication',
  online_or_offline_pin_required: 'authentication',
  pin_try_exceeded: 'authentication',

  insufficient_funds: 'insufficient_funds',
  withdrawal_count_limit_exceeded: 'insufficient_funds',
  card_velocity_exceeded: 'insufficient_funds',

  // the customer told their bank to stop paying us: a cancellation signal, not a card problem
  stop_payment_order: 'cancellation_intent',
  revocation_of_authorization: 'cancellation_intent',
  revocation_of_all_authorizations: 'cancellation_intent',

  call_issuer: 'bank_decline',
  card_not_supported: 'bank_decline',
  currency_not_supported: 'bank_decline',
  do_not_honor: 'bank_decline',
  do_not_try_again: 'bank_decline',
  fraudulent: 'bank_decline',
  invalid_amount: 'bank_decline',
  lost_card: 'bank_decline',
  merchant_blacklist: 'bank_decline',
  not_permitted: 'bank_decline',
  pickup_card: 'bank_decline',
  restricted_card: 'bank_decline',
  security_violation: 'bank_decline',
  service_not_allowed: 'bank_decline',
  stolen_card: 'bank_decline',
  transaction_not_allowed: 'bank_decline',

  approve_with_id: 'generic',
  duplicate_transaction: 'generic',
  generic_decline: 'generic',
  issuer_not_available: 'generic',
  no_action_taken: 'generic',
  processing_error: 'generic',
  reenter_transaction: 'generic',
  testmode_decline: 'generic',
  try_again_later: 'generic',
};

/** The reason class of a decline code; codes Stripe adds later are generic until classified. */
export function reasonClassOf(declineCode: string): ReasonClass {
  return DECLINE_REASON_CLASS[declineCode] ?? 'generic';
}
