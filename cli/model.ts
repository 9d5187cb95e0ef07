import { Option, type Command } from 'commander';
import { z } from 'zod';
import { TenureError } from '../server/errors';
import { crossValidate, loadDataset, type Evaluation, type FoldResult, type Metrics } from '../scoring/model';
import { out, printJson, printTable } from './output';
import { loadConfig } from '../server/config';
import { withInstance } from './instance';
import type { TrainResult, ModelVersion } from '../scoring/model/versions';

const EvalArgs = z.object({
  csv: z.string().min(1),
  label: z.string().trim().min(1),
  id: z.string().trim().min(1).optional(),
  drop: z
    .string()
    .optional()
    .transform((s) => (s ?? '').split(',').map((c) => c.trim()).filter(Boolean)),
  model: z.enum(['logistic', 'boosted', 'best']),
  folds: z.coerce.number({ error: 'must be a whole number from 2 to 20' }).int('must be a whole number from 2 to 20').min(2, 'must be at least 2').max(20, 'must be at most 20'),
  seed: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more'),
  json: z.boolean().optional(),
});
type EvalArgs = z.infer<typeof EvalArgs>;

const INNER_FOLDS = 3;

const round = (x: number, digits = 4) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const count = (n: number) => n.toLocaleString('en');
const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

export function modelCommands(program: Command): void {
  const model = program.command('model').description('The churn model: measure it on any churn table; train, list and backtest the product\'s predictor');
  model
    .command('eval')
    .description('Cross-validate the churn model on a CSV file of customers whose outcome is known')
    .requiredOption('--csv <file>', 'the CSV file: a header line, then one customer per row')
    .requiredOption('--label <column>', 'the outcome column, two values (Yes/No, 1/0, true/false…)')
    .option('--id <column>', 'the customer id column (shown in examples, never a feature)')
    .option('--drop <columns>', 'columns to leave out, comma-separated (e.g. RowNumber,Surname)')
    .addOption(new Option('--model <model>', 'which model: best = the one inner cross-validation picks in each training fold').choices(['logistic', 'boosted', 'best']).default('best'))
    .option('--folds <k>', 'number of cross-validation folds', '5')
    .option('--seed <n>', 'random seed (same seed, same figures)', '42')
    .option('--json', 'one JSON object: auc, auc_sd, pr_auc, logloss, brier, precision_at_10pct, recall_at_10pct, n, folds, model, train_ms')
    .action((o: Record<string, unknown>) => {
      const parsed = EvalArgs.safeParse(o);
      if (!parsed.success) {
        const details = parsed.error.issues.map((i) => ({ field: `--${i.path.join('.')}`, message: i.message }));
        throw new TenureError('invalid_request', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
      }
      const args = parsed.data;
      const data = loadDataset(args.csv, { label: args.label, id: args.id, drop: args.drop });
      // progress goes to stderr, so --json output stays one object on stdout
      process.stderr.write(`Cross-validating on ${data.y.length.toLocaleString('en')} rows, ${args.folds} folds…\n`);
      const onFold = (f: FoldResult, of: number) =>
        process.stderr.write(`  fold ${f.fold} of ${of}: ${f.model}, ROC AUC ${f.metrics.auc.toFixed(3)}, trained in ${(f.train_ms / 1000).toFixed(1)} s\n`);
      const result = crossValidate(data, { model: args.model, folds: args.folds, seed: args.seed, innerFolds: INNER_FOLDS, examples: args.json ? 0 : 3, onFold });
      if (args.json) return printJson(toJson(result));
      printReport(args, data, result);
    });
  productCommands(model);
}

// The churn predictor in the product (scoring/model/versions.ts, backtest.ts), through the API.
const SeedArg = z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').max(2 ** 31 - 1, 'is too large');

function productCommands(model: Command): void {
  model
    .command('train')
    .description('Train a churn model version on the outcomes known today; it is promoted only if not worse on held-out weeks')
    .option('--shuffle-labels', 'train on shuffled labels (a check: such a model is never promoted)')
    .option('--json', 'machine-readable output')
    .action(async (o: { shuffleLabels?: boolean; json?: boolean }) => {
      const r = (await withInstance(loadConfig(), (call) => call('POST', '/v1/model/train', o.shuffleLabels ? { shuffle_labels: true } : {}))) as TrainResult;
      if (o.json) return printJson(r);
      out(r.version ? `Version ${r.version.version} (${r.version.kind}, ${count(r.version.rows)} rows, ${r.churned_accounts} churned accounts): ${r.message}` : r.message);
    });
  model
    .command('versions')
    .description('Every trained churn model version, newest first, and which one is in production')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const r = (await withInstance(loadConfig(), (call) => call('GET', '/v1/model/versions'))) as { production_version: number | null; prior_in_use: boolean; data: ModelVersion[] };
      if (o.json) return printJson(r);
      out(r.prior_in_use ? 'In production: the prior from the health score (no version promoted yet).' : `In production: version ${r.production_version}.`);
      printTable(
        r.data.map((v) => ({ version: v.version, trained: String(v.trained_through).slice(0, 10), rows: count(v.rows), churned: v.churned_accounts, promoted: v.promoted ? 'yes' : 'no', decision: v.decision })),
        ['version', 'trained', 'rows', 'churned', 'promoted', 'decision'],
      );
    });
  model
    .command('backtest')
    .description('Walk-forward backtest of the churn predictor on the demo company, week by week, against the score zone baseline')
    .option('--seed <n>', 'generate the demo company with this seed in a scratch database (default: the stored demo)')
    .option('--json', 'one JSON object: recall_21d, precision, median_lead_days, median_signal_to_flag_days, baseline_recall_21d, baseline_precision, churners, flags')
    .action(async (o: { seed?: string; json?: boolean }) => {
      let seed: number | undefined;
      if (o.seed !== undefined) {
        const parsed = SeedArg.safeParse(o.seed);
        if (!parsed.success) throw new TenureError('invalid_request', `--seed: ${parsed.error.issues[0]!.message}`, [{ field: '--seed', message: parsed.error.issues[0]!.message }]);
        seed = parsed.data;
      }
      if (!o.json) process.stderr.write(`Replaying the demo history week by week${seed === undefined ? '' : ` (seed ${seed}, scratch database)`}…\n`);
      const r = (await withInstance(loadConfig(), (call) => call('GET', `/v1/model/backtest${seed === undefined ? '' : `?seed=${seed}`}`))) as Record<string, number | null> & { weeks: number; prior_weeks: number; threshold: number };
      if (o.json) {
        const keys = ['recall_21d', 'precision', 'median_lead_days', 'median_signal_to_flag_days', 'baseline_recall_21d', 'baseline_precision', 'churners', 'flags'];
        return printJson(Object.fromEntries(keys.map((k) => [k, r[k]])));
      }
      out(`Walk-forward backtest: ${r.weeks} weeks replayed (${r.prior_weeks} on the prior, too few outcomes known), likely-churn threshold ${r.threshold}`);
      printTable(
        [
          { figure: 'recall, flagged ≥ 21 days ahead', predictor: r.recall_21d, 'score zone baseline': r.baseline_recall_21d },
          { figure: 'precision (churn within 90 days)', predictor: r.precision, 'score zone baseline': r.baseline_precision },
          { figure: 'flags counted', predictor: r.flags, 'score zone baseline': r.baseline_flags },
          { figure: 'median lead (days)', predictor: r.median_lead_days ?? '-', 'score zone baseline': '' },
          { figure: 'median first signal → flag (days)', predictor: r.median_signal_to_flag_days ?? '-', 'score zone baseline': '' },
        ],
        ['figure', 'predictor', 'score zone baseline'],
      );
      out(`${r.churners} churners counted.`);
    });
}

/** The --json object: exactly these keys. train_ms is the mean time to train one fold's model. */
function toJson(r: Evaluation) {
  return {
    auc: round(r.mean.auc),
    auc_sd: round(r.sd.auc),
    pr_auc: round(r.mean.pr_auc),
    logloss: round(r.mean.logloss),
    brier: round(r.mean.brier),
    precision_at_10pct: round(r.mean.precision_at_10pct),
    recall_at_10pct: round(r.mean.recall_at_10pct),
    n: r.n,
    folds: r.folds,
    model: r.model,
    train_ms: Math.round(r.train_ms),
  };
}

const METRIC_NAMES: [keyof Metrics, string][] = [
  ['auc', 'ROC AUC'],
  ['pr_auc', 'PR AUC (average precision)'],
  ['logloss', 'log loss'],
  ['brier', 'Brier score'],
  ['precision_at_10pct', 'precision in the top 10%'],
  ['recall_at_10pct', 'recall in the top 10%'],
];

function printReport(args: EvalArgs, data: ReturnType<typeof loadDataset>, r: Evaluation): void {
  const used = data.plan.filter((c) => c.role !== 'ignored');
  const numeric = used.filter((c) => c.role === 'numeric').length;
  const ignored = data.plan.filter((c) => c.role === 'ignored');
  const inputs = r.perFold.map((f) => f.inputs);
  const wins = (k: string) => r.perFold.filter((f) => f.model === k).length;
  out(`Churn model evaluation of ${data.file}`);
  out(`  rows      ${count(r.n)}, of which ${count(r.positives)} have ${data.label} = "${data.positive}" (${((100 * r.positives) / r.n).toFixed(1)}%); the other value is "${data.negative}"`);
  out(`  features  ${used.length} columns (${numeric} numeric, ${used.length - numeric} categorical, one-hot) → ${Math.min(...inputs)}${Math.max(...inputs) > Math.min(...inputs) ? `–${Math.max(...inputs)}` : ''} model inputs`);
  if (ignored.length) out(`  ignored   ${ignored.map((c) => `${c.name} (${c.why})`).join(', ')}`);
  if (args.model === 'best') {
    out(`  model     best of logistic and boosted, chosen by ${INNER_FOLDS}-fold cross-validation inside each training fold:`);
    out(`            logistic won ${wins('logistic')} of ${r.folds} folds, boosted ${wins('boosted')}; reported as ${r.model}`);
  } else out(`  model     ${args.model === 'logistic' ? 'logistic regression (L2, standardised inputs)' : 'gradient-boosted trees (histogram-based)'}`);
  out(`  method    ${r.folds}-fold stratified cross-validation, seed ${args.seed}: every figure is on rows the model never saw;`);
  out(`            probabilities Platt-calibrated on held-out scores inside each training fold`);
  out('');
  printTable(
    METRIC_NAMES.map(([k, name]) => ({ metric: name, mean: r.mean[k].toFixed(3), sd: r.sd[k].toFixed(3) })),
    ['metric', 'mean', 'sd'],
  );
  out('');
  printTable(
    r.perFold.map((f) => ({
      fold: f.fold,
      model: f.model,
      'roc auc': f.metrics.auc.toFixed(3),
      ...(f.choice ? { 'inner auc logistic / boosted': `${f.choice.auc.logistic.toFixed(3)} / ${f.choice.auc.boosted.toFixed(3)}` } : {}),
      'train rows': count(f.train_rows),
      'test rows': count(f.test_rows),
      'train time': seconds(f.train_ms),
    })),
    ['fold', 'model', 'roc auc', ...(args.model === 'best' ? ['inner auc logistic / boosted'] : []), 'train rows', 'test rows', 'train time'],
  );
  const total = r.perFold.reduce((s, f) => s + f.train_ms, 0);
  out('');
  out(`Training: ${seconds(r.train_ms)} per fold on average, ${seconds(total)} in all (inner cross-validation, calibration and the final fit).`);
  if (r.mean.auc > 0.9) {
    out('');
    out(`Note: a ROC AUC above 0.90 on churn data usually means a column gives the outcome away (written after it,`);
    out(`or a score derived from it). Check the columns and leave such ones out with --drop.`);
  }
  if (r.examples.length) {
    out('');
    out(`Why the model flags the ${r.examples.length} highest-risk customers of fold 1:`);
    for (const e of r.examples) {
      out(`  ${e.id}: ${(100 * e.explanation.probability).toFixed(0)}% risk; outcome: ${data.label} = "${e.actual ? data.positive : data.negative}"`);
      for (const reason of e.explanation.reasons) out(`    - ${reason.text}`);
    }
  }
}
