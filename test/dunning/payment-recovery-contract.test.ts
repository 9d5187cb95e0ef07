import { describe, it, expect } from 'vitest';
import { PaymentRecovery, ReasonClass } from '../../dunning';
import { PaymentFailed } from '../../ingest';
import type { z } from 'zod';

function fields(result: { success: boolean; error?: z.ZodError }): string[] {
  return result.error?.issues.map((i) => i.path.join('.')) ?? [];
}

const recovery = {
  case_id: 'dc_1',
  invoice_id: 'in_1',
  amount_due: 4900,
  currency: 'EUR',
  attempt_count: 1,
  reason_class: 'card_expired',
  customer_action: 'update_payment_method',
  reveal_reason: true,
  message_key: 'dunning.card_expired',
  link_kind: 'pay_link',
  purpose: 'transactional',
  not_before: '2026-03-08T09:00:00+01:00',
  expires_at: '2026-03-22T09:00:00+01:00',
};

describe('payment recovery contract', () => {
  it('parses a valid context, with or without a link', () => {
    expect(PaymentRecovery.parse(recovery).not_before).toBe('2026-03-08T08:00:00.000Z');
    expect(PaymentRecovery.safeParse({ ...recovery, reason_class: 'bank_decline', customer_action: 'contact_bank', link_kind: null }).success).toBe(true);
  });

  it('never carries a raw decline code or advice code', () => {
    expect(fields(PaymentRecovery.safeParse({ ...recovery, decline_code: 'stolen_card' }))).toEqual(['']);
    const result = PaymentRecovery.safeParse({ ...recovery, decline_code: 'stolen_card', advice_code: 'do_not_try_again' });
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['decline_code', 'advice_code'] });
  });

  it('is transactional only', () => {
    expect(fields(PaymentRecovery.safeParse({ ...recovery, purpose: 'marketing' }))).toEqual(['purpose']);
  });

  it('refuses an unknown reason class, fractional amounts, a lower-case currency and a link kind other than pay_link', () => {
    const bad = { ...recovery, reason_class: 'stolen_card', amount_due: 49.0001, currency: 'eur', link_kind: 'portal' };
    expect(fields(PaymentRecovery.safeParse(bad))).toEqual(['amount_due', 'currency', 'reason_class', 'link_kind']);
  });

  it('refuses a window that expires before it opens', () => {
    expect(fields(PaymentRecovery.safeParse({ ...recovery, expires_at: '2026-03-01T00:00:00Z' }))).toEqual(['expires_at']);
  });

  it('shares its reason classes with the payment.failed event payload', () => {
    for (const reason_class of ReasonClass.options) {
      expect(PaymentFailed.safeParse({ invoice_id: 'in_1', amount_due: 100, currency: 'USD', reason_class }).success).toBe(true);
    }
    expect(PaymentFailed.safeParse({ invoice_id: 'in_1', amount_due: 100, currency: 'USD', reason_class: 'fraud' }).success).toBe(false);
  });
});
