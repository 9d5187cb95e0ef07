import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { TenureError } from '../../server/errors';

/** A CSV file read whole: the header's column names, then each row's cells and the line it starts on. */
export interface Table {
  file: string;
  columns: string[];
  rows: string[][];
  lines: number[];
}

/** A file that cannot be used, said plainly; `line` is the file's line (1 = the header) when there is one. */
export class TableError extends TenureError {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super('invalid_request', message);
    this.name = 'TableError';
  }
}

const at = (file: string, line?: number) => (line ? `${file}, line ${line}` : file);

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The delimiter the header line uses most, outside quotes (a comma when it has none): spreadsheets in
 *  locales with a decimal comma export with semicolons, and some tools with tabs. */
export function sniffDelimiter(text: string): (typeof DELIMITERS)[number] {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: (typeof DELIMITERS)[number] = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** Parses CSV text with a header line, its delimiter found from the header (comma, semicolon, tab or bar).
 *  Windows line endings are read as plain ones, so line numbers count each once. */
export function parseTable(text: string, file = 'the file'): Table {
  const plain = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (plain.trim() === '') throw new TableError(`${file} is empty: its first line must name the columns`);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(plain, { delimiter: sniffDelimiter(plain), info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string };
    const what = err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell is never closed' : err.message;
    throw new TableError(`${at(file, err.lines)}: not valid CSV (${what})`, err.lines);
  }
  const [header, ...body] = records;
  if (!header) throw new TableError(`${file} is empty: its first line must name the columns`);
  const columns = header.record.map((c) => c.trim());
  const seen = new Set<string>();
  for (const c of columns) {
    if (c === '') throw new TableError(`${at(file, 1)}: the header has an unnamed column (column ${columns.indexOf(c) + 1})`, 1);
    if (seen.has(c)) throw new TableError(`${at(file, 1)}: the header names the column "${c}" twice`, 1);
    seen.add(c);
  }
  if (body.length === 0) throw new TableError(`${file} has a header but no rows`);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (const { record, info } of body) {
    // csv-parse counts the line a record ends on; a quoted cell may span lines
    const line = info.lines - record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== columns.length) {
      throw new TableError(`${at(file, line)}: the row has ${record.length} cell${record.length === 1 ? '' : 's'}, but the header names ${columns.length} columns`, line);
    }
    rows.push(record);
    lines.push(line);
  }
  return { file, columns, rows, lines };
}

/** Reads and parses a CSV file; a missing or unreadable file is a TableError too. */
export function readTable(file: string): Table {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new TableError(code === 'ENOENT' ? `No such file: ${file}` : code === 'EISDIR' ? `${file} is a folder, not a CSV file` : `Cannot read ${file}: ${(e as Error).message}`);
  }
  return parseTable(text, file);
}
