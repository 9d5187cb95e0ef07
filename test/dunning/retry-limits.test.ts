import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayRetry, type LedgerAttempt } from '../../dunning/retry/limits';
import { localMorning, nextPayDayMorning } from '../../dunning/retry/paydays';
import { DEFAULT_DUNNING_SETTINGS, dunningSettings, limitsOf } from '../../dunning/retry/settings';
import { localTime } from '../../agent/policy/calendar';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const limits = limitsOf(DEFAULT_DUNNING_SETTINGS);

// One customer's month: Stripe's own retries (not Tenure's to control), Tenure asking to retry,
// the customer putting in a new card; each attempt declines softly, says "do not retry", or pays.
// Bursts (many attempts the same hour) and quiet days, several invoices on one card: enough to fill
// every window, so a limit off by one fails the property.
const Step = fc.record({
  gapHours: fc.constantFrom(0, 0, 0, 1, 2, 5, 12, 30, 72),
  actor: fc.oneof({ arbitrary: fc.constant('stripe' as const), weight: 12 }, { arbitrary: fc.constant('tenure' as const), weight: 27 }, { arbitrary: fc.constant('customer_new_card' as const), weight: 1 }),
  outcome: fc.oneof({ arbitrary: fc.constant('soft' as const), weight: 36 }, { arbitrary: fc.constant('do_not_retry' as const), weight: 1 }, { arbitrary: fc.constant('paid' as const), weight: 3 }),
  invoice: fc.integer({ min: 0, max: 9 }),
});
const Brand = fc.constantFrom('visa', 'mastercard', 'amex', null);

function windowCount(ledger: LedgerAttempt[], card: string, at: number, ms: number) {
  return ledger.filter((a) => a.card === card && a.at.getTime() > at - ms && a.at.getTime() <= at).length;
}

describe('retry limits over the attempt ledger (property)', () => {
  it('never exceeds the card-network limits or the per-charge budget, and never retries after a do-not-retry signal', () => {
    const stats = { runs: 0, tenure: 0, refusals: 0 };
    fc.assert(
      fc.property(Brand, fc.array(Step, { minLength: 100, maxLength: 500, size: 'max' }), (brand, steps) => {
        const ledger: LedgerAttempt[] = [];
        let card = 'pm_0';
        let t = Date.UTC(2026, 0, 1);
        let tenureAttempts = 0;
        let refusals = 0;
        const paid = new Set<number>();
        for (const s of steps) {
          t += s.gapHours * HOUR;
          const invoiceId = `in_${s.invoice}`;
          if (paid.has(s.invoice)) continue;
          if (s.actor === 'customer_new_card') {
            card = `pm_${ledger.length + 1}`;
            continue;
          }
          const at = new Date(t);
          if (s.actor === 'tenure') {
            const v = mayRetry({ card, brand, invoiceId, at, ledger, limits, automatic: true });
            if (!v.ok) {
              refusals++;
              if (v.earliest) expect(v.earliest.getTime()).toBeGreaterThan(t);
              continue;
            }
            tenureAttempts++;
            // what the property promises, checked against the ledger as it stood
            expect(ledger.some((a) => a.card === card && a.do_not_retry)).toBe(false);
            if (brand === 'mastercard') {
              expect(windowCount(ledger, card, t, DAY) + 1).toBeLessThanOrEqual(limits.mastercardMax24h);
              expect(windowCount(ledger, card, t, 30 * DAY) + 1).toBeLessThanOrEqual(limits.mastercardMax30d);
            } else {
              expect(windowCount(ledger, card, t, 30 * DAY) + 1).toBeLessThanOrEqual(brand === 'visa' ? limits.visaMax30d : limits.otherMax30d);
            }
            expect(ledger.filter((a) => a.invoice_id === invoiceId && a.source !== 'customer').length - 1 + 1).toBeLessThanOrEqual(limits.maxRetriesPerCharge);
          }
          ledger.push({ card, invoice_id: invoiceId, at, source: s.actor === 'stripe' ? 'stripe' : 'tenure', succeeded: s.outcome === 'paid', do_not_retry: s.outcome === 'do_not_retry' });
          if (s.outcome === 'paid') paid.add(s.invoice);
        }
        stats.runs++;
        stats.tenure += tenureAttempts;
        stats.refusals += refusals;
        return true;
      }),
      { numRuns: 200, seed: 14 },
    );
    // the runs reached the limits (else the property would prove nothing)
    expect(stats.refusals).toBeGreaterThan(stats.runs);
    expect(stats.tenure).toBeGreaterThan(stats.runs);
  });

  it('a wait names the moment the window frees up, and retrying then is allowed', () => {
    const at = new Date(Date.UTC(2026, 0, 31));
    const ledger: LedgerAttempt[] = Array.from({ length: 15 }, (_, i) => ({ card: 'pm_v', invoice_id: `in_${i}`, at: new Date(at.getTime() - (29 - i) * DAY), source: 'stripe', succeeded: false, do_not_retry: false }));
    const v = mayRetry({ card: 'pm_v', brand: 'visa', invoiceId: 'in_x', at, ledger, limits, automatic: true });
    expect(v).toMatchObject({ ok: false, reason: 'card_30d_limit' });
    expect(mayRetry({ card: 'pm_v', brand: 'visa', invoiceId: 'in_x', at: (v as { earliest: Date }).earliest, ledger, limits, automatic: true })).toEqual({ ok: true });
    // a new card starts with a clean ledger; the customer's own payment is not a retry of the charge
    expect(mayRetry({ card: 'pm_new', brand: 'visa', invoiceId: 'in_x', at, ledger, limits, automatic: true })).toEqual({ ok: true });
  });

  it('reads its limits from TENURE_DUNNING_* with the stated defaults', () => {
    expect(limits).toEqual({ visaMax30d: 15, mastercardMax24h: 10, mastercardMax30d: 35, otherMax30d: 15, maxRetriesPerCharge: 8 });
    expect(DEFAULT_DUNNING_SETTINGS.TENURE_DUNNING_STRIPE_SMART_RETRIES).toBe(false);
    const s = dunningSettings({ TENURE_DUNNING_VISA_MAX_30D: '20', TENURE_DUNNING_STRIPE_SMART_RETRIES: 'true', HOME: '/x' });
    expect([s.TENURE_DUNNING_VISA_MAX_30D, s.TENURE_DUNNING_STRIPE_SMART_RETRIES]).toEqual([20, true]);
    expect(() => dunningSettings({ TENURE_DUNNING_VISA_MAX_30D: 'lots' })).toThrow();
  });
});

describe('insufficient funds: the next pay-day morning', () => {
  it('lands on the country’s pay day at the local morning hour', () => {
    // US pays on the 1st and 15th; New York morning at 09:00
    const at = nextPayDayMorning(new Date('2026-03-03T15:00:00Z'), 'US', 'America/New_York', 9);
    expect(localTime(at, 'America/New_York')).toMatchObject({ date: '2026-03-15', minute: 540 });
    // France: the month's last day; Paris time, across the daylight-saving change of 29 March
    const fr = nextPayDayMorning(new Date('2026-03-20T10:00:00Z'), 'FR', null, 9);
    expect(fr.toISOString()).toBe('2026-03-31T07:00:00.000Z');
    // an unknown country: the 1st and the 15th, in UTC
    expect(nextPayDayMorning(new Date('2026-02-16T00:00:00Z'), null, null, 9).toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(localMorning('2026-07-01', 'Asia/Kolkata', 9).toISOString()).toBe('2026-07-01T03:30:00.000Z');
  });

  it('is never before the earliest time it was given', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }), fc.constantFrom('US', 'GB', 'FR', 'JP', null), (d, country) => {
        const at = nextPayDayMorning(d, country, null, 9);
        expect(at.getTime()).toBeGreaterThanOrEqual(d.getTime());
        expect(at.getTime() - d.getTime()).toBeLessThanOrEqual(32 * DAY);
      }),
      { numRuns: 200, seed: 14 },
    );
  });
});
