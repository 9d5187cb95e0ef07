import type { Clock } from '../../db/clock';
import type { Queryable } from '../../db/transaction';
import { withTransaction, type Tx } from '../../db/transaction';
import { demoOnsets } from '../../ingest/demo/onsets';
import { backfill } from '../run';
import { cancellations, computeFeatures, DAY_MS, type FeatureRow } from './features';
import { type PredictorModel, fitPredictor, HORIZON_DAYS, WARM_UP_WEEKS, MIN_CHURNED_ACCOUNTS, predict, priorProbability, trainingSet } from './predictor';

// The walk-forward backtest: the demo history replayed week by week. Each week's predictions come
// from a model trained only on rows whose 90-day outcome was known that week (or from the prior,
// while fewer than MIN_CHURNED_ACCOUNTS churned accounts are known), and are scored against what
// happened. Features are computed once for every week in one statement (the cache); the score
// history the features read is backfilled for the replayed weeks first (only the days it lacks).
//
// The first WARM_UP_WEEKS of the history are not replayed (neither the model nor the baseline is judged there).
//
// Counting (issue 16):
// - a flag is a week where the probability is at or above the likely-churn threshold; each account's
//   first flag in a 90-day window counts once; flags with less than 90 days of follow-up are left
//   out of precision; a flag is right when the account cancels within 90 days of it;
// - the churners counted are those cancelling at least 90 days after the first replayed week (the whole
//   window before the cancellation was replayed) and by the end of the history; one is caught when its
//   first flag within the 90 days before cancelling comes 21 days or more ahead;
// - lead: cancellation minus that first flag; signal to flag: the first flag at or after the onset
//   (the demo's ground truth, read here only) minus the onset, for churners flagged after it.

const WEEK_MS = 7 * DAY_MS;
export const MIN_LEAD_DAYS = 21;


export interface Figures {
  recall_21d: number;
  precision: number;
  median_lead_days: number | null;
  median_signal_to_flag_days: number | null;
  churners: number;
  flags: number;
}

export interface BacktestResult extends Figures {
  baseline_recall_21d: number;
  baseline_precision: number;
  baseline_flags: number;
  weeks: number;
  /** weeks whose predictions came from the prior (too few outcomes known yet) */
  prior_weeks: number;
  threshold: number;
  history: { start: string; end: string };
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, d = 3) => Number(x.toFixed(d));

/** Scores weekly flags (account → flagged as-of times) against cancellations and onsets. */
export function scoreFlags(
  flagged: Map<string, number[]>,
  cancelled: Map<string, Date>,
  onsets: Map<string, Date>,
  o: { firstWeek: number; end: number },
): Figures {
  const horizon = HORIZON_DAYS * DAY_MS;
  let counted = 0;
  let right = 0;
  for (const [account, times] of flagged) {
    let last = -Infinity;
    for (const t of [...times].sort((a, b) => a - b)) {
      if (t - last < horizon) continue;
      last = t;
      if (t + horizon > o.end) continue;
      counted++;
      const c = cancelled.get(account)?.getTime();
      if (c !== undefined && c > t && c <= t + horizon) right++;
    }
  }
  let churners = 0;
  let caught = 0;
  const leads: number[] = [];
  const signalToFlag: number[] = [];
  for (const [account, at] of cancelled) {
    const c = at.getTime();
    if (c - horizon < o.firstWeek || c > o.end) continue;
    churners++;
    const times = (flagged.get(account) ?? []).filter((t) => t >= c - horizon && t < c).sort((a, b) => a - b);
    if (times.length) {
      const lead = (c - times[0]!) / DAY_MS;
      leads.push(lead);
      if (lead >= MIN_LEAD_DAYS) caught++;
    }
    const onset = onsets.get(account)?.getTime();
    if (onset !== undefined && onset >= o.firstWeek) {
      const after = (flagged.get(account) ?? []).filter((t) => t >= onset && t < c).sort((a, b) => a - b);
      if (after.length) signalToFlag.push((after[0]! - onset) / DAY_MS);
    }
  }
  const ml = median(leads);
  const ms = median(signalToFlag);
  return {
    recall_21d: churners ? round(caught / churners) : 0,
    precision: counted ? round(right / counted) : 0,
    median_lead_days: ml === null ? null : round(ml, 1),
    median_signal_to_flag_days: ms === null ? null : round(ms, 1),
    churners,
    flags: counted,
  };
}

function addFlag(map: Map<string, number[]>, account: string, t: number) {
  const list = map.get(account);
  if (list) list.push(t);
  else map.set(account, [t]);
}

export interface BacktestOptions {
  threshold: number;
  /** retrain every this many weeks (1: every week) */
  retrainWeeks?: number;
  seed?: number;
}

/** The replay over the demo company stored in `db`. */
export async function backtest(db: Queryable & { pool?: unknown }, clock: Clock, o: BacktestOptions): Promise<BacktestResult> {
  const demo = (await db.query<{ history_start: Date; as_of: Date }>('SELECT history_start, as_of FROM demo_company')).rows[0];
  if (!demo) throw new Error('no demo company is stored: run `tenure demo seed` first, or pass --seed');
  const start = demo.history_start.getTime();
  const end = demo.as_of.getTime();
  const weeks: Date[] = [];
  for (let t = end; t >= start + WARM_UP_WEEKS * WEEK_MS; t -= WEEK_MS) weeks.unshift(new Date(t));
  await withTransaction(db as Parameters<typeof withTransaction>[0], (tx: Tx) => backfill(tx, clock, { from: weeks[0]!, to: weeks.at(-1)!, days: weeks }));
  const rows = await computeFeatures(db, weeks);
  const cancelled = await cancellations(db);
  const onsets = new Map((await demoOnsets(db)).map((r) => [r.account_id, r.onset_at]));
  const escalated = new Set(
    (await db.query<{ k: string }>(`SELECT account_id || '|' || (extract(epoch FROM as_of) * 1000)::bigint AS k FROM scores WHERE as_of = ANY ($1::timestamptz[]) AND escalate`, [weeks])).rows.map((r) => r.k),
  );
  const byWeek = new Map<number, FeatureRow[]>();
  for (const r of rows) {
    const k = r.as_of.getTime();
    const list = byWeek.get(k);
    if (list) list.push(r);
    else byWeek.set(k, [r]);
  }
  const flagged = new Map<string, number[]>();
  const baseline = new Map<string, number[]>();
  let model: PredictorModel | null = null;
  let trainedAt = -Infinity;
  let priorWeeks = 0;
  const retrain = (o.retrainWeeks ?? 1) * WEEK_MS;
  for (const week of weeks) {
    const t = week.getTime();
    const current = byWeek.get(t) ?? [];
    if (t - trainedAt >= retrain) {
      const set = trainingSet(rows, cancelled, week);
      model = set.churnedAccounts >= MIN_CHURNED_ACCOUNTS ? fitPredictor(set.rows, set.y, o.seed) : null;
      trainedAt = model ? t : trainedAt;
    }
    if (!model) priorWeeks++;
    const p = model ? predict(model, current) : Float64Array.from(current, (r) => priorProbability(r.values.score, o.threshold));
    current.forEach((r, i) => {
      if (p[i]! >= o.threshold) addFlag(flagged, r.account_id, t);
      if (escalated.has(`${r.account_id}|${t}`)) addFlag(baseline, r.account_id, t);
    });
  }
  const span = { firstWeek: weeks[0]!.getTime(), end };
  const ours = scoreFlags(flagged, cancelled, onsets, span);
  const base = scoreFlags(baseline, cancelled, onsets, span);
  return {
    ...ours,
    baseline_recall_21d: base.recall_21d,
    baseline_precision: base.precision,
    baseline_flags: base.flags,
    weeks: weeks.length,
    prior_weeks: priorWeeks,
    threshold: o.threshold,
    history: { start: demo.history_start.toISOString(), end: demo.as_of.toISOString() },
  };
}
