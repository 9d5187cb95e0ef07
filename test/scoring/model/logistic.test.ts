import { describe, expect, it } from 'vitest';
import { fitLogistic, logisticContributions, logisticScores, matrix, rocAuc } from '../../../scoring/model';
import { objective } from '../../../scoring/model/logistic';
import { seededRandom } from '../../../scoring/model/random';

function randomData(n: number, d: number, seed: number) {
  const random = seededRandom(seed);
  const X = matrix(n, d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = -0.5;
    for (let j = 0; j < d; j++) {
      X.data[i * d + j] = random() * 10 - 3 + j;
      z += (j % 2 ? 0.4 : -0.3) * (X.data[i * d + j]! - j);
    }
    y[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X, y };
}

describe('logistic regression', () => {
  it('has the gradient of its objective right (finite differences)', () => {
    const { X: Z, y } = randomData(50, 3, 7);
    const w = Float64Array.from([0.3, -0.2, 0.1]);
    const { gradient } = objective(Z, y, w, 0.2, 0.7);
    const h = 1e-6;
    for (let j = 0; j <= 3; j++) {
      const plus = Float64Array.from(w);
      const minus = Float64Array.from(w);
      let bPlus = 0.2;
      let bMinus = 0.2;
      if (j < 3) {
        plus[j]! += h;
        minus[j]! -= h;
      } else {
        bPlus += h;
        bMinus -= h;
      }
      const numeric = (objective(Z, y, plus, bPlus, 0.7).value - objective(Z, y, minus, bMinus, 0.7).value) / (2 * h);
      expect(gradient[j]).toBeCloseTo(numeric, 5);
    }
  });

  it('ends where the gradient is zero, in a few Newton steps', () => {
    const { X, y } = randomData(400, 4, 3);
    const m = fitLogistic(X, y);
    expect(m.iterations).toBeLessThan(15);
    const Z = matrix(X.n, X.d);
    for (let i = 0; i < X.n; i++) for (let j = 0; j < X.d; j++) Z.data[i * X.d + j] = (X.data[i * X.d + j]! - m.mean[j]!) / m.scale[j]!;
    const { gradient } = objective(Z, y, Float64Array.from(m.weights), m.bias, 1);
    for (const g of gradient) expect(Math.abs(g)).toBeLessThan(1e-6);
  });

  it('with no informative input, the intercept is the log-odds of the base rate', () => {
    const X = matrix(10, 1, new Float64Array(10).fill(3)); // a constant input: standardised to 0
    const y = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    const m = fitLogistic(X, y);
    expect(m.bias).toBeCloseTo(Math.log(3 / 7), 9);
    expect(m.weights[0]).toBeCloseTo(0, 12);
  });

  it('stays finite on a perfectly separable set, ranks it perfectly, and shrinks with a larger penalty', () => {
    const X = matrix(6, 1, Float64Array.from([1, 2, 3, 4, 5, 6]));
    const y = Uint8Array.from([0, 0, 0, 1, 1, 1]);
    const m = fitLogistic(X, y, { l2: 1 });
    expect(Number.isFinite(m.weights[0])).toBe(true);
    expect(m.weights[0]).toBeGreaterThan(0);
    expect(rocAuc(y, logisticScores(m, X))).toBe(1);
    // symmetric data: the fitted log-odds are symmetric around the middle
    const s = logisticScores(m, X);
    expect(s[0]).toBeCloseTo(-s[5]!, 9);
    expect(fitLogistic(X, y, { l2: 10 }).weights[0]).toBeLessThan(m.weights[0]!);
  });

  it('explains a row as weight × standardised value, adding up to its log-odds', () => {
    const { X, y } = randomData(200, 3, 5);
    const m = fitLogistic(X, y);
    const row = X.data.subarray(0, 3);
    const { bias, contributions } = logisticContributions(m, row);
    expect(bias + contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(logisticScores(m, matrix(1, 3, Float64Array.from(row)))[0]!, 10);
  });
});
