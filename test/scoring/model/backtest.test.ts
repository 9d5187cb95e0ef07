import { describe, expect, it } from 'vitest';
import { scoreFlags } from '../../../scoring/model/backtest';
import { DAY_MS } from '../../../scoring/model/features';
import { labelOf, labelledBy, priorProbability } from '../../../scoring/model/predictor';

// How the backtest counts (issue 16), on hand-made weekly flags: day numbers from the first replayed week.
const day = (n: number) => n * DAY_MS;
const flags = (entries: Record<string, number[]>) => new Map(Object.entries(entries).map(([k, v]) => [k, v.map(day)]));
const dates = (entries: Record<string, number>) => new Map(Object.entries(entries).map(([k, v]) => [k, new Date(day(v))]));
const span = { firstWeek: 0, end: day(365) };

describe('the backtest counting', () => {
  it('counts an account’s flags once per 90-day window, leaves out flags without 90 days of follow-up, and is right on churn within 90 days', () => {
    const r = scoreFlags(
      flags({
        a: [100, 107, 114, 200], // 100 counts (a cancels at 150: right), 107 and 114 are the same window, 200 counts (wrong)
        b: [120], // b never cancels: wrong
        c: [300], // only 65 days of follow-up: left out
      }),
      dates({ a: 150 }),
      new Map(),
      span,
    );
    expect(r.flags).toBe(3);
    expect(r.precision).toBeCloseTo(1 / 3, 3);
  });

  it('catches a churner first flagged 21 to 90 days before cancelling, and measures lead and signal-to-flag from the first flag', () => {
    const r = scoreFlags(
      flags({ early: [110, 117, 124], late: [190], none: [] }),
      // early cancels at 150 (first flag in its window: 110, 40 days ahead); late at 200 (10 days ahead); none at 250
      dates({ early: 150, late: 200, none: 250, before: 60 /* within 90 days of the start: not counted */ }),
      dates({ early: 103, late: 150 }),
      span,
    );
    expect(r.churners).toBe(3);
    expect(r.recall_21d).toBeCloseTo(1 / 3, 3);
    expect(r.median_lead_days).toBe(25); // 40 and 10
    expect(r.median_signal_to_flag_days).toBe(23.5); // 7 and 40
  });
});

describe('labels and the prior', () => {
  it('labels a row by a cancellation within 90 days after it, and trains only on rows whose 90 days have passed', () => {
    const cancelled = dates({ a: 100 });
    expect(labelOf({ account_id: 'a', as_of: new Date(day(20)) }, cancelled)).toBe(1);
    expect(labelOf({ account_id: 'a', as_of: new Date(day(5)) }, cancelled)).toBe(0);
    expect(labelOf({ account_id: 'b', as_of: new Date(day(20)) }, cancelled)).toBe(0);
    const rows = [10, 50, 95].map((d) => ({ account_id: 'a', as_of: new Date(day(d)), values: {} as never }));
    expect(labelledBy(rows, new Date(day(140))).map((r) => r.as_of.getTime())).toEqual([day(10), day(50)]);
  });

  it('maps the health score to a probability that falls as the score rises, at the threshold at the escalate boundary', () => {
    expect(priorProbability(40, 0.6)).toBeCloseTo(0.6, 6);
    expect(priorProbability(20, 0.6)).toBeGreaterThan(0.9);
    expect(priorProbability(80, 0.6)).toBeLessThan(0.02);
    expect(priorProbability(null, 0.6)).toBeLessThan(0.6);
  });
});
