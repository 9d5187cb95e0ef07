import { binColumns, fitBinEdges } from './binning';
import { stratifiedFolds } from './folds';
import { takeRows, take, type Matrix } from './matrix';
import { sigmoid, softplus } from './sigmoid';
import { binOffsets, growTree, pathOf, treeOutput, type BinnedData, type Tree, type TreeParams } from './tree';

export interface BoostedParams extends TreeParams {
  /** the most trees; fewer when early stopping ends sooner */
  iterations: number;
  maxBins: number;
  /** share of the rows held out to choose the number of trees (early stopping); 0 = always `iterations` trees */
  validationShare: number;
  /** stop after this many trees without a lower log loss on the held-out rows, and keep the trees up to the best */
  patience: number;
  /** seed of the held-out split */
  seed: number;
}

/**
 * Fixed in code: scikit-learn's HistGradientBoostingClassifier settings (learning rate 0.1, 31 leaves,
 * 20 rows per leaf, no L2, 255 bins), with its early stopping (10% of the rows held out, 10 trees
 * of patience) always on, up to 300 trees. The number of trees is thus chosen on rows inside the
 * training data, never on the rows a model is measured on.
 */
export const BOOSTED_DEFAULTS: BoostedParams = {
  iterations: 300,
  learningRate: 0.1,
  maxLeaves: 31,
  minLeaf: 20,
  l2: 0,
  minHessian: 1e-3,
  maxBins: 255,
  validationShare: 0.1,
  patience: 10,
  seed: 0,
};

/** A fitted model: log-odds = base + Σ trees. Plain data. */
export interface BoostedModel {
  base: number;
  trees: Tree[];
  d: number;
}

/** Gradient-boosted trees on the logistic loss, each tree fitted to the gradient and hessian of the current log-odds. */
export function fitBoosted(X: Matrix, y: ArrayLike<number>, params: Partial<BoostedParams> = {}): BoostedModel {
  return fitBoostedHeldOut(X, y, params).model;
}

/** The rows early stopping held out: their outcomes and their log-odds under the final model (which never trained on them). */
export interface HeldOut {
  scores: Float64Array;
  y: Uint8Array;
}

/** fitBoosted, also returning the held-out rows' scores (null when validationShare is 0), e.g. to calibrate on. */
export function fitBoostedHeldOut(X: Matrix, y: ArrayLike<number>, params: Partial<BoostedParams> = {}): { model: BoostedModel; heldOut: HeldOut | null } {
  const p = { ...BOOSTED_DEFAULTS, ...params };
  if (p.validationShare > 0) {
    const labels = Uint8Array.from(y);
    const split = stratifiedFolds(labels, Math.max(2, Math.round(1 / p.validationShare)), p.seed)[0]!;
    const validation = { X: takeRows(X, split.test), y: take(labels, split.test) };
    return fitTrees(takeRows(X, split.train), take(labels, split.train), p, validation);
  }
  return fitTrees(X, y, p);
}

function fitTrees(X: Matrix, y: ArrayLike<number>, p: BoostedParams, validation?: { X: Matrix; y: Uint8Array }): { model: BoostedModel; heldOut: HeldOut | null } {
  const { n, d } = X;
  const edges = fitBinEdges(X, Math.min(p.maxBins, 256));
  const data: BinnedData = { bins: binColumns(X, edges), n, d, edges, offset: binOffsets(edges) };
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  const rate = Math.min(1 - 1e-9, Math.max(1e-9, positives / n));
  const base = Math.log(rate / (1 - rate));
  const raw = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const rows = new Uint32Array(n);
  const trees: Tree[] = [];
  const valRaw = validation ? new Float64Array(validation.X.n).fill(base) : null;
  let bestLoss = Infinity;
  let bestCount = 0;
  let bestScores = valRaw ? Float64Array.from(valRaw) : null;
  for (let t = 0; t < p.iterations; t++) {
    for (let i = 0; i < n; i++) {
      const q = sigmoid(raw[i]!);
      g[i] = q - y[i]!;
      h[i] = q * (1 - q);
    }
    for (let i = 0; i < n; i++) rows[i] = i; // each node's rows in ascending order: columns read front to back
    const grown = growTree(data, rows, g, h, p);
    if (grown.tree.feature.length === 1) break; // nothing left to split: later trees would be the same single leaf
    trees.push(grown.tree);
    for (const leaf of grown.leaves) for (let k = leaf.start; k < leaf.end; k++) raw[rows[k]!]! += leaf.value;
    if (validation && valRaw) {
      let loss = 0;
      for (let i = 0; i < validation.X.n; i++) {
        valRaw[i]! += treeOutput(grown.tree, validation.X.data, i * d);
        loss += validation.y[i] === 1 ? softplus(-valRaw[i]!) : softplus(valRaw[i]!);
      }
      if (loss < bestLoss * (1 - 1e-7)) {
        bestLoss = loss;
        bestCount = trees.length;
        bestScores = Float64Array.from(valRaw);
      } else if (trees.length - bestCount >= p.patience) break;
    }
  }
  if (validation) trees.length = bestCount;
  return { model: { base, trees, d }, heldOut: validation && bestScores ? { scores: bestScores, y: validation.y } : null };
}

/** Log-odds for each row of X. */
export function boostedScores(model: BoostedModel, X: Matrix): Float64Array {
  const out = new Float64Array(X.n).fill(model.base);
  for (const tree of model.trees) for (let i = 0; i < X.n; i++) out[i]! += treeOutput(tree, X.data, i * X.d);
  return out;
}

/**
 * Each input's share of one row's log-odds (Saabas): along the row's path in every tree, the change
 * in node value at a split is credited to the split's input. bias + Σ contributions = the log-odds.
 */
export function boostedContributions(model: BoostedModel, x: ArrayLike<number>): { bias: number; contributions: Float64Array } {
  const contributions = new Float64Array(model.d);
  let bias = model.base;
  for (const tree of model.trees) {
    const path = pathOf(tree, x);
    bias += tree.value[0]!;
    for (let k = 1; k < path.length; k++) contributions[tree.feature[path[k - 1]!]!]! += tree.value[path[k]!]! - tree.value[path[k - 1]!]!;
  }
  return { bias, contributions };
}
