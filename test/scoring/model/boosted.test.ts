import { describe, expect, it } from 'vitest';
import { boostedContributions, boostedScores, fitBoosted, fitLogistic, logisticScores, matrix, rocAuc } from '../../../scoring/model';
import { binColumns, binOf, fitBinEdges } from '../../../scoring/model/binning';
import { seededRandom } from '../../../scoring/model/random';

const ONE_TREE = { iterations: 1, learningRate: 1, maxLeaves: 2, minLeaf: 1, l2: 0, validationShare: 0 };

describe('binning', () => {
  it('cuts halfway between values when there are few, at quantiles when there are many', () => {
    const X = matrix(6, 1, Float64Array.from([3, 1, 2, 2, 3, 1]));
    expect(fitBinEdges(X)[0]).toEqual([1.5, 2.5]);
    expect(Array.from(binColumns(X, fitBinEdges(X)))).toEqual([2, 0, 1, 1, 2, 0]);
    const many = matrix(1000, 1, Float64Array.from({ length: 1000 }, (_, i) => i));
    const edges = fitBinEdges(many, 10)[0]!;
    expect(edges.length).toBe(9);
    expect(edges[0]).toBe(100);
    // bin ≤ b is the same test as x ≤ edges[b]
    expect(binOf(edges, 100)).toBe(0);
    expect(binOf(edges, 100.5)).toBe(1);
  });
});

describe('gradient-boosted trees', () => {
  it('grows the hand-computed first tree: split at 4.5, leaves −G/H', () => {
    // base score logit(½) = 0, so every gradient is ½ − y and every hessian ¼
    const X = matrix(8, 1, Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    const y = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]);
    const m = fitBoosted(X, y, ONE_TREE);
    expect(m.base).toBe(0);
    expect(m.trees).toHaveLength(1);
    const t = m.trees[0]!;
    expect(t.feature[0]).toBe(0);
    expect(t.threshold[0]).toBe(4.5);
    // left: G = 4 · ½ = 2, H = 4 · ¼ = 1 → −2; right: +2
    expect(t.value[t.left[0]!]).toBeCloseTo(-2, 12);
    expect(t.value[t.right[0]!]).toBeCloseTo(2, 12);
    expect(Array.from(boostedScores(m, X))).toEqual([-2, -2, -2, -2, 2, 2, 2, 2]);
  });

  it('respects the minimum rows per leaf and the learning rate', () => {
    const X = matrix(8, 1, Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    const y = Uint8Array.from([0, 1, 1, 1, 1, 1, 1, 1]);
    // the best split would isolate row 1; with 3 rows per leaf the split falls at 3.5
    const t = fitBoosted(X, y, { ...ONE_TREE, minLeaf: 3, learningRate: 0.5 }).trees[0]!;
    expect(t.threshold[0]).toBe(3.5);
    const base = Math.log(7);
    const p = 7 / 8;
    // left rows 1..3: G = (p − 0) + 2 (p − 1), H = 3 p (1 − p)
    const G = p + 2 * (p - 1);
    const H = 3 * p * (1 - p);
    expect(t.value[t.left[0]!]).toBeCloseTo((-0.5 * G) / H, 12);
    expect(fitBoosted(X, y, { ...ONE_TREE, minLeaf: 3 }).base).toBeCloseTo(base, 12);
  });

  it('learns XOR, which a linear model cannot', () => {
    const random = seededRandom(11);
    const n = 400;
    const X = matrix(n, 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const a = random();
      const b = random();
      X.data[2 * i] = a;
      X.data[2 * i + 1] = b;
      y[i] = a > 0.5 !== b > 0.5 ? 1 : 0;
    }
    const trees = fitBoosted(X, y, { iterations: 50, validationShare: 0 });
    expect(rocAuc(y, boostedScores(trees, X))).toBeGreaterThan(0.99);
    expect(rocAuc(y, logisticScores(fitLogistic(X, y), X))).toBeLessThan(0.6);
  });

  it('stops early on held-out rows when more trees stop helping', () => {
    const random = seededRandom(5);
    const n = 600;
    const X = matrix(n, 3);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 3; j++) X.data[3 * i + j] = random();
      y[i] = random() < (X.data[3 * i]! > 0.5 ? 0.7 : 0.3) ? 1 : 0; // one weak signal, much noise
    }
    const m = fitBoosted(X, y, { iterations: 300 });
    expect(m.trees.length).toBeGreaterThan(0);
    expect(m.trees.length).toBeLessThan(100);
  });

  it('explains a row with contributions that add up to its log-odds (Saabas)', () => {
    const random = seededRandom(3);
    const n = 300;
    const X = matrix(n, 3);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 3; j++) X.data[3 * i + j] = random();
      y[i] = random() < X.data[3 * i]! ? 1 : 0;
    }
    const m = fitBoosted(X, y, { iterations: 20, validationShare: 0 });
    const scores = boostedScores(m, X);
    for (const i of [0, 17, 123]) {
      const { bias, contributions } = boostedContributions(m, X.data.subarray(3 * i, 3 * i + 3));
      expect(bias + contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(scores[i]!, 10);
    }
    // the informative input carries the most weight
    const { contributions } = boostedContributions(m, Float64Array.from([0.95, 0.5, 0.5]));
    expect(contributions[0]).toBeGreaterThan(Math.abs(contributions[1]!));
  });

  it('gives the same trees from the same data', () => {
    const random = seededRandom(9);
    const X = matrix(300, 4, Float64Array.from({ length: 1200 }, () => random()));
    const y = Uint8Array.from({ length: 300 }, (_, i) => (X.data[4 * i]! + random() > 1 ? 1 : 0));
    expect(fitBoosted(X, y)).toEqual(fitBoosted(X, y));
  });
});
