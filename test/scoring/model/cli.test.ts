import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../../support/spawn';
import { tempDir } from '../../support/temp';
import { syntheticCustomers, toCsv } from './synthetic';

const fixture = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/model', name);
const evalArgs = (file: string, ...more: string[]) => ['model', 'eval', '--csv', file, '--label', 'Churn', '--id', 'customerID', ...more];

describe('tenure model eval: bad files', () => {
  // one process per case (the same messages are checked in-process, with more cases, in table.test.ts)
  it('says what is wrong, on which line, and exits 1', async () => {
    const cases: [string, RegExp][] = [
      ['missing-label.csv', /missing-label\.csv has no column "Churn" to use as the label; its columns are: customerID, tenure, Contract, Churned/],
      ['three-labels.csv', /three-labels\.csv, line 5: the label "Churn" has more than two values: "Yes" and "No" above, then "Maybe" here/],
      ['empty.csv', /empty\.csv is empty: its first line must name the columns/],
      ['header-only.csv', /header-only\.csv has a header but no rows/],
      ['ragged.csv', /ragged\.csv, line 5: the row has 3 cells, but the header names 4 columns/],
    ];
    const results = await Promise.all(cases.map(([file]) => run(evalArgs(fixture(file)), cleanEnv())));
    results.forEach((r, i) => {
      const [file, message] = cases[i]!;
      expect(r.code, file).toBe(1);
      expect(r.stderr, file).toMatch(new RegExp(`^tenure: (.*/)?${message.source}`));
      expect(r.stderr, file).not.toMatch(/^\s+at /m); // a message, not a stack
      expect(r.stdout, file).toBe('');
    });
  }, 120_000);

  it('refuses bad options before reading anything', async () => {
    const [folds, model] = await Promise.all([run(evalArgs(fixture('ragged.csv'), '--folds', '1'), cleanEnv()), run(evalArgs(fixture('ragged.csv'), '--model', 'forest'), cleanEnv())]);
    expect(folds.code).toBe(1);
    expect(folds.stderr).toMatch(/tenure: --folds: must be at least 2/);
    expect(model.code).not.toBe(0);
    expect(model.stderr).toMatch(/Allowed choices are logistic, boosted, best/);
  }, 30_000);
});

describe('tenure model eval: output', () => {
  it('prints one JSON object with exactly the documented keys; the same seed gives the same object', async () => {
    const file = path.join(tempDir('tenure-model-'), 'customers.csv');
    const { records } = syntheticCustomers(400, 4);
    fs.writeFileSync(file, toCsv(records));
    const args = ['model', 'eval', '--csv', file, '--label', 'churn', '--id', 'id', '--model', 'logistic', '--folds', '3', '--seed', '7', '--json'];
    const [a, b, text] = await Promise.all([run(args, cleanEnv()), run(args, cleanEnv()), run(args.slice(0, -1), cleanEnv())]);
    expect(a.code, a.stderr).toBe(0);
    const o = JSON.parse(a.stdout);
    expect(Object.keys(o)).toEqual(['auc', 'auc_sd', 'pr_auc', 'logloss', 'brier', 'precision_at_10pct', 'recall_at_10pct', 'n', 'folds', 'model', 'train_ms']);
    expect(o).toMatchObject({ n: 400, folds: 3, model: 'logistic' });
    expect(o.auc).toBeGreaterThan(0.7);
    expect(typeof o.train_ms).toBe('number');
    const { train_ms: _a, ...figures } = o;
    const { train_ms: _b, ...again } = JSON.parse(b.stdout);
    expect(again).toEqual(figures);
    // for people: the figures, the folds, and why the riskiest customers are flagged
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/ROC AUC\s+0\.\d{3}\s+0\.\d{3}/);
    expect(text.stdout).toMatch(/ignored\s+id \(named by --id\)/);
    // progress on stderr as each fold ends, with --json too (stdout stays the one object)
    for (const r of [a, text]) expect(r.stderr).toMatch(/Cross-validating on 400 rows, 3 folds…\n {2}fold 1 of 3: logistic, ROC AUC 0\.\d{3}[^\n]*\n {2}fold 2 of 3[^\n]*\n {2}fold 3 of 3/);
    expect(text.stdout).toMatch(/Why the model flags the 3 highest-risk customers of fold 1/);
    expect(text.stdout).toMatch(/- tenure is \d+: raises the risk/);
  }, 60_000);
});
