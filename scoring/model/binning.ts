import type { Matrix } from './matrix';

const SAMPLE = 50_000;

/**
 * Pre-binning for the trees: each input's values are cut into at most `maxBins` bins at edges learned
 * from the training rows. A value x falls in bin b = the number of edges below x, so "bin ≤ b" is the
 * same test as "x ≤ edges[b]", and a tree split on bins can be applied to raw values.
 */
export function fitBinEdges(X: Matrix, maxBins = 255): number[][] {
  const { d, data } = X;
  // beyond SAMPLE rows, the edges are learned from every k-th row (as scikit-learn and LightGBM sample)
  const step = Math.max(1, Math.ceil(X.n / SAMPLE));
  const n = Math.ceil(X.n / step);
  const column = new Float64Array(n);
  const edges: number[][] = [];
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < n; i++) column[i] = data[i * step * d + j]!;
    column.sort();
    const distinct: number[] = [];
    for (let i = 0; i < n; i++) if (i === 0 || column[i] !== column[i - 1]) distinct.push(column[i]!);
    const e: number[] = [];
    if (distinct.length <= maxBins) {
      // one bin per value, cut halfway between neighbours
      for (let k = 1; k < distinct.length; k++) e.push((distinct[k - 1]! + distinct[k]!) / 2);
    } else {
      // quantiles: about the same number of training rows in each bin
      for (let b = 1; b < maxBins; b++) {
        const v = column[Math.min(n - 1, Math.floor((b * n) / maxBins))]!;
        if (e.length === 0 || v > e[e.length - 1]!) e.push(v);
      }
    }
    edges.push(e);
  }
  return edges;
}

/** The bin of x among sorted edges (binary search). */
export function binOf(edges: number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every value of X replaced by its bin, one input after another (column j at j·n; one byte each). */
export function binColumns(X: Matrix, edges: number[][]): Uint8Array {
  const { n, d, data } = X;
  const bins = new Uint8Array(n * d);
  for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) bins[j * n + i] = binOf(edges[j]!, data[i * d + j]!);
  return bins;
}
