import { describe, expect, it } from 'vitest';
import { crossValidate, explain, planColumns, predictProbabilities, rocAuc, stratifiedFolds, trainModel, type Dataset } from '../../../scoring/model';
import { seededRandom, shuffle } from '../../../scoring/model/random';
import { syntheticCustomers } from './synthetic';

function dataset(n: number, seed = 1, y?: Uint8Array): Dataset {
  const { records, y: real } = syntheticCustomers(n, seed);
  const columns = Object.keys(records[0]!);
  const plan = planColumns(
    columns,
    records.map((r) => columns.map((c) => String(r[c]))),
    { label: 'churn', id: 'id' },
  );
  return { file: 'synthetic', records, y: y ?? real, positive: 'Yes', negative: 'No', label: 'churn', plan, ids: records.map((r) => String(r.id)) };
}

describe('stratified folds', () => {
  it('split every row into exactly one test fold, each with about the same share of positives', () => {
    const y = Uint8Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const folds = stratifiedFolds(y, 5, 42);
    const tested = folds.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b);
    expect(tested).toEqual(Array.from({ length: 103 }, (_, i) => i));
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(103);
      const pos = Array.from(f.test).filter((i) => y[i] === 1).length;
      expect(pos === 5 || pos === 6).toBe(true);
    }
    expect(stratifiedFolds(y, 5, 42)).toEqual(folds);
    expect(stratifiedFolds(y, 5, 43)).not.toEqual(folds);
  });
});

describe('cross-validation', () => {
  it('gives the same figures for the same seed, and other folds for another seed', () => {
    const data = dataset(600);
    const a = crossValidate(data, { model: 'best', folds: 3, seed: 42 });
    const b = crossValidate(data, { model: 'best', folds: 3, seed: 42 });
    expect(b.mean).toEqual(a.mean);
    expect(b.sd).toEqual(a.sd);
    expect(b.perFold.map((f) => f.model)).toEqual(a.perFold.map((f) => f.model));
    expect(crossValidate(data, { model: 'best', folds: 3, seed: 7 }).mean.auc).not.toBe(a.mean.auc);
    expect(a.mean.auc).toBeGreaterThan(0.75); // the synthetic outcome is learnable
  });

  it('finds nothing in shuffled labels: ROC AUC about 0.5 for both models', () => {
    const data = dataset(2000, 3);
    const shuffled = Uint8Array.from(shuffle(Array.from(data.y), seededRandom(99)));
    for (const model of ['logistic', 'boosted'] as const) {
      const r = crossValidate({ ...data, y: shuffled }, { model, folds: 5, seed: 42 });
      expect(Math.abs(r.mean.auc - 0.5), model).toBeLessThan(0.04);
    }
  });

  it('refuses more folds than rows of the rarer outcome', () => {
    const data = dataset(40);
    const y = new Uint8Array(40);
    y[0] = 1;
    y[1] = 1;
    expect(() => crossValidate({ ...data, y }, { model: 'logistic', folds: 5, seed: 1 })).toThrow(/only 2 rows have the rarer label, too few for 5 folds; use --folds 2 or fewer/);
  });
});

describe('a trained model', () => {
  const data = dataset(1500, 5);
  const { model, choice } = trainModel(data.plan, data.records, data.y, { kind: 'best', seed: 1 });

  it('is chosen by inner cross-validation and gives calibrated probabilities', () => {
    expect(choice?.winner).toBe(model.kind);
    expect(choice!.auc[model.kind]).toBeGreaterThanOrEqual(Math.max(choice!.auc.logistic, choice!.auc.boosted));
    const p = predictProbabilities(model, data.records);
    const meanP = p.reduce((a, b) => a + b, 0) / p.length;
    const rate = data.y.reduce((a, b) => a + b, 0) / data.y.length;
    expect(Math.abs(meanP - rate)).toBeLessThan(0.03);
    expect(rocAuc(data.y, p)).toBeGreaterThan(0.75);
  });

  it('explains a prediction in plain words, with direction', () => {
    for (const kind of ['logistic', 'boosted'] as const) {
      const m = trainModel(data.plan, data.records, data.y, { kind, seed: 1 }).model;
      const risky = { id: 'x', tenure: '1', plan: 'monthly', spend: '90.00' };
      const e = explain(m, risky);
      expect(e.probability).toBeGreaterThan(0.5);
      expect(e.reasons.length).toBeGreaterThan(0);
      expect(e.reasons.length).toBeLessThanOrEqual(3);
      const tenure = e.reasons.find((r) => r.column === 'tenure')!;
      expect(tenure, kind).toMatchObject({ value: '1', direction: 'raises' });
      expect(tenure.text).toMatch(/^tenure is 1: raises the risk \(odds × [\d.]+\)$/);
      const plan = e.reasons.find((r) => r.column === 'plan');
      if (plan) expect(plan.text).toMatch(/^plan is "monthly": raises the risk/);
      const loyal = explain(m, { id: 'y', tenure: '70', plan: 'two-year', spend: '' });
      expect(loyal.probability).toBeLessThan(0.2);
      expect(loyal.reasons.every((r) => r.column === 'spend' || r.direction === 'lowers')).toBe(true);
    }
  });

  it('never sees the test fold: a level only in the test rows has no input of its own', () => {
    const records = data.records.map((r, i) => ({ ...r, region: i < 100 ? 'north' : 'south' }));
    const plan = [...data.plan, { name: 'region', role: 'categorical' as const }];
    const train = Array.from({ length: records.length - 100 }, (_, k) => k + 100);
    const m = trainModel(
      plan,
      train.map((i) => records[i]!),
      Uint8Array.from(train, (i) => data.y[i]!),
      { kind: 'logistic' },
    ).model;
    expect(m.encoder.features.map((f) => f.name)).not.toContain('region=north');
    expect(m.encoder.features.map((f) => f.name)).toContain('region=south');
  });
});
