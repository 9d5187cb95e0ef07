// Model-training benchmark: how long the churn model takes to train on 100,000 rows × 40 features.
//   fit    the model alone on the numeric matrix (logistic: Newton's method; boosted: binning + trees
//          with early stopping on 10% of the rows)
//   train  what `trainModel` does, as the product and `tenure model eval` call it: records → encoder,
//          3-fold inner cross-validation for the calibration, Platt scaling, the final fit
// on made-up customers: 32 numeric columns and 4 yes/no categorical columns, one-hot encoded into
// 40 model inputs, whose churn depends on a few of them, non-linearly; ROC AUC on 20,000 fresh rows
// shows that each model learned something.
// Target: a median under 10 s each (a slowest run is printed too). Usage: npx tsx bench/model.ts [--rows N] [--runs N]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { encode, fitCore, coreScores, fitEncoder, planColumns, predictProbabilities, rocAuc, trainModel, type CustomerRecord, type ModelKind } from '../scoring/model';
import { seededRandom } from '../scoring/model/random';
import { flag } from './lib/args';

const rows = flag('rows', 100_000);
const runs = flag('runs', 3);
const TARGET_S = 10;
const out = (s = '') => process.stdout.write(`${s}\n`);

const NUMERIC = 32;
const CATEGORICAL = 4;
const LEVELS = ['yes', 'no'];

function customers(n: number, seed: number): { records: CustomerRecord[]; y: Uint8Array } {
  const random = seededRandom(seed);
  const records: CustomerRecord[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r: CustomerRecord = {};
    for (let j = 0; j < NUMERIC; j++) r[`n${j}`] = (random() * 100).toFixed(2);
    for (let j = 0; j < CATEGORICAL; j++) r[`c${j}`] = LEVELS[random() < 0.3 + 0.1 * j ? 0 : 1]!;
    const x0 = Number(r.n0) / 100;
    const x1 = Number(r.n1) / 100;
    const x2 = Number(r.n2) / 100;
    const z = -1.5 + 2 * x0 + (x1 > 0.7 ? 1.5 : 0) - 3 * (x2 - 0.5) ** 2 * 4 + (r.c0 === 'yes' ? 0.8 : 0) + (x0 > 0.5 && r.c1 === 'no' ? 1 : 0);
    y[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    records.push(r);
  }
  return { records, y };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

out(`Generating ${rows.toLocaleString('en')} training rows and 20,000 test rows (${NUMERIC} numeric + ${CATEGORICAL} categorical columns)…`);
const train = customers(rows, 1);
const test = customers(20_000, 2);
const columns = Object.keys(train.records[0]!);
const plan = planColumns([...columns, 'churn'], train.records.slice(0, 1000).map((r) => [...columns.map((c) => String(r[c])), '0']), { label: 'churn' });
const encoder = fitEncoder(plan, train.records);
const X = encode(encoder, train.records);
const Xtest = encode(encoder, test.records);
out(`${X.n.toLocaleString('en')} rows × ${plan.length} columns → ${X.d} model inputs after one-hot encoding; ${runs} run(s) each`);
out(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${new Date().toISOString().slice(0, 10)}`);
out('');

const table: string[][] = [];
let failed = false;
for (const kind of ['logistic', 'boosted'] as ModelKind[]) {
  const fitTimes: number[] = [];
  const trainTimes: number[] = [];
  const fitCpu: number[] = [];
  const trainCpu: number[] = [];
  const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
  let fitAuc = NaN;
  let trainAuc = NaN;
  let detail = '';
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    let c0 = process.cpuUsage();
    const core = fitCore(kind, X, train.y, { boosted: { seed: 3 } });
    fitTimes.push((performance.now() - t0) / 1000);
    fitCpu.push(cpuSeconds(process.cpuUsage(c0)));
    fitAuc = rocAuc(test.y, coreScores(core, Xtest));
    detail = core.kind === 'logistic' ? `${core.logistic.iterations} Newton steps` : `${core.boosted.trees.length} trees`;
    t0 = performance.now();
    c0 = process.cpuUsage();
    const { model } = trainModel(plan, train.records, train.y, { kind, seed: 42 });
    trainTimes.push((performance.now() - t0) / 1000);
    trainCpu.push(cpuSeconds(process.cpuUsage(c0)));
    trainAuc = rocAuc(test.y, predictProbabilities(model, test.records));
  }
  for (const [what, times, cpu, auc] of [
    ['fit', fitTimes, fitCpu, fitAuc],
    ['train', trainTimes, trainCpu, trainAuc],
  ] as const) {
    if (median(times) >= TARGET_S) failed = true;
    table.push([`${kind} ${what}`, times.length.toString(), `${Math.min(...times).toFixed(2)} s`, `${median(times).toFixed(2)} s`, `${Math.max(...times).toFixed(2)} s`, `${median(cpu).toFixed(2)} s`, auc.toFixed(3), what === 'fit' ? detail : kind === 'logistic' ? 'encoder, fit, 3 inner fits, Platt' : 'encoder, fit, Platt on the held-out 10%']);
  }
}
const head = ['measure', 'runs', 'min', 'median', 'max', 'CPU median', 'test AUC', 'note'];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= 1 && i <= 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
out(line(head));
out(`| ${widths.map((w, i) => (i >= 1 && i <= 6 ? '-'.repeat(w - 1) + ':' : '-'.repeat(w))).join(' | ')} |`);
for (const r of table) out(line(r));
out('');
out(`Wall-clock seconds per run; CPU: the process's user + system seconds (steadier on a shared machine).`);
out(failed ? `Target missed: a median of ${TARGET_S} s or more.` : `Target holds: every median under ${TARGET_S} s.`);
process.exitCode = failed ? 1 : 0;
