import { describe, expect, it } from 'vitest';
import { allMetrics, atTop, brier, logLoss, meanSd, prAuc, rocAuc } from '../../../scoring/model';

describe('metrics', () => {
  it('ROC AUC: perfect, reversed, all tied, and a hand-counted case with a tie', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    // pairs (positive, negative): (0.8 vs 0.1) 1, (0.8 vs 0.4) 1, (0.4 vs 0.1) 1, (0.4 vs 0.4) ½ → 3.5 / 4
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.4, 0.8])).toBe(0.875);
    expect(rocAuc([1, 1], [0.1, 0.2])).toBeNaN();
  });

  it('PR AUC is average precision: Σ (Δ recall) · precision', () => {
    // ranked: 1 (P=1, R=½), 0, 1 (P=⅔, R=1) → ½·1 + ½·⅔
    expect(prAuc([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBeCloseTo(0.5 + 1 / 3, 12);
    expect(prAuc([1, 1, 0], [0.9, 0.8, 0.1])).toBe(1);
  });

  it('log loss, Brier score and the top 10%', () => {
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 6); // clipped, not infinite
    expect(brier([1, 0], [0.8, 0.4])).toBeCloseTo((0.04 + 0.16) / 2, 12);
    const y = Array.from({ length: 20 }, (_, i) => (i < 4 ? 1 : 0));
    const p = Array.from({ length: 20 }, (_, i) => (i === 0 || i === 10 ? 0.9 : 0.1));
    // top 10% of 20 = 2 rows: one churner of 2, one of 4 churners reached
    expect(atTop(y, p)).toEqual({ precision: 0.5, recall: 0.25 });
    expect(Object.keys(allMetrics(y, p))).toEqual(['auc', 'pr_auc', 'logloss', 'brier', 'precision_at_10pct', 'recall_at_10pct']);
  });

  it('mean and sample standard deviation', () => {
    expect(meanSd([1, 2, 3, 4])).toEqual({ mean: 2.5, sd: Math.sqrt(5 / 3) });
  });
});
