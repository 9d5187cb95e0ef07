import { performance } from 'node:perf_hooks';
import type { Dataset } from './dataset';
import { explain, type Explanation } from './explain';
import { stratifiedFolds } from './folds';
import { allMetrics, meanSd, type Metrics } from './metrics';
import { predictProbabilities, trainModel, type InnerChoice, type ModelKind, type ModelParams } from './train';
import { TableError } from './table';

export interface EvalOptions {
  model: ModelKind | 'best';
  folds: number;
  seed: number;
  innerFolds?: number;
  params?: ModelParams;
  /** how many of the first fold's highest-risk test customers to explain */
  examples?: number;
  /** called as each fold finishes (a large table takes minutes) */
  onFold?: (done: FoldResult, of: number) => void;
}

export interface FoldResult {
  fold: number;
  model: ModelKind;
  metrics: Metrics;
  train_ms: number;
  train_rows: number;
  test_rows: number;
  inputs: number;
  choice?: InnerChoice;
}

export interface Evaluation {
  n: number;
  positives: number;
  folds: number;
  /** the model evaluated; for `best`, the one the inner cross-validation chose on most folds */
  model: ModelKind;
  requested: ModelKind | 'best';
  mean: Metrics;
  sd: Metrics;
  /** mean time to train one model (encoder, inner CV for `best`, fit, calibration), per fold */
  train_ms: number;
  perFold: FoldResult[];
  examples: { id: string; actual: 0 | 1; explanation: Explanation }[];
}

/**
 * Stratified k-fold cross-validation. Each fold's model is trained on the other folds only (encoder,
 * model choice, fit and calibration all inside them) and measured on the fold it never saw.
 */
export function crossValidate(data: Dataset, opts: EvalOptions): Evaluation {
  const { y } = data;
  const positives = y.reduce((a, b) => a + b, 0);
  const smaller = Math.min(positives, y.length - positives);
  if (opts.folds > smaller) {
    throw new TableError(`${data.file}: only ${smaller} row${smaller === 1 ? ' has' : 's have'} the rarer label, too few for ${opts.folds} folds; use --folds ${Math.max(2, smaller)} or fewer`);
  }
  const perFold: FoldResult[] = [];
  let examples: Evaluation['examples'] = [];
  stratifiedFolds(y, opts.folds, opts.seed).forEach((fold, f) => {
    const trainRecords = Array.from(fold.train, (i) => data.records[i]!);
    const testRecords = Array.from(fold.test, (i) => data.records[i]!);
    const yTrain = Uint8Array.from(fold.train, (i) => y[i]!);
    const yTest = Uint8Array.from(fold.test, (i) => y[i]!);
    const t0 = performance.now();
    const { model, choice } = trainModel(data.plan, trainRecords, yTrain, { kind: opts.model, seed: opts.seed + 1000 * (f + 1), innerFolds: opts.innerFolds, params: opts.params });
    const trainMs = performance.now() - t0;
    const p = predictProbabilities(model, testRecords);
    perFold.push({ fold: f + 1, model: model.kind, metrics: allMetrics(yTest, p), train_ms: trainMs, train_rows: fold.train.length, test_rows: fold.test.length, inputs: model.encoder.features.length, choice });
    opts.onFold?.(perFold.at(-1)!, opts.folds);
    if (f === 0 && opts.examples) {
      const top = Array.from(p.keys()).sort((a, b) => p[b]! - p[a]! || a - b).slice(0, opts.examples);
      examples = top.map((k) => ({ id: data.ids[fold.test[k]!]!, actual: yTest[k] as 0 | 1, explanation: explain(model, testRecords[k]!) }));
    }
  });
  const keys = Object.keys(perFold[0]!.metrics) as (keyof Metrics)[];
  const mean = {} as Metrics;
  const sd = {} as Metrics;
  for (const k of keys) {
    const s = meanSd(perFold.map((r) => r.metrics[k]));
    mean[k] = s.mean;
    sd[k] = s.sd;
  }
  return {
    n: y.length,
    positives,
    folds: opts.folds,
    model: opts.model === 'best' ? mostChosen(perFold) : opts.model,
    requested: opts.model,
    mean,
    sd,
    train_ms: meanSd(perFold.map((r) => r.train_ms)).mean,
    perFold,
    examples,
  };
}

/** The model chosen on most folds; on a tie, the one with the higher mean inner AUC. */
function mostChosen(perFold: FoldResult[]): ModelKind {
  const wins = { logistic: 0, boosted: 0 };
  const auc = { logistic: 0, boosted: 0 };
  for (const r of perFold) {
    wins[r.model]++;
    if (r.choice) for (const k of ['logistic', 'boosted'] as const) auc[k] += r.choice.auc[k];
  }
  if (wins.logistic !== wins.boosted) return wins.boosted > wins.logistic ? 'boosted' : 'logistic';
  return auc.boosted > auc.logistic ? 'boosted' : 'logistic';
}
