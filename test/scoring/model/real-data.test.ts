import { describe, expect, it } from 'vitest';
import { sharedData, sharedFile } from '../../support/shared-data';
import { cleanEnv, run } from '../../support/spawn';

// The acceptance figures on the public files in shared/data (5 folds, seed 42), through the real
// command. Skipped where the files are not on the machine (see test/support/shared-data.ts).
const telco = sharedFile('WA_Fn-UseC_-Telco-Customer-Churn.csv');
const bank = sharedFile('Churn_Modelling.csv');

describe.skipIf(!sharedData)('the model on the public churn files', () => {
  it('Telco best: ROC AUC 0.84–0.90 (above 0.90 is a leakage alarm); bank boosted: ROC AUC ≥ 0.86', async () => {
    const [t, b] = await Promise.all([
      run(['model', 'eval', '--csv', telco, '--label', 'Churn', '--id', 'customerID', '--model', 'best', '--folds', '5', '--seed', '42', '--json'], cleanEnv()),
      run(['model', 'eval', '--csv', bank, '--label', 'Exited', '--id', 'CustomerId', '--drop', 'RowNumber,Surname', '--model', 'boosted', '--folds', '5', '--seed', '42', '--json'], cleanEnv()),
    ]);
    expect(t.code, t.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const telcoResult = JSON.parse(t.stdout);
    const bankResult = JSON.parse(b.stdout);
    expect(telcoResult).toMatchObject({ n: 7043, folds: 5 });
    expect(telcoResult.auc).toBeGreaterThanOrEqual(0.84);
    expect(telcoResult.auc).toBeLessThanOrEqual(0.9);
    expect(bankResult).toMatchObject({ n: 10000, folds: 5, model: 'boosted' });
    expect(bankResult.auc).toBeGreaterThanOrEqual(0.86);
  }, 120_000);
});
