// Figures for a binary classifier: y is 0/1, p the predicted probability (or any score for the rank
// metrics). Each function is written out plainly; ties are handled as scikit-learn does.

/** Row numbers sorted by score, highest first; equal scores keep their order. */
function byScoreDescending(p: ArrayLike<number>): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
}

function countPositives(y: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < y.length; i++) n += y[i]!;
  return n;
}

/** ROC AUC: the chance a random positive scores above a random negative (ties count half). NaN with one class. */
export function rocAuc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  const pos = countPositives(y);
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  // Mann–Whitney: the sum of the positives' ranks, with tied scores given their average rank
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && p[order[j + 1]!] === p[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (y[order[t]!] === 1) rankSum += averageRank;
    i = j + 1;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** PR AUC as average precision: Σ (recallₖ − recallₖ₋₁) · precisionₖ over the distinct thresholds. */
export function prAuc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const order = byScoreDescending(p);
  const pos = countPositives(y);
  if (pos === 0) return NaN;
  let tp = 0;
  let seen = 0;
  let lastRecall = 0;
  let ap = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && p[order[j + 1]!] === p[order[i]!]) j++;
    for (let t = i; t <= j; t++) tp += y[order[t]!]!;
    seen = j + 1;
    const recall = tp / pos;
    ap += (recall - lastRecall) * (tp / seen);
    lastRecall = recall;
    i = j + 1;
  }
  return ap;
}

const EPS = 1e-15;

/** Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - EPS, Math.max(EPS, p[i]!));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / y.length;
}

/** Brier score: the mean squared difference between probability and outcome. */
export function brier(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i]! - y[i]!) ** 2;
  return s / y.length;
}

/**
 * Precision and recall among the `share` highest-scored rows (at least one row): of the customers a
 * team would call first, how many were churners, and how many of all churners they reach.
 */
export function atTop(y: ArrayLike<number>, p: ArrayLike<number>, share = 0.1): { precision: number; recall: number } {
  const order = byScoreDescending(p);
  const k = Math.max(1, Math.ceil(share * y.length));
  let tp = 0;
  for (let i = 0; i < k; i++) tp += y[order[i]!]!;
  const pos = countPositives(y);
  return { precision: tp / k, recall: pos ? tp / pos : NaN };
}

export interface Metrics {
  auc: number;
  pr_auc: number;
  logloss: number;
  brier: number;
  precision_at_10pct: number;
  recall_at_10pct: number;
}

export function allMetrics(y: ArrayLike<number>, p: ArrayLike<number>): Metrics {
  const top = atTop(y, p, 0.1);
  return { auc: rocAuc(y, p), pr_auc: prAuc(y, p), logloss: logLoss(y, p), brier: brier(y, p), precision_at_10pct: top.precision, recall_at_10pct: top.recall };
}

/** Mean and sample standard deviation. */
export function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}
