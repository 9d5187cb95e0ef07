import { currencyExponent } from '../ingest/normalize';

// How every command prints: a table or lines for people, JSON with --json for programs.
export const out = (line = '') => void process.stdout.write(line + '\n');

export function printJson(value: unknown): void {
  out(JSON.stringify(value, null, 2));
}

export function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  if (rows.length === 0) return out('(none)');
  const cell = (v: unknown) => (v === null || v === undefined ? '-' : v instanceof Date ? v.toISOString() : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  out(line(columns.map((c) => c.toUpperCase())));
  for (const r of rows) out(line(columns.map((c) => cell(r[c]))));
}

/** Minor units back to the amount people read: 76667 EUR → "766.67 EUR", 5000 JPY → "5000 JPY". */
export function formatMoney(minor: unknown, currency: unknown): string | null {
  if (typeof minor !== 'number' || typeof currency !== 'string') return null;
  const digits = currencyExponent(currency) ?? 2;
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
}
