// An averaged multi-class perceptron over binary features, in integers only: the same cases in
// the same order always give the same weights, bit for bit, on any machine (no floating point in
// training). Scores are Σ weight × feature value; the stored weights are the averaged ones times
// `steps` (argmax does not care about the scale; `steps` undoes it for confidences), rounded to
// whole numbers: a hundredth of an update is finer than any decision needs, and keeps model.json small.

/** Stored weights are the averaged weights times this, rounded. */
const STORED_SCALE = 100;

export interface PerceptronModel {
  classes: string[];
  /** The stored weights divided by this are the averaged weights. */
  steps: number;
  /** Feature → [class index, round(averaged weight × steps)] pairs, zero weights left out. */
  weights: Record<string, [number, number][]>;
}

export interface PerceptronOptions {
  epochs: number;
  /** Update also when the right class wins by no more than this (0: only on mistakes). */
  margin?: number;
  /** Integer value of a feature by its kind (prefix letter before the colon). */
  values: Record<string, number>;
}

export function valueOf(feature: string, values: Record<string, number>): number {
  return values[feature[0]!] ?? 1;
}

/** A deterministic shuffle (xorshift32), so epochs see the cases in different but fixed orders. */
function order(n: number, seed: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const j = s % (i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}

export function trainPerceptron(docs: { features: string[]; label: string }[], classes: string[], options: PerceptronOptions): PerceptronModel {
  const k = classes.length;
  const index = new Map(classes.map((c, i) => [c, i]));
  const w = new Map<string, Int32Array>();
  const u = new Map<string, Float64Array>();
  const row = (f: string) => {
    let r = w.get(f);
    if (!r) {
      w.set(f, (r = new Int32Array(k)));
      u.set(f, new Float64Array(k));
    }
    return r;
  };
  const valued = docs.map((d) => ({ y: index.get(d.label)!, fs: d.features.map((f) => [f, valueOf(f, options.values)] as [string, number]) }));
  for (const d of valued) if (d.y === undefined) throw new Error('unknown class in training data');
  let c = 1;
  const margin = options.margin ?? 0;
  const scores = new Float64Array(k);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (const i of order(valued.length, epoch + 1)) {
      const d = valued[i]!;
      scores.fill(0);
      for (const [f, v] of d.fs) {
        const r = w.get(f);
        if (r) for (let ci = 0; ci < k; ci++) scores[ci]! += r[ci]! * v;
      }
      let pred = 0;
      for (let ci = 1; ci < k; ci++) if (scores[ci]! > scores[pred]!) pred = ci;
      if (margin > 0) {
        pred = d.y === 0 ? 1 : 0;
        for (let ci = 0; ci < k; ci++) if (ci !== d.y && scores[ci]! > scores[pred]!) pred = ci;
        if (scores[d.y]! - scores[pred]! > margin) pred = d.y;
      }
      if (pred !== d.y) {
        for (const [f, v] of d.fs) {
          const r = row(f);
          const a = u.get(f)!;
          r[d.y]! += v;
          a[d.y]! += c * v;
          r[pred]! -= v;
          a[pred]! -= c * v;
        }
      }
      c++;
    }
  }
  const weights: Record<string, [number, number][]> = {};
  for (const f of [...w.keys()].sort()) {
    const r = w.get(f)!;
    const a = u.get(f)!;
    const pairs: [number, number][] = [];
    for (let ci = 0; ci < k; ci++) {
      // the averaged weight is (r·c − a) / c; both are whole numbers below 2^53, so this is exact enough to round the same everywhere
      const sum = r[ci]! * c - a[ci]!;
      const stored = Math.sign(sum) * Math.round((Math.abs(sum) * STORED_SCALE) / c);
      if (stored !== 0) pairs.push([ci, stored]);
    }
    if (pairs.length) weights[f] = pairs;
  }
  return { classes, steps: STORED_SCALE, weights };
}

export interface PerceptronScorer {
  classes: string[];
  /** Feature → its contribution to each class's score (averaged weight × value), laid out densely. */
  rows: Map<string, Float64Array>;
}

export function preparePerceptron(model: PerceptronModel, options: PerceptronOptions): PerceptronScorer {
  const rows = new Map<string, Float64Array>();
  for (const [f, pairs] of Object.entries(model.weights)) {
    const row = new Float64Array(model.classes.length);
    const v = valueOf(f, options.values) / model.steps;
    for (const [ci, wt] of pairs) row[ci] = wt * v;
    rows.set(f, row);
  }
  return { classes: model.classes, rows };
}

/** Averaged scores per class (Σ averaged weight × value). */
export function perceptronScores(s: PerceptronScorer, features: readonly string[]): Float64Array {
  const k = s.classes.length;
  const out = new Float64Array(k);
  for (const f of features) {
    const row = s.rows.get(f);
    if (row) for (let ci = 0; ci < k; ci++) out[ci]! += row[ci]!;
  }
  return out;
}
