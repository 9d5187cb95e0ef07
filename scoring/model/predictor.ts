import type { ColumnPlan } from './columns';
import type { CustomerRecord } from './encoder';
import { columnEffects } from './explain';
import { FEATURE_NAMES, FEATURES, DAY_MS, type FeatureName, type FeatureRow } from './features';
import { sigmoid } from './sigmoid';
import { predictProbabilities, trainModel, type ModelKind, type TrainedModel } from './train';

// The churn predictor built on the model family of scoring/model (issue 5): the label, the prior
// used while there are too few outcomes, training rows that were labelled by their as-of time, and
// reason codes in plain words.

/** The label: `subscription.cancelled` within this many days after the as-of time. */
export const HORIZON_DAYS = 90;
/** Below this many churned accounts among the training rows, the prior from the health score is used. */
export const MIN_CHURNED_ACCOUNTS = 20;
/**
 * Weeks at the start of a history that are neither trained on nor judged: features compare the last
 * weeks with the 90 days before, and the score's own history is short.
 */
export const WARM_UP_WEEKS = 8;
/** The model kind the predictor trains (logistic: fast, stable on a few hundred accounts, readable reasons). */
export const PREDICTOR_KIND: ModelKind = 'logistic';
/** The L2 penalty on its standardised weights: strong, because weekly rows of the same few hundred accounts are far from independent. */
export const PREDICTOR_L2 = 30;
/** A health score this low reads as the likely-churn threshold under the prior (the default preset's escalate boundary). */
export const PRIOR_PIVOT_SCORE = 40;
/** Score points per unit of log-odds under the prior. */
export const PRIOR_POINTS_PER_LOGIT = 8;

export const PLAN: ColumnPlan[] = FEATURE_NAMES.map((name) => ({ name, role: 'numeric' }));

/**
 * A trained predictor: the model, and each input's range on the training rows (0.5th to 99.5th
 * percentile). Inputs are held inside it when scoring, so a value the model never saw (a longer
 * history, an unusual week) cannot push a linear score to an extreme it was never fitted for.
 */
export type PredictorModel = TrainedModel & { clip: Partial<Record<FeatureName, [number, number]>> };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

export function fitClip(rows: FeatureRow[]): PredictorModel['clip'] {
  const clip: PredictorModel['clip'] = {};
  for (const name of FEATURE_NAMES) {
    const values = rows.map((r) => r.values[name]).filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
    if (values.length) clip[name] = [quantile(values, 0.005), quantile(values, 0.995)];
  }
  return clip;
}

export function toRecord(r: FeatureRow, clip: PredictorModel['clip'] = {}): CustomerRecord {
  const out: CustomerRecord = {};
  for (const name of FEATURE_NAMES) {
    const v = r.values[name];
    const range = clip[name];
    out[name] = v === null || !range ? v : Math.min(range[1], Math.max(range[0], v));
  }
  return out;
}

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * The prior: the health score alone, mapped so that the escalate boundary sits at the likely-churn
 * threshold: p = σ(logit(threshold) + (40 − score) / 8). No score: the threshold's odds ÷ 4.
 */
export function priorProbability(score: number | null, threshold: number): number {
  if (score === null) return sigmoid(logit(threshold) - Math.log(4));
  return sigmoid(logit(threshold) + (PRIOR_PIVOT_SCORE - score) / PRIOR_POINTS_PER_LOGIT);
}

/** 1 when the account cancelled within the horizon after the row's as-of time. */
export function labelOf(row: { account_id: string; as_of: Date }, cancelled: Map<string, Date>): 0 | 1 {
  const c = cancelled.get(row.account_id);
  return c && c > row.as_of && c.getTime() <= row.as_of.getTime() + HORIZON_DAYS * DAY_MS ? 1 : 0;
}

/** Rows whose outcome is known at `at`: their whole horizon has passed. */
export function labelledBy(rows: FeatureRow[], at: Date): FeatureRow[] {
  return rows.filter((r) => r.as_of.getTime() + HORIZON_DAYS * DAY_MS <= at.getTime());
}

export interface TrainingSet {
  rows: FeatureRow[];
  y: Uint8Array;
  positives: number;
  churnedAccounts: number;
}

export function trainingSet(rows: FeatureRow[], cancelled: Map<string, Date>, at: Date): TrainingSet {
  const kept = labelledBy(rows, at);
  const y = Uint8Array.from(kept, (r) => labelOf(r, cancelled));
  const churned = new Set(kept.filter((_, i) => y[i] === 1).map((r) => r.account_id));
  return { rows: kept, y, positives: y.reduce((a, b) => a + b, 0), churnedAccounts: churned.size };
}

export function fitPredictor(rows: FeatureRow[], y: Uint8Array, seed = 42): PredictorModel {
  const clip = fitClip(rows);
  const model = trainModel(PLAN, rows.map((r) => toRecord(r, clip)), y, { kind: PREDICTOR_KIND, seed, innerFolds: 3, params: { logistic: { l2: PREDICTOR_L2 } } }).model;
  return { ...model, clip };
}

export function predict(model: PredictorModel, rows: FeatureRow[]): Float64Array {
  return predictProbabilities(model, rows.map((r) => toRecord(r, model.clip)));
}

export interface ReasonCode {
  code: FeatureName | 'health_score_prior';
  text: string;
  /** share of the log-odds (> 0 raises the risk) */
  effect: number;
}

const shown = (name: FeatureName, v: number | null) => (v === null ? 'unknown' : Number.isInteger(v) ? String(v) : Math.abs(v) < 10 ? v.toFixed(2) : String(Math.round(v)));

/** The `top` inputs that raised this account's risk most, in plain words (the prior: the score). */
export function reasonCodes(model: PredictorModel | null, row: FeatureRow, top = 3): ReasonCode[] {
  if (!model) {
    return [{ code: 'health_score_prior', text: `health score ${row.values.score ?? 'unknown'}: too few churn outcomes yet to train a model, so the risk follows the score`, effect: 0 }];
  }
  const { effects } = columnEffects(model, toRecord(row, model.clip));
  return [...effects.entries()]
    .filter(([, e]) => e > 1e-6)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([column, effect]) => {
      const name = column as FeatureName;
      return { code: name, text: `${FEATURES[name]}: ${shown(name, row.values[name])} (raises the risk, odds × ${Math.exp(effect).toFixed(1)})`, effect: Number(effect.toFixed(4)) };
    });
}
