import { planColumns, type ColumnPlan, type PlanOptions } from './columns';
import type { CustomerRecord } from './encoder';
import { readLabels } from './labels';
import { readTable, TableError, type Table } from './table';

/** A churn table ready for modelling: the rows as records, the outcomes as 0/1, and what each column is used for. */
export interface Dataset {
  file: string;
  records: CustomerRecord[];
  y: Uint8Array;
  positive: string;
  negative: string;
  label: string;
  plan: ColumnPlan[];
  /** each row's id (the --id column), or its line in the file */
  ids: string[];
}

/** Builds a dataset from a parsed table; unknown --id or --drop columns are errors, as is a table with no usable column. */
export function toDataset(table: Table, opts: PlanOptions): Dataset {
  const { y, positive, negative } = readLabels(table, opts.label);
  for (const name of [...(opts.id ? [opts.id] : []), ...(opts.drop ?? [])]) {
    if (!table.columns.includes(name)) throw new TableError(`${table.file} has no column "${name}" (named by ${name === opts.id ? '--id' : '--drop'}); its columns are: ${table.columns.join(', ')}`, 1);
  }
  const plan = planColumns(table.columns, table.rows, opts);
  if (!plan.some((c) => c.role !== 'ignored')) throw new TableError(`${table.file}: no column is left to learn from (all are the label, ignored or dropped)`);
  const records = table.rows.map((row) => Object.fromEntries(table.columns.map((c, j) => [c, row[j]])) as CustomerRecord);
  const idColumn = opts.id ? table.columns.indexOf(opts.id) : -1;
  const ids = table.rows.map((row, i) => (idColumn >= 0 ? row[idColumn]! : `line ${table.lines[i]}`));
  return { file: table.file, records, y, positive, negative, label: opts.label, plan, ids };
}

export function loadDataset(file: string, opts: PlanOptions): Dataset {
  return toDataset(readTable(file), opts);
}
