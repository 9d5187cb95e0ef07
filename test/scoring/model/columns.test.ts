import { describe, expect, it } from 'vitest';
import { encode, fitEncoder, planColumns, toNumber } from '../../../scoring/model';

describe('columns and encoding', () => {
  const columns = ['RowNumber', 'customerID', 'gender', 'tenure', 'TotalCharges', 'country', 'Churn', 'Surname'];
  const rows = Array.from({ length: 30 }, (_, i) => [String(i + 1), `ID-${i}`, i % 2 ? 'Female' : 'Male', String(i % 7), i % 10 === 0 ? ' ' : `${i * 10.5}`, 'France', i % 3 ? 'No' : 'Yes', `Name${i}`]);

  it('sees numbers, categories, identifiers and constants', () => {
    const plan = planColumns(columns, rows, { label: 'Churn', drop: ['Surname'] });
    const role = Object.fromEntries(plan.map((c) => [c.name, c.why ? `${c.role}: ${c.why}` : c.role]));
    expect(role).toEqual({
      RowNumber: 'ignored: identifier-like: a different whole number on every row',
      customerID: 'ignored: identifier-like: a different value on every row',
      gender: 'categorical',
      tenure: 'numeric',
      TotalCharges: 'numeric', // blanks (a single space) are missing values, not text
      country: 'ignored: constant: always "France"',
      Surname: 'ignored: named by --drop',
    });
    expect(toNumber(' 29.85 ')).toBe(29.85);
    expect(toNumber('1,234')).toBeNaN();
  });

  it('learns levels and medians from the training rows only; a blank gets the median and a flag', () => {
    const plan = [
      { name: 'plan', role: 'categorical' as const },
      { name: 'spend', role: 'numeric' as const },
    ];
    const train = [
      ...Array.from({ length: 5 }, () => ({ plan: 'monthly', spend: '10' })),
      ...Array.from({ length: 5 }, () => ({ plan: 'annual', spend: '30' })),
      { plan: 'annual', spend: '' },
    ];
    const enc = fitEncoder(plan, train);
    expect(enc.features.map((f) => f.name)).toEqual(['spend', 'spend is blank', 'plan=annual', 'plan=monthly']);
    const X = encode(enc, [
      { plan: 'monthly', spend: '' },
      { plan: 'weekly', spend: 5 }, // a level the training rows never had: none of the level inputs
    ]);
    // median of five 10s and five 30s: 20
    expect(Array.from(X.data)).toEqual([20, 1, 0, 1, 5, 0, 0, 0]);
  });
});
