import type { Matrix } from './matrix';
import { sigmoid, softplus } from './sigmoid';
import { solveSymmetric } from './solve';

export interface LogisticParams {
  /** L2 penalty λ on the standardised weights (the intercept is not penalised); 1 = scikit-learn's C = 1 */
  l2: number;
  maxIterations: number;
  /** stop when no weight moves by more than this in a Newton step */
  tolerance: number;
}

export const LOGISTIC_DEFAULTS: LogisticParams = { l2: 1, maxIterations: 100, tolerance: 1e-9 };

/** A fitted model: log-odds = bias + Σ weights[j] · (x[j] − mean[j]) / scale[j]. Plain data. */
export interface LogisticModel {
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  iterations: number;
}

/** Standardisation learned from the training rows: mean and standard deviation (1 for a constant input). */
function standardiser(X: Matrix): { mean: Float64Array; scale: Float64Array } {
  const { n, d, data } = X;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) scale[j]! += (data[i * d + j]! - mean[j]!) ** 2;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]! / n) || 1;
  return { mean, scale };
}

/**
 * The penalised objective, Σ logistic loss + λ/2 · ‖w‖², and its gradient (last entry: the intercept).
 * Z is already standardised. Exposed for the gradient check in the tests.
 */
export function objective(Z: Matrix, y: ArrayLike<number>, w: Float64Array, bias: number, l2: number): { value: number; gradient: Float64Array } {
  const { n, d, data } = Z;
  const gradient = new Float64Array(d + 1);
  let value = 0;
  for (let i = 0; i < n; i++) {
    let z = bias;
    for (let j = 0; j < d; j++) z += w[j]! * data[i * d + j]!;
    value += y[i] === 1 ? softplus(-z) : softplus(z);
    const r = sigmoid(z) - y[i]!;
    for (let j = 0; j < d; j++) gradient[j]! += r * data[i * d + j]!;
    gradient[d]! += r;
  }
  for (let j = 0; j < d; j++) {
    value += 0.5 * l2 * w[j]! ** 2;
    gradient[j]! += l2 * w[j]!;
  }
  return { value, gradient };
}

/**
 * L2-regularised logistic regression on standardised inputs, fitted by Newton's method (the exact
 * Hessian, solved by Cholesky) with step halving, so it converges in a few passes over the data.
 */
export function fitLogistic(X: Matrix, y: ArrayLike<number>, params: Partial<LogisticParams> = {}, start?: LogisticModel): LogisticModel {
  const { l2, maxIterations, tolerance } = { ...LOGISTIC_DEFAULTS, ...params };
  const { n, d } = X;
  const { mean, scale } = standardiser(X);
  const Zdata = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Zdata[i * d + j] = (X.data[i * d + j]! - mean[j]!) / scale[j]!;
  const Z: Matrix = { n, d, data: Zdata };
  const m = d + 1;
  let w: Float64Array = new Float64Array(d);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  const rate = Math.min(1 - 1e-9, Math.max(1e-9, positives / n));
  let bias = Math.log(rate / (1 - rate));
  if (start) {
    // a warm start (e.g. the model fitted on all the rows, for inner folds): the same function of the
    // inputs, written for this standardisation; the optimum does not depend on it, only the steps to it
    bias = start.bias;
    for (let j = 0; j < d; j++) {
      w[j] = (start.weights[j]! * scale[j]!) / start.scale[j]!;
      bias += (start.weights[j]! * (mean[j]! - start.mean[j]!)) / start.scale[j]!;
    }
  }
  let current = objective(Z, y, w, bias, l2);
  let iterations = 0;
  const H = new Float64Array(m * m);
  const row = new Float64Array(m);
  row[d] = 1;
  for (; iterations < maxIterations; iterations++) {
    // Hessian: Σ p(1−p) · [z 1]ᵀ[z 1] + λ on the weights' diagonal
    H.fill(0);
    for (let i = 0; i < n; i++) {
      let z = bias;
      for (let j = 0; j < d; j++) {
        row[j] = Zdata[i * d + j]!;
        z += w[j]! * row[j]!;
      }
      const p = sigmoid(z);
      const s = p * (1 - p);
      if (s === 0) continue;
      for (let a = 0; a < m; a++) {
        const ra = s * row[a]!;
        if (ra === 0) continue;
        for (let b = 0; b <= a; b++) H[a * m + b]! += ra * row[b]!;
      }
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) H[b * m + a] = H[a * m + b]!;
    for (let j = 0; j < d; j++) H[j * m + j]! += l2;
    H[d * m + d]! += 1e-12 * n;
    const step = solveSymmetric(H, current.gradient, m);
    // step halving: take the Newton step, or less if it does not lower the objective
    let t = 1;
    let next = current;
    let nextW = w;
    let nextBias = bias;
    for (let halvings = 0; halvings < 30; halvings++, t /= 2) {
      nextW = new Float64Array(d);
      for (let j = 0; j < d; j++) nextW[j] = w[j]! - t * step[j]!;
      nextBias = bias - t * step[d]!;
      next = objective(Z, y, nextW, nextBias, l2);
      if (next.value <= current.value + 1e-12 * Math.abs(current.value)) break;
    }
    let moved = 0;
    for (let a = 0; a < m; a++) moved = Math.max(moved, Math.abs(t * step[a]!));
    w = nextW;
    bias = nextBias;
    current = next;
    if (moved < tolerance) {
      iterations++;
      break;
    }
  }
  return { mean: Array.from(mean), scale: Array.from(scale), weights: Array.from(w), bias, iterations };
}

/** Log-odds for each row of X. */
export function logisticScores(model: LogisticModel, X: Matrix): Float64Array {
  const { n, d, data } = X;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = model.bias;
    for (let j = 0; j < d; j++) z += (model.weights[j]! * (data[i * d + j]! - model.mean[j]!)) / model.scale[j]!;
    out[i] = z;
  }
  return out;
}

/** Each input's share of one row's log-odds, against the average training customer: weight × standardised value. */
export function logisticContributions(model: LogisticModel, x: ArrayLike<number>): { bias: number; contributions: Float64Array } {
  const contributions = new Float64Array(model.weights.length);
  for (let j = 0; j < contributions.length; j++) contributions[j] = (model.weights[j]! * (x[j]! - model.mean[j]!)) / model.scale[j]!;
  return { bias: model.bias, contributions };
}
