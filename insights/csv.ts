// CSV as RFC 4180 says it: a field with a comma, a quote, a CR or a LF is quoted, its quotes doubled;
// lines end in CRLF. A field starting with = + - @ is prefixed with a quote mark, so a spreadsheet
// opening an export never runs a customer's words as a formula.

export type CsvValue = string | number | boolean | Date | null | undefined;

function field(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header line and one line per row, in the order of `columns`. */
export function toCsv<R>(columns: readonly (keyof R & string)[], rows: readonly R[]): string {
  const lines = [columns.join(',')];
  for (const r of rows) lines.push(columns.map((c) => field(r[c] as CsvValue)).join(','));
  return lines.join('\r\n') + '\r\n';
}
