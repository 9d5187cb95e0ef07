import { describe, expect, it } from 'vitest';
import { DECLINE_CODES, route } from '../../dunning';

// The expected decision for every code Stripe documents, written by hand from Stripe's next-steps
// text (docs.stripe.com/declines/codes), Stripe's Smart Retries hard-decline list (★) and the H/S,
// Retry and Customer-action columns of research/dunning.md section 2, with the mapping
// (no → never, later → scheduled, immediately_once → once_soon, retry_with_correct_details →
// fix_details, use_other_method → update_payment_method). Departures, from the rules:
// fraud-class codes hide the reason; stop-payment and revocations are cancellation intent, never
// retried, and ask nothing of the bank (action none).
//   code                                 H/S retry                  action                 reveal cancel
const EXPECTED = `
authentication_required                 H  after_customer_action  authenticate           yes    no
authentication_not_handled              H  after_customer_action  authenticate           yes    no
approve_with_id                         S  once_soon              none                   yes    no
call_issuer                             S  scheduled              contact_bank           yes    no
card_not_supported                      H  never                  update_payment_method  yes    no
card_velocity_exceeded                  S  scheduled              contact_bank           yes    no
currency_not_supported                  H  never                  update_payment_method  yes    no
do_not_honor                            S  scheduled              contact_bank           yes    no
do_not_try_again                        H  never                  update_payment_method  yes    no
duplicate_transaction                   S  never                  none                   yes    no
expired_card                            H  after_customer_action  update_payment_method  yes    no
fraudulent                              H  never                  update_payment_method  no     no
generic_decline                         S  scheduled              contact_bank           yes    no
incorrect_address                       H  after_customer_action  fix_details            yes    no
incorrect_cvc                           H  after_customer_action  fix_details            yes    no
incorrect_number                        H  after_customer_action  update_payment_method  yes    no
incorrect_pin                           H  after_customer_action  fix_details            yes    no
incorrect_zip                           H  after_customer_action  fix_details            yes    no
insufficient_funds                      S  scheduled              update_payment_method  yes    no
invalid_account                         H  never                  update_payment_method  yes    no
invalid_amount                          H  never                  contact_bank           yes    no
invalid_cvc                             H  after_customer_action  fix_details            yes    no
invalid_expiry_month                    H  after_customer_action  fix_details            yes    no
invalid_expiry_year                     H  after_customer_action  fix_details            yes    no
invalid_number                          H  after_customer_action  update_payment_method  yes    no
invalid_pin                             H  after_customer_action  fix_details            yes    no
issuer_not_available                    S  once_soon              none                   yes    no
lost_card                               H  never                  update_payment_method  no     no
merchant_blacklist                      H  never                  update_payment_method  no     no
new_account_information_available       H  after_customer_action  update_payment_method  yes    no
no_action_taken                         S  scheduled              contact_bank           yes    no
not_permitted                           H  never                  contact_bank           yes    no
offline_pin_required                    H  never                  update_payment_method  yes    no
online_or_offline_pin_required          H  never                  update_payment_method  yes    no
pickup_card                             H  never                  update_payment_method  no     no
pin_try_exceeded                        H  never                  update_payment_method  yes    no
processing_error                        S  once_soon              none                   yes    no
reenter_transaction                     S  once_soon              none                   yes    no
restricted_card                         H  never                  update_payment_method  yes    no
revocation_of_all_authorizations        H  never                  none                   yes    yes
revocation_of_authorization             H  never                  none                   yes    yes
security_violation                      H  never                  contact_bank           yes    no
service_not_allowed                     H  never                  contact_bank           yes    no
stolen_card                             H  never                  update_payment_method  no     no
stop_payment_order                      H  never                  none                   yes    yes
testmode_decline                        H  never                  update_payment_method  yes    no
transaction_not_allowed                 H  never                  contact_bank           yes    no
try_again_later                         S  scheduled              none                   yes    no
withdrawal_count_limit_exceeded         S  scheduled              update_payment_method  yes    no
mobile_device_authentication_required   S  after_customer_action  authenticate           yes    no
`
  .trim()
  .split('\n')
  .map((line) => {
    const [code, hs, retry, customer_action, reveal, cancel] = line.trim().split(/\s+/);
    return { code: code!, expected: { hard: hs === 'H', retry, customer_action, reveal_reason: reveal === 'yes', cancellation_intent: cancel === 'yes' } };
  });

// Stripe's Smart Retries hard-decline list: never retried on the same card without the customer.
const STRIPE_HARD_LIST = ['incorrect_number', 'lost_card', 'pickup_card', 'stolen_card', 'revocation_of_authorization', 'revocation_of_all_authorizations', 'authentication_required', 'transaction_not_allowed'];

const pick = (d: ReturnType<typeof route>) => ({ hard: d.hard, retry: d.retry, customer_action: d.customer_action, reveal_reason: d.reveal_reason, cancellation_intent: d.cancellation_intent });

describe('the decline router', () => {
  it('has a row for every code Stripe documents, and the hand-written table covers them all', () => {
    expect(EXPECTED).toHaveLength(50);
    expect(Object.keys(DECLINE_CODES).sort()).toEqual(EXPECTED.map((e) => e.code).sort());
  });

  it.each(EXPECTED)('decides $code as written by hand', ({ code, expected }) => {
    expect(pick(route({ code: 'card_declined', decline_code: code }))).toEqual(expected);
  });

  it('never retries a code on Stripe\'s hard-decline list, nor Radar\'s highest risk level, without the customer', () => {
    for (const code of STRIPE_HARD_LIST) {
      const d = route({ code: 'card_declined', decline_code: code });
      expect(d.hard).toBe(true);
      expect(['never', 'after_customer_action']).toContain(d.retry);
      expect(d.max_retries).toBe(0);
    }
    const radar = route({ code: 'card_declined', decline_code: 'generic_decline', outcome_reason: 'highest_risk_level' });
    expect(pick(radar)).toEqual({ hard: true, retry: 'never', customer_action: 'update_payment_method', reveal_reason: false, cancellation_intent: false });
    expect(radar.message_key).toBe('dunning.generic_decline');
  });

  it('presents every fraud-class code as the generic decline', () => {
    for (const decline_code of ['fraudulent', 'lost_card', 'stolen_card', 'merchant_blacklist', 'pickup_card']) {
      const d = route({ code: 'card_declined', decline_code });
      expect(d).toMatchObject({ reveal_reason: false, message_key: 'dunning.generic_decline', reason_class: 'bank_decline' });
    }
  });

  it('reads the top-level code when no decline_code comes', () => {
    expect(pick(route({ code: 'expired_card' }))).toEqual(pick(route({ code: 'card_declined', decline_code: 'expired_card' })));
    expect(route({ code: 'incorrect_cvc' }).customer_action).toBe('fix_details');
    expect(route({ code: 'card_declined' })).toMatchObject({ retry: 'scheduled', customer_action: 'contact_bank', message_key: 'dunning.generic_decline', matched: 'code' });
    expect(route({ code: 'authentication_required' })).toMatchObject({ retry: 'after_customer_action', customer_action: 'authenticate' });
    expect(route({ code: 'processing_error' })).toMatchObject({ retry: 'once_soon', retry_after_hours: 1, max_retries: 1 });
    expect(route({ code: 'card_decline_rate_limit_exceeded' }).retry_after_hours).toBeGreaterThanOrEqual(24);
  });

  it('treats an unknown code as soft, hidden, not retried before the customer was told, then at most once a day later', () => {
    const d = route({ code: 'card_declined', decline_code: 'a_code_stripe_adds_next_year' });
    expect(pick(d)).toEqual({ hard: false, retry: 'after_customer_action', customer_action: 'update_payment_method', reveal_reason: false, cancellation_intent: false });
    expect(d).toMatchObject({ max_retries: 1, retry_after_hours: 24, matched: 'unknown', unknown_code: 'a_code_stripe_adds_next_year', message_key: 'dunning.generic_decline' });
    expect(route({ code: 'some_new_top_level_code' }).unknown_code).toBe('some_new_top_level_code');
    expect(route({}).matched).toBe('unknown');
  });

  it('reads a code as Stripe writes it whatever its case, spaces or hyphens ("Insufficient Funds ", "do-not-honor")', () => {
    expect(pick(route({ decline_code: ' Insufficient Funds ' }))).toEqual(pick(route({ decline_code: 'insufficient_funds' })));
    expect(route({ decline_code: 'Do-Not-Honor' }).matched).toBe('decline_code');
    expect(route({ code: 'card_declined', advice_code: 'DO_NOT_TRY_AGAIN', decline_code: 'insufficient_funds' }).retry).toBe('never');
    expect(() => route({ decline_code: '  ' })).toThrow(/must not be blank/);
  });

  it('sends non-card failures to the safe default: no retry, nothing specific said', () => {
    const d = route({ code: 'insufficient_funds', payment_method_type: 'sepa_debit' });
    expect(d).toMatchObject({ matched: 'non_card', retry: 'never', customer_action: 'none', reveal_reason: false, max_retries: 0 });
  });

  describe('advice codes outrank the table', () => {
    it('do_not_try_again and MAC 03 stop a retryable code', () => {
      for (const extra of [{ advice_code: 'do_not_try_again' }, { network_advice_code: '03' }, { network_advice_code: '3' }]) {
        const d = route({ code: 'card_declined', decline_code: 'insufficient_funds', ...extra });
        expect(pick(d)).toEqual({ hard: true, retry: 'never', customer_action: 'update_payment_method', reveal_reason: true, cancellation_intent: false });
        expect(d.max_retries).toBe(0);
        expect(d.overrides).toHaveLength(1);
      }
    });

    it('MAC 21 is the cardholder cancelling: never retried, cancellation intent', () => {
      const d = route({ code: 'card_declined', decline_code: 'do_not_honor', network_advice_code: '21' });
      expect(pick(d)).toEqual({ hard: true, retry: 'never', customer_action: 'none', reveal_reason: true, cancellation_intent: true });
      expect(d).toMatchObject({ reason_class: 'cancellation_intent', message_key: 'dunning.payment_stopped' });
    });

    it('confirm_card_data and MAC 01 ask for card data before any retry', () => {
      expect(route({ code: 'card_declined', decline_code: 'generic_decline', advice_code: 'confirm_card_data' })).toMatchObject({
        retry: 'after_customer_action', customer_action: 'fix_details', message_key: 'dunning.check_card_details', max_retries: 0,
      });
      expect(route({ code: 'card_declined', decline_code: 'do_not_honor', network_advice_code: '01' })).toMatchObject({
        retry: 'after_customer_action', customer_action: 'update_payment_method', max_retries: 0,
      });
    });

    it('MAC 24–30 retry no earlier than the advised delay', () => {
      const hours = { '24': 1, '25': 24, '26': 48, '27': 96, '28': 144, '29': 192, '30': 240 };
      for (const [mac, h] of Object.entries(hours)) {
        const d = route({ code: 'card_declined', decline_code: 'insufficient_funds', network_advice_code: mac });
        expect(d.retry).toBe('scheduled');
        expect(d.retry_after_hours).toBeGreaterThanOrEqual(h);
      }
      expect(route({ code: 'card_declined', decline_code: 'insufficient_funds', network_advice_code: '30' }).retry_after_hours).toBe(240);
      // a hard code the network says to retry later is retried, later
      expect(route({ code: 'card_declined', decline_code: 'do_not_try_again', network_advice_code: '27' })).toMatchObject({ retry: 'scheduled', retry_after_hours: 96 });
    });

    it('a stop-payment order stays a cancellation whatever the advice says, and the reason stays hidden for fraud codes', () => {
      expect(route({ code: 'card_declined', decline_code: 'stop_payment_order', network_advice_code: '24' })).toMatchObject({ retry: 'never', cancellation_intent: true });
      expect(route({ code: 'card_declined', decline_code: 'stop_payment_order', advice_code: 'confirm_card_data' })).toMatchObject({ retry: 'never', customer_action: 'none' });
      expect(route({ code: 'card_declined', decline_code: 'stolen_card', advice_code: 'do_not_try_again' })).toMatchObject({ reveal_reason: false, message_key: 'dunning.generic_decline' });
      expect(route({ code: 'card_declined', decline_code: 'lost_card', network_advice_code: '21' })).toMatchObject({ cancellation_intent: true, message_key: 'dunning.generic_decline' });
    });
  });
});
