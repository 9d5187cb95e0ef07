// Which columns of a churn table become model inputs, and how: read from the cells alone (never the
// label), so the same plan holds for every fold. Everything learned from values (levels, medians,
// scales, bins) is fitted later, on training rows only (see encoder.ts).

/** Cells that mean "no value". */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-']);
export const isMissing = (cell: string | null | undefined): boolean => cell === null || cell === undefined || MISSING.has(cell.trim().toLowerCase());

const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A number as written in a cell, or NaN for a blank or anything else ("1,234", "12%" and "0x1F" are not numbers here). */
export function toNumber(cell: string | number | null | undefined): number {
  if (typeof cell === 'number') return cell;
  if (cell === null || cell === undefined) return NaN;
  const x = Number(cell);
  // Number() also reads "" and " " as 0 and "0x1F" as 31: only plain decimals count
  return Number.isFinite(x) && DECIMAL.test(cell) ? x : NaN;
}

export type ColumnRole = 'numeric' | 'categorical' | 'ignored';

export interface ColumnPlan {
  name: string;
  role: ColumnRole;
  /** why an ignored column is ignored, in words */
  why?: string;
}

export interface PlanOptions {
  label: string;
  id?: string;
  drop?: string[];
}

/** Below this many rows a column of distinct values may be a real feature, so it is not called an identifier. */
const MIN_ROWS_FOR_IDENTIFIER = 20;

/**
 * The plan for every column but the label:
 * - ignored: `--id`, `--drop`, entirely blank, constant, or identifier-like (every value different: text,
 *   or whole numbers; or text with more distinct values than half the rows);
 * - numeric: every non-blank cell is a number;
 * - categorical: anything else (one-hot encoded).
 */
export function planColumns(columns: string[], rows: string[][], opts: PlanOptions): ColumnPlan[] {
  const drop = new Set(opts.drop ?? []);
  const plans: ColumnPlan[] = [];
  columns.forEach((name, c) => {
    if (name === opts.label) return;
    if (name === opts.id) return plans.push({ name, role: 'ignored', why: 'named by --id' });
    if (drop.has(name)) return plans.push({ name, role: 'ignored', why: 'named by --drop' });
    const distinct = new Set<string>();
    let filled = 0;
    let numeric = true;
    let whole = true;
    for (const row of rows) {
      const cell = row[c]!;
      if (isMissing(cell)) continue;
      filled++;
      const v = cell.trim();
      distinct.add(v);
      const x = toNumber(v);
      if (Number.isNaN(x)) numeric = false;
      else if (!Number.isInteger(x)) whole = false;
    }
    if (filled === 0) return plans.push({ name, role: 'ignored', why: 'every cell is blank' });
    if (distinct.size === 1 && filled === rows.length) return plans.push({ name, role: 'ignored', why: `constant: always "${[...distinct][0]}"` });
    const unique = distinct.size === filled && filled >= MIN_ROWS_FOR_IDENTIFIER;
    if (numeric && whole && unique) return plans.push({ name, role: 'ignored', why: 'identifier-like: a different whole number on every row' });
    if (!numeric && unique) return plans.push({ name, role: 'ignored', why: 'identifier-like: a different value on every row' });
    if (!numeric && filled >= MIN_ROWS_FOR_IDENTIFIER && distinct.size > filled / 2) {
      return plans.push({ name, role: 'ignored', why: `identifier-like: ${distinct.size.toLocaleString('en')} distinct values in ${filled.toLocaleString('en')} rows` });
    }
    plans.push({ name, role: numeric ? 'numeric' : 'categorical' });
  });
  return plans;
}
