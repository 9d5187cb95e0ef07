import { z } from 'zod';
import type { CustomerAction, ReasonClass } from './contract';
import { DECLINE_CODES, NON_CARD, OUTCOME_REASONS, TOP_LEVEL_CODES, UNKNOWN_CODE, type DeclineRow, type MessageKey, type Retry } from './decline-codes';

// The decline router: what one failed payment means, from the fields Stripe gives for it. The table
// (decline-codes.ts) answers for the code; the per-charge advice outranks it, in this order:
//   1. stop   — advice_code do_not_try_again, Mastercard advice (MAC) 03 or 21: never retried; MAC 21
//               is the cardholder cancelling the recurring payment (cancellation intent);
//   2. data   — confirm_card_data or MAC 01: the customer must give card data again before a retry;
//   3. delay  — MAC 24–30: retried, but no earlier than the network's delay.
// try_again_later and MAC 02 agree with the table's own scheduled retries and change nothing.
// Cancellation intent is never undone by a later rule.

/** What Stripe tells about one failed attempt (last_payment_error, or a charge's failure_code and outcome). */
// Stripe writes codes in lower snake case; an export or a hand-typed CSV may not ("Insufficient Funds ").
export const StripeCode = z
  .string()
  .transform((s) => s.trim().toLowerCase().replace(/[\s-]+/g, '_'))
  .pipe(z.string().min(1, 'must not be blank'));

export const DeclineInput = z.object({
  decline_code: StripeCode.nullish(),
  code: StripeCode.nullish(),
  advice_code: StripeCode.nullish(),
  network_advice_code: z.string().regex(/^[0-9A-Za-z]{1,4}$/, 'expected a network advice code such as 03 or 24').nullish(),
  /** a charge's outcome.reason: Radar's highest_risk_level, Stripe's previously_declined_do_not_retry */
  outcome_reason: StripeCode.nullish(),
  /** the payment method's type: anything but `card` is a non-card failure */
  payment_method_type: z.string().min(1).nullish(),
});
export type DeclineInput = z.input<typeof DeclineInput>;

export interface Decision extends DeclineRow {
  /** earliest retry, in hours after the failure (after the customer was told, for an unknown code) */
  retry_after_hours: number | null;
  /** automatic retries allowed for this failure */
  max_retries: number;
  /** what decided the base row */
  matched: 'decline_code' | 'code' | 'outcome_reason' | 'unknown' | 'non_card';
  /** the advice that outranked the table, e.g. `network_advice_code:21` */
  overrides: string[];
  /** the code nobody classified (log it), or null */
  unknown_code: string | null;
}

/** Scheduled retries: hours after each failure (the first four days of a two-week window). */
export const SCHEDULED_RETRY_HOURS = [24, 72, 120, 168] as const;
/** once_soon: one prompt retry, an hour later. */
export const ONCE_SOON_HOURS = 1;
/** An unknown code is retried at most once, this long after the customer was told. */
export const UNKNOWN_RETRY_HOURS = 24;

/** Mastercard Merchant Advice Codes 24–30: retry no earlier than this many hours. */
export const MAC_DELAY_HOURS: Readonly<Record<string, number>> = { '24': 1, '25': 24, '26': 48, '27': 96, '28': 144, '29': 192, '30': 240 };

function retryShape(retry: Retry): Pick<Decision, 'retry_after_hours' | 'max_retries'> {
  switch (retry) {
    case 'never':
    case 'after_customer_action':
      return { retry_after_hours: null, max_retries: 0 };
    case 'once_soon':
      return { retry_after_hours: ONCE_SOON_HOURS, max_retries: 1 };
    case 'scheduled':
      return { retry_after_hours: SCHEDULED_RETRY_HOURS[0], max_retries: SCHEDULED_RETRY_HOURS.length };
  }
}

function base(input: z.output<typeof DeclineInput>): Pick<Decision, 'matched' | 'unknown_code'> & { row: DeclineRow } {
  if (input.payment_method_type && input.payment_method_type !== 'card') return { row: NON_CARD, matched: 'non_card', unknown_code: null };
  const outcome = input.outcome_reason ? OUTCOME_REASONS[input.outcome_reason] : undefined;
  if (outcome) return { row: outcome, matched: 'outcome_reason', unknown_code: null };
  if (input.decline_code) {
    const r = DECLINE_CODES[input.decline_code];
    return r ? { row: r, matched: 'decline_code', unknown_code: null } : { row: UNKNOWN_CODE, matched: 'unknown', unknown_code: input.decline_code };
  }
  if (input.code) {
    const r = DECLINE_CODES[input.code] ?? TOP_LEVEL_CODES[input.code];
    return r ? { row: r, matched: 'code', unknown_code: null } : { row: UNKNOWN_CODE, matched: 'unknown', unknown_code: input.code };
  }
  return { row: UNKNOWN_CODE, matched: 'unknown', unknown_code: '(none)' };
}

/** The decision for one failed attempt. Throws on malformed input (a CLI or webhook edge checks first). */
export function route(raw: DeclineInput): Decision {
  const input = DeclineInput.parse(raw);
  const { row, matched, unknown_code } = base(input);
  const d: Decision = { ...row, ...retryShape(row.retry), matched, overrides: [], unknown_code };
  if (matched === 'unknown') Object.assign(d, { retry_after_hours: UNKNOWN_RETRY_HOURS, max_retries: 1 });
  if (matched === 'non_card') return d;

  const mac = input.network_advice_code ? input.network_advice_code.padStart(2, '0') : null;
  const advice = input.advice_code ?? null;
  const set = (change: Partial<Decision>, by: string) => {
    Object.assign(d, change);
    d.overrides.push(by);
  };
  // a changed action changes the wording, unless the reason is hidden (then it stays the generic decline)
  const messageFor = (action: CustomerAction, specific: MessageKey): MessageKey =>
    !d.reveal_reason ? 'dunning.generic_decline' : d.customer_action === action ? d.message_key : specific;
  const stop = { retry: 'never' as const, hard: true, retry_after_hours: null, max_retries: 0 };

  // 1. stop
  if (mac === '21') {
    const reason_class: ReasonClass = 'cancellation_intent';
    set({ ...stop, cancellation_intent: true, reason_class, customer_action: 'none', message_key: d.reveal_reason ? 'dunning.payment_stopped' : 'dunning.generic_decline' }, 'network_advice_code:21');
  } else if (advice === 'do_not_try_again' || mac === '03') {
    const action: CustomerAction = d.cancellation_intent ? 'none' : 'update_payment_method';
    set({ ...stop, customer_action: action, message_key: messageFor(action, 'dunning.update_payment_method') }, advice === 'do_not_try_again' ? 'advice_code:do_not_try_again' : 'network_advice_code:03');
  }
  if (d.retry === 'never' && (d.cancellation_intent || d.overrides.length)) return d;

  // 2. card data
  if (advice === 'confirm_card_data' || mac === '01') {
    const action: CustomerAction = advice === 'confirm_card_data' ? 'fix_details' : 'update_payment_method';
    const message: MessageKey = action === 'fix_details' ? 'dunning.check_card_details' : 'dunning.update_payment_method';
    set({ retry: 'after_customer_action', customer_action: action, message_key: messageFor(action, message), retry_after_hours: null, max_retries: 0 }, advice === 'confirm_card_data' ? 'advice_code:confirm_card_data' : 'network_advice_code:01');
    return d;
  }

  // 3. delay
  const delay = mac ? MAC_DELAY_HOURS[mac] : undefined;
  if (delay !== undefined && !d.cancellation_intent) {
    set({ retry: 'scheduled', hard: false, retry_after_hours: Math.max(delay, d.retry_after_hours ?? 0), max_retries: Math.max(1, d.max_retries) }, `network_advice_code:${mac}`);
  }
  return d;
}
