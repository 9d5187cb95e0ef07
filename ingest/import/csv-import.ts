import '../../server/zod-messages';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import { newId } from '../../db/ids';
import { withTransaction, type Tx } from '../../db/transaction';
import { TenureError } from '../../server/errors';
import { AccountInput, upsertAccount } from '../accounts';
import { ConsentInput, recordConsent } from '../consents';
import { ContactInput, upsertContact } from '../contacts';
import { toFieldErrors } from '../events/field-errors';
import { prepareEvents, storeEvents, type IngestResult } from '../events/store';
import { accountRow, COLUMNS, consentRow, contactRow, eventRow, type ImportKind, type Row, type RowInput } from './rows';

export interface ImportReject {
  line: number;
  field: string;
  message: string;
  /** the row as it was in the file, to fix and import again (absent when the line was not a CSV row) */
  row?: Record<string, string>;
}

export interface ImportSummary {
  import_id: string;
  kind: ImportKind;
  lines: number;
  imported: number;
  already_present: number;
  rejected: number;
}

export interface ImportOptions {
  fileName: string;
  onProgress?: (p: ImportSummary) => void;
  onReject?: (r: ImportReject) => void;
  /** rows per transaction */
  batchSize?: number;
}

type Pending = { line: number; input: Record<string, unknown> };
type Counts = { imported: number; already_present: number; rejects: ImportReject[] };

/** One upserted record per row, each in a savepoint so a row the database refuses rejects only itself. */
async function upsertRows(tx: Tx, clock: Clock, kind: Exclude<ImportKind, 'events'>, rows: Pending[]): Promise<Counts> {
  const counts: Counts = { imported: 0, already_present: 0, rejects: [] };
  const schema = { accounts: AccountInput, contacts: ContactInput, consents: ConsentInput }[kind];
  const run = { accounts: upsertAccount, contacts: upsertContact, consents: recordConsent }[kind] as typeof upsertAccount;
  for (const { line, input } of rows) {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      counts.rejects.push(...toFieldErrors(parsed.error.issues).map((e) => ({ line, ...e })));
      continue;
    }
    await tx.query('SAVEPOINT row');
    try {
      const r = await run(tx, clock, parsed.data as never);
      await tx.query('RELEASE SAVEPOINT row');
      if (!r.ok) counts.rejects.push(...r.errors.map((e) => ({ line, ...e })));
      else if (r.value.outcome === 'unchanged') counts.already_present++;
      else counts.imported++;
    } catch (e) {
      await tx.query('ROLLBACK TO SAVEPOINT row');
      const pg = e as { code?: string; constraint?: string; detail?: string };
      if (!pg.code) throw e;
      counts.rejects.push({ line, field: pg.constraint ?? 'row', message: pg.detail ?? (e as Error).message });
    }
  }
  return counts;
}

function eventCounts(rows: Pending[], r: IngestResult): Counts {
  return { imported: r.accepted, already_present: r.already_present, rejects: r.rejected.map(({ index, ...e }) => ({ line: rows[index]!.line, ...e })) };
}

/**
 * Windows line endings become plain ones before parsing, so line numbers count a CRLF once, also
 * inside quoted fields (a `\r` kept back at the end of a chunk waits for the next one).
 */
function crlfToLf(): Transform {
  let held = '';
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      let text = held + chunk.toString('utf8');
      held = text.endsWith('\r') ? '\r' : '';
      if (held) text = text.slice(0, -1);
      done(null, text.replace(/\r\n/g, '\n'));
    },
    flush(done) {
      done(null, held);
    },
  });
}

/** The line a record starts on: csv-parse counts the line it ends on. */
const firstLine = (record: Row, lastLine: number) => lastLine - Object.values(record).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);

const TO_INPUT: Record<ImportKind, (row: Row) => RowInput> = { accounts: accountRow, contacts: contactRow, consents: consentRow, events: eventRow };

/**
 * Streams a CSV file into Tenure. Rows are read, checked and written in batches, each batch in one
 * transaction with the import's progress row, so a crash loses at most the batch in flight and a
 * re-run — every write being idempotent — ends with every valid row exactly once. Rejected rows are
 * reported with their line numbers; the same file gives the same rejects every time.
 */
export async function importCsv(db: Database, clock: Clock, kind: ImportKind, input: Readable, opts: ImportOptions): Promise<ImportSummary> {
  const batchSize = opts.batchSize ?? (kind === 'events' ? 2500 : 200);
  const importId = newId('imp');
  await db.query('INSERT INTO imports (id, kind, file_name, started_at) VALUES ($1, $2, $3, $4)', [importId, kind, opts.fileName, clock.now()]);
  const summary: ImportSummary = { import_id: importId, kind, lines: 1, imported: 0, already_present: 0, rejected: 0 };
  const rejectedLines = new Set<number>();
  // the file's rows while their batch is in flight, so a reject can carry the row it is about
  const records = new Map<number, Row>();
  const reject = (r: ImportReject) => {
    rejectedLines.add(r.line);
    summary.rejected = rejectedLines.size;
    const row = records.get(r.line);
    opts.onReject?.(row ? { ...r, row } : r);
  };
  const hash = createHash('sha256');
  input.on('data', (chunk: Buffer) => hash.update(chunk));

  const parser = input.pipe(crlfToLf()).pipe(
    parse({
      columns: (header: string[]) => {
        sawHeader = true;
        const cols = header.map((h) => h.trim());
        const unknown = cols.filter((c) => !(COLUMNS[kind] as readonly string[]).includes(c));
        if (unknown.length) throw new TenureError('invalid_request', `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in the ${kind} file; the columns are: ${COLUMNS[kind].join(', ')}`);
        return cols;
      },
      info: true,
      bom: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
    }),
  );
  parser.on('skip', (err: Error & { lines?: number }) => reject({ line: err.lines ?? summary.lines, field: 'row', message: `not a valid CSV row (${err.message})` }));

  let sawHeader = false;
  let batch: Pending[] = [];
  // Each batch commits with the import's progress row: a crash loses at most the batches in flight.
  const commit = async (rows: Pending[], lastLine: number, write: (tx: Tx) => Promise<Counts>) => {
    const counts = await withTransaction(db, async (tx) => {
      const c = await write(tx);
      const rejected = new Set(c.rejects.map((r) => r.line)).size;
      await tx.query(
        `UPDATE imports SET lines_read = $2, imported = imported + $3, already_present = already_present + $4, rejected = rejected + $5 WHERE id = $1`,
        [importId, lastLine, c.imported, c.already_present, rejected],
      );
      return c;
    });
    summary.imported += counts.imported;
    summary.already_present += counts.already_present;
    for (const r of counts.rejects) reject(r);
    for (const r of rows) records.delete(r.line);
    opts.onProgress?.({ ...summary, lines: lastLine });
  };
  // Events are checked outside the transaction, so the next batch is read and checked while the
  // previous one is written (one write in flight, in file order: the first of two clashing rows wins).
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const rows = batch;
    const lastLine = summary.lines;
    batch = [];
    if (kind !== 'events') return commit(rows, lastLine, (tx) => upsertRows(tx, clock, kind, rows));
    const prepared = await prepareEvents(db, clock, rows.map((p) => p.input), 'csv');
    const previous = writing;
    writing = previous.then(() => commit(rows, lastLine, async (tx) => eventCounts(rows, await storeEvents(tx, prepared))));
    writing.catch(() => {}); // surfaced by the next await of `writing`
    await previous;
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Row; info: { lines: number } }>) {
      summary.lines = info.lines;
      const line = firstLine(record, info.lines);
      const row = TO_INPUT[kind](record);
      records.set(line, record);
      if (!row.ok) {
        row.errors.forEach((e) => reject({ line, ...e }));
        records.delete(line);
      } else batch.push({ line, input: row.input });
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length) await flush();
    await writing;
    if (!sawHeader) throw new TenureError('invalid_request', `The file is empty: its first line must name the columns (${COLUMNS[kind].join(', ')})`);
  } catch (e) {
    await writing.catch(() => {});
    await db.query(`UPDATE imports SET status = 'failed', finished_at = $2 WHERE id = $1`, [importId, clock.now()]).catch(() => {});
    throw e;
  }
  await db.query(`UPDATE imports SET status = 'done', finished_at = $2, file_sha256 = $3, lines_read = $4, rejected = $5 WHERE id = $1`, [
    importId,
    clock.now(),
    hash.digest('hex'),
    summary.lines,
    summary.rejected,
  ]);
  return summary;
}
