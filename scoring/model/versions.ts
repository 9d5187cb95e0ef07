import { z } from 'zod';
import type { Clock } from '../../db/clock';
import type { Queryable } from '../../db/transaction';
import { asOfMidnight, cancellations, computeFeatures, DAY_MS, type FeatureRow } from './features';
import { allMetrics, logLoss, type Metrics } from './metrics';
import { type PredictorModel, fitPredictor, HORIZON_DAYS, WARM_UP_WEEKS, labelOf, MIN_CHURNED_ACCOUNTS, predict, PREDICTOR_KIND, priorProbability, trainingSet } from './predictor';
import { seededRandom, shuffle } from './random';

// Training and versions. Every trained model is kept with its held-out figures; a new one is
// promoted only when it is not worse, on the newest labelled weeks it did not train on, than the
// model in production (or, before any, the prior from the health score). A model trained on shuffled
// labels ranks no better than chance and is therefore never promoted.

/** Training rows: one per active account and week, up to this many weeks back. */
const TRAINING_WEEKS = 104;
/** The newest labelled weeks are held out to judge a candidate against the production model. */
export const HELD_OUT_WEEKS = 8;
/** "Not worse": the candidate's held-out ROC AUC may be at most this far below the incumbent's. */
export const AUC_TOLERANCE = 0.01;
/**
 * Skill: the candidate's held-out log loss must be at least this share below that of the training
 * churn rate said of everyone. A model trained on shuffled labels has about none (its scores are noise
 * around the rate), a real one a clear share; this keeps a noise model that happens to rank well by
 * chance from being promoted.
 */
export const MIN_SKILL = 0.05;
/** Fewer held-out churners than this cannot show a candidate is not worse: it is kept, not promoted. */
const MIN_HELD_OUT_POSITIVES = 5;

export const ModelVersion = z.object({
  version: z.number(),
  kind: z.string(),
  trained_through: z.date(),
  rows: z.number(),
  positives: z.number(),
  churned_accounts: z.number(),
  metrics: z.record(z.string(), z.unknown()),
  promoted: z.boolean(),
  decision: z.string(),
  shuffled: z.boolean(),
  created_at: z.date(),
});
export type ModelVersion = z.infer<typeof ModelVersion>;

export const TrainResult = z.object({
  status: z.enum(['prior', 'promoted', 'kept']),
  message: z.string(),
  churned_accounts: z.number(),
  min_churned_accounts: z.number(),
  version: ModelVersion.nullable(),
});
export type TrainResult = z.infer<typeof TrainResult>;

/** The production model: the newest promoted version, or null (the prior is used). */
export async function productionModel(db: Queryable): Promise<{ version: number; model: PredictorModel } | null> {
  const { rows } = await db.query<{ version: number; model: PredictorModel }>('SELECT version, model FROM model_versions WHERE promoted ORDER BY version DESC LIMIT 1');
  return rows[0] ?? null;
}

export async function listVersions(db: Queryable): Promise<ModelVersion[]> {
  const { rows } = await db.query<ModelVersion>(
    'SELECT version, kind, trained_through, rows, positives, churned_accounts, metrics, promoted, decision, shuffled, created_at FROM model_versions ORDER BY version DESC',
  );
  return rows;
}

/** Weekly as-of times ending at `at`, back to `weeks` weeks. */
export function weeksBack(at: Date, weeks: number): Date[] {
  return Array.from({ length: weeks }, (_, k) => new Date(at.getTime() - (weeks - 1 - k) * 7 * DAY_MS));
}

const rounded = (m: Metrics) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number.isFinite(v) ? Number(v.toFixed(4)) : null]));

/**
 * Trains a candidate on the outcomes known now, judges it on held-out weeks, keeps it as a new
 * version and promotes it when it is not worse. Below MIN_CHURNED_ACCOUNTS nothing is trained: the
 * prior stays in use. `shuffleLabels` (a check of the promotion rule) trains on permuted labels.
 */
export async function trainVersion(db: Queryable, clock: Clock, o: { threshold: number; shuffleLabels?: boolean; seed?: number }): Promise<TrainResult> {
  const now = clock.now();
  const at = asOfMidnight(now);
  const labelledThrough = new Date(at.getTime() - HORIZON_DAYS * DAY_MS);
  // weeks from the start of the account history (its first usage data) plus the warm-up
  const first = (await db.query<{ at: Date | null }>(`SELECT min(occurred_at) AS at FROM events WHERE kind = 'usage.daily'`)).rows[0]?.at;
  const from = first ? first.getTime() + WARM_UP_WEEKS * 7 * DAY_MS : Infinity;
  const rows = await computeFeatures(db, weeksBack(asOfMidnight(labelledThrough), TRAINING_WEEKS).filter((w) => w.getTime() >= from));
  const cancelled = await cancellations(db);
  const all = trainingSet(rows, cancelled, at);
  const base = { churned_accounts: all.churnedAccounts, min_churned_accounts: MIN_CHURNED_ACCOUNTS };
  if (all.churnedAccounts < MIN_CHURNED_ACCOUNTS) {
    return { status: 'prior', message: `${all.churnedAccounts} churned accounts are known, fewer than the ${MIN_CHURNED_ACCOUNTS} needed to train: the prior from the health score stays in use`, version: null, ...base };
  }
  const random = seededRandom(o.seed ?? 7);
  const labels = (y: Uint8Array) => (o.shuffleLabels ? Uint8Array.from(shuffle(Array.from(y), random)) : y);
  const cut = labelledThrough.getTime() - HELD_OUT_WEEKS * 7 * DAY_MS;
  const fitIdx = all.rows.flatMap((r, i) => (r.as_of.getTime() <= cut ? [i] : []));
  const heldIdx = all.rows.flatMap((r, i) => (r.as_of.getTime() > cut ? [i] : []));
  const pick = (idx: number[]): FeatureRow[] => idx.map((i) => all.rows[i]!);
  const held = pick(heldIdx);
  const heldY = Uint8Array.from(held, (r) => labelOf(r, cancelled));
  const heldPositives = heldY.reduce((a, b) => a + b, 0);
  const candidate = fitPredictor(pick(fitIdx), labels(Uint8Array.from(fitIdx, (i) => all.y[i]!)), o.seed);
  const incumbent = await productionModel(db);
  const candidateM = allMetrics(heldY, predict(candidate, held));
  const incumbentP = incumbent ? predict(incumbent.model, held) : Float64Array.from(held, (r) => priorProbability(r.values.score, o.threshold));
  const incumbentM = allMetrics(heldY, incumbentP);
  const fitY = Uint8Array.from(fitIdx, (i) => all.y[i]!);
  const rate = fitY.reduce((a, b) => a + b, 0) / Math.max(1, fitY.length);
  const skill = 1 - candidateM.logloss / logLoss(heldY, new Float64Array(heldY.length).fill(rate));
  const incumbentName = incumbent ? `version ${incumbent.version}` : 'the prior from the health score';
  let promoted = false;
  let decision: string;
  if (heldPositives < MIN_HELD_OUT_POSITIVES) {
    decision = `kept, not promoted: the ${HELD_OUT_WEEKS} held-out weeks hold ${heldPositives} churn outcomes, too few to show it is not worse than ${incumbentName}`;
  } else if (!(skill >= MIN_SKILL)) {
    decision = `kept, not promoted: its held-out log loss is only ${(100 * skill).toFixed(1)}% below the churn rate's alone (at least ${100 * MIN_SKILL}% is needed)`;
  } else if (!(candidateM.auc >= incumbentM.auc - AUC_TOLERANCE)) {
    decision = `kept, not promoted: held-out ROC AUC ${candidateM.auc.toFixed(3)} is worse than ${incumbentName} (${incumbentM.auc.toFixed(3)})`;
  } else {
    promoted = true;
    decision = `promoted: held-out ROC AUC ${candidateM.auc.toFixed(3)}, not worse than ${incumbentName} (${incumbentM.auc.toFixed(3)})`;
  }
  // the stored model learns from every labelled row; the figures above are of the same recipe held out
  const model = fitPredictor(all.rows, labels(all.y), o.seed);
  const metrics = { skill: Number(skill.toFixed(4)), candidate: rounded(candidateM), incumbent: rounded(incumbentM), incumbent_name: incumbentName, held_out_rows: held.length, held_out_positives: heldPositives, held_out_from: new Date(cut).toISOString() };
  const { rows: stored } = await db.query<ModelVersion>(
    `INSERT INTO model_versions (version, kind, trained_through, rows, positives, churned_accounts, metrics, model, promoted, decision, shuffled, created_at)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM model_versions
     RETURNING version, kind, trained_through, rows, positives, churned_accounts, metrics, promoted, decision, shuffled, created_at`,
    [PREDICTOR_KIND, at, all.rows.length, all.positives, all.churnedAccounts, metrics, JSON.stringify(model), promoted, decision, !!o.shuffleLabels, now],
  );
  return { status: promoted ? 'promoted' : 'kept', message: decision, version: stored[0]!, ...base };
}
