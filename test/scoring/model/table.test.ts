import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTable, readLabels, readTable, TableError, toDataset } from '../../../scoring/model';

const fixture = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/model', name);

/** The TableError a call throws, to check its message and line. */
function failure(f: () => unknown): TableError {
  try {
    f();
  } catch (e) {
    if (e instanceof TableError) return e;
    throw e;
  }
  throw new Error('expected a TableError');
}

describe('reading a churn table', () => {
  it('reads rows with their line numbers, CRLF or LF, a quoted cell across two lines counted as two', () => {
    const t = parseTable('a,b\r\n1,"x\r\ny"\r\n\r\n2,z\r\n', 'f.csv');
    expect(t.columns).toEqual(['a', 'b']);
    expect(t.rows).toEqual([
      ['1', 'x\ny'],
      ['2', 'z'],
    ]);
    expect(t.lines).toEqual([2, 5]);
  });

  it('reads semicolon, tab and bar separated files, the separator taken from the header (not from a quoted name)', () => {
    expect(parseTable('id;"fee; monthly";churn\n1;1,5;yes\n', 'eu.csv').rows).toEqual([['1', '1,5', 'yes']]);
    expect(parseTable('id;"fee; monthly";churn\n1;1,5;yes\n', 'eu.csv').columns).toEqual(['id', 'fee; monthly', 'churn']);
    expect(parseTable('id\tplan\n1\tpro, annual\n', 't.tsv').rows).toEqual([['1', 'pro, annual']]);
    expect(parseTable('id|plan\n1|pro\n', 'b.txt').rows).toEqual([['1', 'pro']]);
    expect(parseTable('"a;b",c\n1,2\n', 'q.csv').columns).toEqual(['a;b', 'c']);
  });

  it('refuses an empty file, and a file with a header but no rows', () => {
    expect(failure(() => readTable(fixture('empty.csv'))).message).toMatch(/empty\.csv is empty: its first line must name the columns/);
    expect(failure(() => readTable(fixture('header-only.csv'))).message).toMatch(/header-only\.csv has a header but no rows/);
    expect(failure(() => readTable(fixture('no-such.csv'))).message).toMatch(/No such file: .*no-such\.csv/);
  });

  it('names the line of a ragged row (CRLF file), also after a quoted cell across lines', () => {
    const e = failure(() => readTable(fixture('ragged.csv')));
    expect(e.line).toBe(5);
    expect(e.message).toMatch(/ragged\.csv, line 5: the row has 3 cells, but the header names 4 columns/);
    const q = failure(() => readTable(fixture('ragged-after-quoted.csv')));
    expect(q.line).toBe(5);
    expect(q.message).toMatch(/line 5: the row has 5 cells, but the header names 4 columns/);
  });

  it('names an unclosed quote and a repeated column', () => {
    expect(failure(() => parseTable('a,b\n1,"x\n2,3\n', 'q.csv')).message).toMatch(/q\.csv, line \d: not valid CSV \(a quoted cell is never closed\)/);
    expect(failure(() => parseTable('a,a\n1,2\n', 'd.csv')).message).toMatch(/d\.csv, line 1: the header names the column "a" twice/);
  });
});

describe('labels', () => {
  const table = (values: string[]) => parseTable(['x,label', ...values.map((v, i) => `${i},${v}`)].join('\n'), 't.csv');

  it('reads Yes/No, 1/0, true/false and churned/stayed, positive first', () => {
    expect(readLabels(table(['No', 'Yes', 'No']), 'label')).toMatchObject({ positive: 'Yes', negative: 'No', y: Uint8Array.from([0, 1, 0]) });
    expect(readLabels(table(['0', '1', '1']), 'label')).toMatchObject({ positive: '1', y: Uint8Array.from([0, 1, 1]) });
    expect(readLabels(table(['TRUE', 'FALSE', 'FALSE']), 'label')).toMatchObject({ positive: 'TRUE' });
    expect(readLabels(table(['Stayed', 'Churned']), 'label')).toMatchObject({ positive: 'Churned' });
    // labels of several words, where the churned side is the more common one in the file
    expect(readLabels(table(['Attrited Customer', 'Attrited Customer', 'Existing Customer']), 'label')).toMatchObject({ positive: 'Attrited Customer' });
    expect(readLabels(table(['Churn', 'Churn', 'No Churn']), 'label')).toMatchObject({ positive: 'Churn' });
    expect(readLabels(table(['churner', 'churner', 'non-churner']), 'label')).toMatchObject({ positive: 'churner' });
    // two unknown values: the rarer one is the positive class
    expect(readLabels(table(['gold', 'lead', 'lead']), 'label')).toMatchObject({ positive: 'gold' });
  });

  it('refuses a missing label column, naming the columns there are', () => {
    const e = failure(() => readLabels(readTable(fixture('missing-label.csv')), 'Churn'));
    expect(e.message).toMatch(/missing-label\.csv has no column "Churn" to use as the label; its columns are: customerID, tenure, Contract, Churned/);
  });

  it('refuses a third label value at its line, a blank label at its line, and a single value', () => {
    const e = failure(() => readLabels(readTable(fixture('three-labels.csv')), 'Churn'));
    expect(e.line).toBe(5);
    expect(e.message).toMatch(/three-labels\.csv, line 5: the label "Churn" has more than two values: "Yes" and "No" above, then "Maybe" here/);
    expect(failure(() => readLabels(table(['Yes', ' ', 'No']), 'label')).message).toMatch(/t\.csv, line 3: the label "label" is blank/);
    expect(failure(() => readLabels(table(['No', 'No']), 'label')).message).toMatch(/is "No" on every row/);
  });

  it('refuses --id and --drop columns that are not in the file', () => {
    const t = table(['Yes', 'No']);
    expect(failure(() => toDataset(t, { label: 'label', id: 'customer' })).message).toMatch(/no column "customer" \(named by --id\)/);
    expect(failure(() => toDataset(t, { label: 'label', drop: ['Surname'] })).message).toMatch(/no column "Surname" \(named by --drop\)/);
  });
});
