// The churn predictor's acceptance figures (issue 16): the walk-forward backtest on 3 demo seeds, each
// generated in a scratch database, with the mean and the minimum of each figure, against the score
// zone baseline. Targets: recall of churners flagged ≥ 21 days ahead ≥ 0.75 at precision ≥ 0.5, median
// first-signal-to-flag ≤ 11 days, recall above the baseline at equal or better precision.
// About a minute per seed (generation, weekly score backfill, features, one training a week).
// Usage: npx tsx bench/backtest.ts [--seeds 20261125,1,2] [--threshold 0.6]
import { performance } from 'node:perf_hooks';
import { fixedClock } from '../db/clock';
import { backtest, type BacktestResult } from '../scoring/model/backtest';
import { scratchDemo } from '../scoring/model/scratch';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const seeds = (arg('seeds') ?? '20261125,1,2').split(',').map(Number);
const threshold = Number(arg('threshold') ?? 0.6);
const out = (s = '') => process.stdout.write(`${s}\n`);
const clock = fixedClock('2026-11-25T12:00:00Z');

const results: BacktestResult[] = [];
for (const seed of seeds) {
  const t0 = performance.now();
  const db = await scratchDemo(clock, seed);
  try {
    const r = await backtest(db, clock, { threshold });
    results.push(r);
    out(`seed ${seed}: ${JSON.stringify(r)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  } finally {
    await db.close();
  }
}
const KEYS = ['recall_21d', 'precision', 'median_lead_days', 'median_signal_to_flag_days', 'baseline_recall_21d', 'baseline_precision', 'churners', 'flags', 'prior_weeks'] as const;
out('');
out(`figure                        mean     min   (threshold ${threshold}, seeds ${seeds.join(', ')})`);
for (const k of KEYS) {
  const xs = results.map((r) => r[k]).filter((x): x is number => typeof x === 'number');
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  out(`${k.padEnd(28)} ${mean.toFixed(3).padStart(7)} ${Math.min(...xs).toFixed(3).padStart(7)}`);
}
const mean = (k: (typeof KEYS)[number]) => results.reduce((a, r) => a + (r[k] ?? 0), 0) / results.length;
const med = results.map((r) => r.median_signal_to_flag_days ?? Infinity);
out('');
out(`targets: recall ≥ 0.75: ${mean('recall_21d') >= 0.75 ? 'met' : 'NOT met'}; precision ≥ 0.5: ${mean('precision') >= 0.5 ? 'met' : 'NOT met'}; ` +
  `median signal→flag ≤ 11 d: ${Math.max(...med) <= 11 ? 'met' : 'NOT met'}; above the baseline at equal or better precision: ` +
  `${results.every((r) => r.recall_21d > r.baseline_recall_21d && r.precision >= r.baseline_precision) ? 'met' : 'NOT met'}`);
