import { describe, expect, it } from 'vitest';
import { encode, fitEncoder, planColumns, readNumber, toNumber } from '../../../scoring/model';

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

  it('reads amounts, percentages, decimal commas and ISO dates as numbers, one format per column', () => {
    const columns = ['spend', 'discount', 'fee_eu', 'signed_up', 'code', 'mixed', 'churn'];
    const rows = Array.from({ length: 30 }, (_, i) => [
      i % 3 ? `$${(1000 + i * 250).toLocaleString('en')}.50` : `-$${i}.00`,
      `${i % 4}%`,
      i % 2 ? `1.${String(i).padStart(3, '0')},${i % 10} €` : `${i},5`,
      `2024-0${1 + (i % 9)}-1${i % 5}`,
      `A-${i % 4}`,
      i % 2 ? '1,234.5' : '1.234,5', // a decimal point and a decimal comma in one column: not a number
      i % 3 ? 'No' : 'Yes',
    ]);
    const plan = Object.fromEntries(planColumns(columns, rows, { label: 'churn' }).map((c) => [c.name, `${c.role}${c.format ? ` ${c.format}` : ''}`]));
    expect(plan).toEqual({ spend: 'numeric dot', discount: 'numeric dot', fee_eu: 'numeric comma', signed_up: 'numeric date', code: 'categorical', mixed: 'categorical' });
    expect(readNumber('$1,234.50', 'dot')).toBe(1234.5);
    expect(readNumber('-$12', 'dot')).toBe(-12);
    expect(readNumber('USD 99', 'dot')).toBe(99);
    expect(readNumber('12.5 %', 'dot')).toBe(12.5);
    expect(readNumber('1,23', 'dot')).toBeNaN(); // commas group thousands, three digits at a time
    expect(readNumber('1.234,50 €', 'comma')).toBe(1234.5);
    expect(readNumber('1 234,5', 'comma')).toBe(1234.5);
    expect(readNumber('2024-01-02', 'date')).toBe(19724);
    expect(readNumber('2024-01-02T12:00:00Z', 'date')).toBe(19724.5);
    expect(readNumber('n/a', 'dot')).toBeNaN();
    // the encoder reads a column in its format
    const enc = fitEncoder([{ name: 'spend', role: 'numeric', format: 'dot' }], [{ spend: '$1,000' }, { spend: '$3,000' }]);
    expect(Array.from(encode(enc, [{ spend: '$2,500.25' }]).data)).toEqual([2500.25]);
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
