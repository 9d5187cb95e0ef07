import { boostedContributions, boostedScores, fitBoosted, fitBoostedHeldOut, type BoostedModel, type BoostedParams } from './boosted';
import { calibrate, fitPlatt, type Platt } from './calibration';
import type { ColumnPlan } from './columns';
import { encode, fitEncoder, type CustomerRecord, type Encoder } from './encoder';
import { stratifiedFolds, type Fold } from './folds';
import { fitLogistic, logisticContributions, logisticScores, type LogisticModel, type LogisticParams } from './logistic';
import { takeRows, take, type Matrix } from './matrix';
import { rocAuc } from './metrics';

export const MODEL_KINDS = ['logistic', 'boosted'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** The fitted model itself, before calibration: scores are log-odds. */
export type Core = { kind: 'logistic'; logistic: LogisticModel } | { kind: 'boosted'; boosted: BoostedModel };

export interface ModelParams {
  logistic?: Partial<LogisticParams>;
  boosted?: Partial<BoostedParams>;
}

/** Fits one model; `start`: a logistic model to start Newton's method from (the result is the same, reached sooner). */
export function fitCore(kind: ModelKind, X: Matrix, y: ArrayLike<number>, params: ModelParams = {}, start?: LogisticModel): Core {
  return kind === 'logistic' ? { kind, logistic: fitLogistic(X, y, params.logistic, start) } : { kind, boosted: fitBoosted(X, y, params.boosted) };
}

export function coreScores(core: Core, X: Matrix): Float64Array {
  return core.kind === 'logistic' ? logisticScores(core.logistic, X) : boostedScores(core.boosted, X);
}

export function coreContributions(core: Core, x: ArrayLike<number>): { bias: number; contributions: Float64Array } {
  return core.kind === 'logistic' ? logisticContributions(core.logistic, x) : boostedContributions(core.boosted, x);
}

/** Everything needed to score a new customer: the column plan, the encoder, the model and its calibration. Plain data. */
export interface TrainedModel {
  kind: ModelKind;
  plan: ColumnPlan[];
  encoder: Encoder;
  core: Core;
  calibration: Platt;
  /** training rows (the calibration was learned on scores of rows the scoring model had not seen) */
  rows: number;
}

export interface InnerChoice {
  winner: ModelKind;
  /** mean ROC AUC of each model over the inner folds */
  auc: Record<ModelKind, number>;
}

/** Each row's score from a model fitted on the other inner folds, and the mean AUC over the folds. */
function outOfFold(kind: ModelKind, X: Matrix, y: Uint8Array, folds: Fold[], params: ModelParams, start?: LogisticModel): { scores: Float64Array; auc: number } {
  const scores = new Float64Array(y.length);
  let auc = 0;
  for (const fold of folds) {
    const core = fitCore(kind, takeRows(X, fold.train), take(y, fold.train), params, start);
    const s = coreScores(core, takeRows(X, fold.test));
    fold.test.forEach((i, k) => (scores[i] = s[k]!));
    auc += rocAuc(take(y, fold.test), s) / folds.length;
  }
  return { scores, auc };
}

export interface TrainOptions {
  kind: ModelKind | 'best';
  seed?: number;
  /** inner folds: to calibrate, and to choose the model for `best` */
  innerFolds?: number;
  params?: ModelParams;
}

export interface Training {
  model: TrainedModel;
  /** for `best`: how the inner cross-validation chose */
  choice?: InnerChoice;
}

/**
 * Trains on these records and outcomes only; nothing is learned from any other row.
 * - The encoder (levels, medians) is fitted on them.
 * - `best`: each model is scored by inner cross-validation on them; the higher mean inner ROC AUC
 *   wins (logistic on a tie: the simpler one).
 * - The chosen model is fitted on all of them, and Platt-calibrated on scores of rows its fit did not
 *   use: for the trees, the 10% early stopping held out; for the logistic model, each row's score
 *   from the inner fold model that did not see it.
 */
export function trainModel(plan: ColumnPlan[], records: CustomerRecord[], y: Uint8Array, opts: TrainOptions): Training {
  const seed = opts.seed ?? 42;
  const params: ModelParams = { ...opts.params, boosted: { seed: seed + 2, ...opts.params?.boosted } };
  const encoder = fitEncoder(plan, records);
  const X = encode(encoder, records);
  const folds = stratifiedFolds(y, opts.innerFolds ?? 3, seed + 1);
  const inner = new Map(opts.kind === 'best' ? MODEL_KINDS.map((k) => [k, outOfFold(k, X, y, folds, params)] as const) : []);
  let choice: InnerChoice | undefined;
  if (opts.kind === 'best') {
    const auc = { logistic: inner.get('logistic')!.auc, boosted: inner.get('boosted')!.auc };
    choice = { winner: auc.boosted > auc.logistic ? 'boosted' : 'logistic', auc };
  }
  const kind = choice?.winner ?? (opts.kind as ModelKind);
  let core: Core;
  let calibration: Platt;
  if (kind === 'boosted') {
    const { model, heldOut } = fitBoostedHeldOut(X, y, params.boosted);
    core = { kind, boosted: model };
    calibration = heldOut ? fitPlatt(heldOut.scores, heldOut.y) : fitPlatt((inner.get(kind) ?? outOfFold(kind, X, y, folds, params)).scores, y);
  } else {
    const logistic = fitLogistic(X, y, params.logistic);
    core = { kind, logistic };
    calibration = fitPlatt((inner.get(kind) ?? outOfFold(kind, X, y, folds, params, logistic)).scores, y);
  }
  return { model: { kind, plan, encoder, core, calibration, rows: y.length }, choice };
}

/** Calibrated probabilities of the positive outcome (churn) for each record. */
export function predictProbabilities(model: TrainedModel, records: CustomerRecord[]): Float64Array {
  const scores = coreScores(model.core, encode(model.encoder, records));
  return scores.map((s) => calibrate(model.calibration, s));
}
