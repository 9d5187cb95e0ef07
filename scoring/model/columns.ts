// Which columns of a churn table become model inputs, and how: read from the cells alone (never the
// label), so the same plan holds for every fold. Everything learned from values (levels, medians,
// scales, bins) is fitted later, on training rows only (see encoder.ts).

/** Cells that mean "no value". */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-']);
export const isMissing = (cell: string | null | undefined): boolean => cell === null || cell === undefined || MISSING.has(cell.trim().toLowerCase());

const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** A plain decimal as written in a cell, or NaN for a blank or anything else ("1,234", "12%" and "0x1F" are not
 *  plain; a column of them may still be numeric in another format: see `readNumber`). */
export function toNumber(cell: string | number | null | undefined): number {
  if (typeof cell === 'number') return cell;
  if (cell === null || cell === undefined) return NaN;
  const x = Number(cell);
  // Number() also reads "" and " " as 0 and "0x1F" as 31: only plain decimals count
  return Number.isFinite(x) && DECIMAL.test(cell) ? x : NaN;
}

/**
 * How a numeric column writes its numbers, decided once per column from all its cells:
 * - plain: decimals as `toNumber` reads them;
 * - dot: amounts as spreadsheets export them, with a currency sign or code, a trailing %, and thousands
 *   grouped by commas ("$1,234.50", "12%", "EUR 9.99");
 * - comma: the same with a decimal comma and thousands grouped by dots or spaces ("1.234,50 €", "12,5 %");
 * - date: ISO dates or date-times ("2024-03-01", "2024-03-01T09:30:00Z"), read as days since 1970.
 * A percentage is read as written (12% is 12): the model standardises its inputs, so the scale does not matter.
 */
export type NumberFormat = 'plain' | 'dot' | 'comma' | 'date';

const CURRENCY = String.raw`(?:[$€£¥₽]|(?:USD|EUR|GBP|CHF|CAD|AUD|RUB)(?=[\s\d+-]|$))`;
const PREFIX = new RegExp(String.raw`^${CURRENCY}\s*`, 'i');
const SUFFIX = new RegExp(String.raw`\s*(?:%|${CURRENCY})$`, 'i');
const DOT_GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const COMMA_GROUPED = /^\d{1,3}(?:[.\s\u00a0\u202f]\d{3})+(?:,\d+)?$/;
const COMMA_DECIMAL = /^\d+,\d+$/;
const UNSIGNED = /^(?:\d+\.?\d*|\.\d+)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_MS = 86_400_000;

/** The sign and the digits of an amount, with its currency and % taken off; null when there is more than that. */
function amount(cell: string): { sign: number; digits: string } | null {
  let s = cell.trim();
  let sign = 1;
  const signed = (t: string) => {
    if (t.startsWith('-') || t.startsWith('+')) {
      if (t[0] === '-') sign = -sign;
      return t.slice(1).trimStart();
    }
    return t;
  };
  s = signed(s);
  s = s.replace(PREFIX, '');
  s = signed(s);
  s = s.replace(SUFFIX, '');
  return s === '' ? null : { sign, digits: s };
}

function readDecorated(cell: string, decimal: 'dot' | 'comma'): number {
  const a = amount(cell);
  if (!a) return NaN;
  let d = a.digits;
  if (decimal === 'dot') {
    if (DOT_GROUPED.test(d)) d = d.replace(/,/g, '');
    else if (!UNSIGNED.test(d)) return NaN;
  } else if (COMMA_GROUPED.test(d) || COMMA_DECIMAL.test(d)) {
    d = d.replace(/[.\s\u00a0\u202f]/g, '').replace(',', '.');
  } else if (!/^\d+$/.test(d)) return NaN;
  const x = Number(d);
  return Number.isFinite(x) ? a.sign * x : NaN;
}

/** A cell of a numeric column read in its column's format; NaN for a blank or a cell that does not fit. */
export function readNumber(cell: string | number | null | undefined, format: NumberFormat = 'plain'): number {
  if (typeof cell === 'number') return cell;
  if (cell === null || cell === undefined || isMissing(cell)) return NaN;
  if (format === 'plain') return toNumber(cell);
  if (format === 'date') {
    const t = cell.trim();
    if (!ISO_DATE.test(t)) return NaN;
    const ms = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
    return Number.isFinite(ms) ? Math.round((ms / DAY_MS) * 1000) / 1000 : NaN;
  }
  return readDecorated(cell, format);
}

/** The one format every filled cell fits (plain first, then a decimal point, a decimal comma, dates), or null. */
export function numberFormat(cells: string[]): NumberFormat | null {
  for (const format of ['plain', 'dot', 'comma', 'date'] as const) {
    if (cells.every((c) => !Number.isNaN(readNumber(c, format)))) return format;
  }
  return null;
}

export type ColumnRole = 'numeric' | 'categorical' | 'ignored';

export interface ColumnPlan {
  name: string;
  role: ColumnRole;
  /** how a numeric column writes its numbers (plain when absent) */
  format?: NumberFormat;
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
 * - numeric: every non-blank cell is a number in one format (`NumberFormat`: plain, amounts with a currency
 *   or %, decimal commas, ISO dates);
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
    const cells: string[] = [];
    for (const row of rows) {
      const cell = row[c]!;
      if (isMissing(cell)) continue;
      const v = cell.trim();
      cells.push(v);
      distinct.add(v);
    }
    const filled = cells.length;
    const format = filled ? numberFormat(cells) : null;
    const numeric = format !== null;
    const whole = numeric && cells.every((v) => Number.isInteger(readNumber(v, format)));
    if (filled === 0) return plans.push({ name, role: 'ignored', why: 'every cell is blank' });
    if (distinct.size === 1 && filled === rows.length) return plans.push({ name, role: 'ignored', why: `constant: always "${[...distinct][0]}"` });
    const unique = distinct.size === filled && filled >= MIN_ROWS_FOR_IDENTIFIER;
    if (numeric && whole && unique && format !== 'date') return plans.push({ name, role: 'ignored', why: 'identifier-like: a different whole number on every row' });
    if (!numeric && unique) return plans.push({ name, role: 'ignored', why: 'identifier-like: a different value on every row' });
    if (!numeric && filled >= MIN_ROWS_FOR_IDENTIFIER && distinct.size > filled / 2) {
      return plans.push({ name, role: 'ignored', why: `identifier-like: ${distinct.size.toLocaleString('en')} distinct values in ${filled.toLocaleString('en')} rows` });
    }
    plans.push(numeric ? { name, role: 'numeric', ...(format === 'plain' ? {} : { format }) } : { name, role: 'categorical' });
  });
  return plans;
}
