import { describe, it, expect } from 'vitest';
import { EvaluateInput, EvaluateResult, SuppressInput } from '../../agent/policy';
import type { z } from 'zod';

function fields(result: { success: boolean; error?: z.ZodError }): string[] {
  return result.error?.issues.map((i) => i.path.join('.')) ?? [];
}

const at = '2026-03-08T10:00:00-05:00';

describe('policy evaluate input', () => {
  it('takes a contact or a phone number', () => {
    expect(EvaluateInput.safeParse({ contactId: 'ct_1', channel: 'voice', purpose: 'marketing', at }).success).toBe(true);
    const byPhone = EvaluateInput.parse({ phone: '+12125550123', channel: 'sms', purpose: 'transactional', at });
    expect(byPhone.at).toBe('2026-03-08T15:00:00.000Z');
  });

  it('needs exactly one of contactId and phone', () => {
    const both = { contactId: 'ct_1', phone: '+12125550123', channel: 'sms', purpose: 'service', at };
    expect(fields(EvaluateInput.safeParse(both))).toEqual(['contactId']);
    expect(fields(EvaluateInput.safeParse({ channel: 'sms', purpose: 'service', at }))).toEqual(['contactId']);
  });

  it('refuses an unknown channel or purpose, a non-E.164 phone and a time without offset', () => {
    const bad = { phone: '0612345678', channel: 'fax', purpose: 'sales', at: '2026-03-08T10:00:00' };
    expect(fields(EvaluateInput.safeParse(bad))).toEqual(['phone', 'channel', 'purpose', 'at']);
  });
});

describe('policy evaluate result', () => {
  it('parses an allowed and a blocked answer', () => {
    expect(EvaluateResult.safeParse({ allowed: true, reasons: ['consent_assumed'], next_allowed_at: null }).success).toBe(true);
    const blocked = { allowed: false, reasons: ['outside_calling_hours'], next_allowed_at: '2026-03-09T08:00:00-05:00' };
    expect(EvaluateResult.parse(blocked).next_allowed_at).toBe('2026-03-09T13:00:00.000Z');
  });

  it('refuses a refusal without reasons and an unknown reason', () => {
    expect(fields(EvaluateResult.safeParse({ allowed: false, reasons: [], next_allowed_at: null }))).toEqual(['reasons']);
    expect(fields(EvaluateResult.safeParse({ allowed: false, reasons: ['mood'], next_allowed_at: null }))).toEqual(['reasons.0']);
  });
});

describe('suppress input', () => {
  it('parses a suppression for every channel or one, and needs exactly one target', () => {
    expect(SuppressInput.safeParse({ phone: '+33612345678', reason: 'opt_out_keyword', at }).success).toBe(true);
    expect(SuppressInput.safeParse({ contactId: 'ct_1', channel: 'voice', reason: 'do_not_contact', at }).success).toBe(true);
    expect(fields(SuppressInput.safeParse({ reason: 'admin', at }))).toEqual(['contactId']);
  });
});
