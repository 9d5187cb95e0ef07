import { describe, expect, it } from 'vitest';
import { DECLINE_REASON_CLASS, reasonClassOf } from '../../dunning';

// Stripe's 50 documented decline codes (docs.stripe.com/declines/codes, 2026-04), each classified once.
const STRIPE_CODES = `authentication_required authentication_not_handled approve_with_id call_issuer card_not_supported
card_velocity_exceeded currency_not_supported do_not_honor do_not_try_again duplicate_transaction expired_card fraudulent
generic_decline incorrect_address incorrect_cvc incorrect_number incorrect_pin incorrect_zip insufficient_funds
invalid_account invalid_amount invalid_cvc invalid_expiry_month invalid_expiry_year invalid_number invalid_pin
issuer_not_available lost_card merchant_blacklist new_account_information_available no_action_taken not_permitted
offline_pin_required online_or_offline_pin_required pickup_card pin_try_exceeded processing_error reenter_transaction
restricted_card revocation_of_all_authorizations revocation_of_authorization security_violation service_not_allowed
stolen_card stop_payment_order testmode_decline transaction_not_allowed try_again_later withdrawal_count_limit_exceeded
mobile_device_authentication_required`.split(/\s+/);

describe('decline codes', () => {
  it('classifies every documented code, and only those', () => {
    expect(STRIPE_CODES).toHaveLength(50);
    expect(Object.keys(DECLINE_REASON_CLASS).sort()).toEqual([...STRIPE_CODES].sort());
  });

  it('keeps an expired card apart from hardship, and a stop-payment order apart from card problems', () => {
    expect(reasonClassOf('expired_card')).toBe('card_expired');
    expect(reasonClassOf('insufficient_funds')).toBe('insufficient_funds');
    expect(reasonClassOf('stop_payment_order')).toBe('cancellation_intent');
    expect(reasonClassOf('stolen_card')).toBe('bank_decline');
    expect(reasonClassOf('a_code_stripe_adds_next_year')).toBe('generic');
  });
});
