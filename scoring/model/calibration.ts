import { sigmoid, softplus } from './sigmoid';

/** Platt scaling: probability = σ(a · score + b), with a and b learned on held-out rows. */
export interface Platt {
  a: number;
  b: number;
}

/**
 * Fits a and b by Newton's method on held-out (score, outcome) pairs, with Platt's smoothed targets
 * ((positives + 1) / (positives + 2) and 1 / (negatives + 2)) so that a perfectly separated hold-out
 * does not give infinite slopes.
 */
export function fitPlatt(scores: ArrayLike<number>, y: ArrayLike<number>): Platt {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i]!;
  const negatives = y.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  const t = (i: number) => (y[i] === 1 ? hi : lo);
  const loss = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const z = a * scores[i]! + b;
      s += t(i) * softplus(-z) + (1 - t(i)) * softplus(z);
    }
    return s;
  };
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < y.length; i++) {
      const s = scores[i]!;
      const p = sigmoid(a * s + b);
      const r = p - t(i);
      const w = p * (1 - p);
      ga += r * s;
      gb += r;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let na = a;
    let nb = b;
    let next = current;
    for (let k = 0; k < 30; k++, step /= 2) {
      na = a - step * da;
      nb = b - step * db;
      next = loss(na, nb);
      if (next <= current) break;
    }
    const moved = Math.max(Math.abs(na - a), Math.abs(nb - b));
    a = na;
    b = nb;
    current = next;
    if (moved < 1e-10) break;
  }
  return { a, b };
}

export function calibrate(platt: Platt, score: number): number {
  return sigmoid(platt.a * score + platt.b);
}
