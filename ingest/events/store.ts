import { createHash } from 'node:crypto';
import type { Clock } from '../../db/clock';
import { namedOn } from '../../db/prepared';
import type { Queryable, Tx } from '../../db/transaction';
import { canonicalJson } from './dedupe';
import type { FieldError } from './field-errors';
import { parseEventInput, type EventSource, type TenureEvent } from './registry';

export interface Rejection extends FieldError {
  index: number;
}

export interface IngestResult {
  /** stored by this call */
  accepted: number;
  /** identical to an event already stored (a re-delivery): nothing done */
  already_present: number;
  rejected: Rejection[];
}

/** What makes two events with one dedupe key "the same": everything the sender said. */
export function fingerprint(e: TenureEvent): string {
  return createHash('sha256')
    .update(canonicalJson([e.kind, e.schema_version, e.account_id, e.contact_id ?? null, e.occurred_at, e.payload]))
    .digest('hex');
}

type Ref = { account_id?: unknown; account_external_id?: unknown; contact_id?: unknown; contact_external_id?: unknown };

/**
 * Resolves account and contact references in bulk. Callers may name an account by Tenure's id
 * (`account_id`) or their own (`account_external_id`); contacts likewise.
 */
async function resolveRefs(db: Queryable, items: Ref[]) {
  const strings = (key: keyof Ref) => [...new Set(items.map((i) => i[key]).filter((v): v is string => typeof v === 'string'))];
  // one round trip for both: an agent's wrap-up or a webhook's event is a small batch, where the
  // trip costs more than either lookup
  const { rows } = await db.query<{ contact: boolean; id: string; external_id: string; account_id: string }>(
    namedOn(db, 'tenure_events_refs', `SELECT false AS contact, id, external_id, id AS account_id FROM accounts WHERE id = ANY($1::text[]) OR external_id = ANY($2::text[])
     UNION ALL
     SELECT true, id, external_id, account_id FROM contacts WHERE id = ANY($3::text[]) OR external_id = ANY($4::text[])`),
    [strings('account_id'), strings('account_external_id'), strings('contact_id'), strings('contact_external_id')],
  );
  const accounts = rows.filter((r) => !r.contact);
  const contacts = rows.filter((r) => r.contact).map(({ id, external_id, account_id }) => ({ id, external_id, account_id }));
  return {
    accountById: new Set(accounts.map((r) => r.id)),
    accountByExternal: new Map(accounts.map((r) => [r.external_id, r.id])),
    contactById: new Map(contacts.map((r) => [r.id, r])),
    contactByExternal: new Map(contacts.map((r) => [r.external_id, r])),
  };
}

/**
 * Validates and stores a batch of events, each accepted or rejected on its own. An identical
 * re-delivery is a no-op; the same dedupe key with other content is rejected as a conflict. Every
 * stored event marks its account in `rescore_due` in the same statement. Pass a transaction to make
 * the batch part of a larger unit (CSV imports do, with their progress row).
 */
export async function ingestEvents(tx: Tx, clock: Clock, items: unknown[], source: EventSource): Promise<IngestResult> {
  return storeEvents(tx, await prepareEvents(tx, clock, items, source));
}

export interface PrepareOptions {
  /**
   * Generated history (source 'demo' only): each event is stamped as received when it occurred, as
   * if it had arrived live, so point-in-time features see the demo's past as it would have been.
   */
  backfilled?: boolean;
}

/** A batch checked and ready to store: the part of ingesting that needs no transaction. */
export interface PreparedEvents {
  receivedAt: Date;
  unique: { index: number; event: TenureEvent; fingerprint: string }[];
  rejected: Rejection[];
  alreadyPresent: number;
}

/**
 * Resolves references and validates a batch (no writes). Split from storing so an import can check
 * the next batch while the previous one is being written.
 */
export async function prepareEvents(db: Queryable, clock: Clock, items: unknown[], source: EventSource, opts: PrepareOptions = {}): Promise<PreparedEvents> {
  if (opts.backfilled && source !== 'demo') throw new Error('only the demo generator writes history as if it had arrived live');
  const receivedAt = clock.now();
  const rejected: Rejection[] = [];
  const refs = await resolveRefs(db, items.filter((i): i is Ref => typeof i === 'object' && i !== null));
  const valid: { index: number; event: TenureEvent; fingerprint: string }[] = [];

  items.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return rejected.push({ index, field: 'event', message: 'expected an event object' });
    const { account_external_id, contact_external_id, ...item } = raw as Record<string, unknown>;
    const problems: Rejection[] = [];
    if (account_external_id !== undefined) {
      if (item.account_id !== undefined) problems.push({ index, field: 'account_external_id', message: 'give account_id or account_external_id, not both' });
      const id = refs.accountByExternal.get(String(account_external_id));
      if (id) item.account_id = id;
      else problems.push({ index, field: 'account_external_id', message: `no account has the external id ${String(account_external_id)}` });
    } else if (typeof item.account_id === 'string' && !refs.accountById.has(item.account_id)) {
      problems.push({ index, field: 'account_id', message: `no account ${item.account_id}` });
    }
    if (contact_external_id !== undefined) {
      if (item.contact_id !== undefined) problems.push({ index, field: 'contact_external_id', message: 'give contact_id or contact_external_id, not both' });
      const c = refs.contactByExternal.get(String(contact_external_id));
      if (c) item.contact_id = c.id;
      else problems.push({ index, field: 'contact_external_id', message: `no contact has the external id ${String(contact_external_id)}` });
    }
    const parsed = parseEventInput(item, { source, receivedAt });
    if (!parsed.ok) {
      // an unknown account is already said once; do not repeat it as "account_id: required"
      const said = new Set(problems.map((p) => (p.field === 'account_external_id' ? 'account_id' : p.field)));
      problems.push(...parsed.errors.filter((e) => !said.has(e.field)).map((e) => ({ index, ...e })));
    } else if (parsed.event.contact_id) {
      const c = refs.contactById.get(parsed.event.contact_id);
      if (!c) problems.push({ index, field: 'contact_id', message: `no contact ${parsed.event.contact_id}` });
      else if (c.account_id !== parsed.event.account_id) problems.push({ index, field: 'contact_id', message: `contact ${parsed.event.contact_id} belongs to another account` });
    }
    // PostgreSQL's jsonb cannot hold a NUL character: say so here rather than fail the batch
    if (parsed.ok && JSON.stringify(parsed.event.payload).includes('\\u0000')) problems.push({ index, field: 'payload', message: 'contains a NUL character (\\u0000), which cannot be stored' });
    if (problems.length || !parsed.ok) return rejected.push(...problems);
    if (opts.backfilled) parsed.event.received_at = parsed.event.occurred_at;
    valid.push({ index, event: parsed.event, fingerprint: fingerprint(parsed.event) });
  });

  // the same dedupe key twice in one batch: a duplicate if identical, else a conflict
  const firstByKey = new Map<string, (typeof valid)[number]>();
  const unique: typeof valid = [];
  let alreadyPresent = 0;
  for (const v of valid) {
    const first = firstByKey.get(v.event.dedupe_key);
    if (!first) {
      firstByKey.set(v.event.dedupe_key, v);
      unique.push(v);
    } else if (first.fingerprint === v.fingerprint) alreadyPresent++;
    else rejected.push({ index: v.index, field: 'dedupe_key', message: `same dedupe_key as item ${first.index} with different content` });
  }

  return { receivedAt, unique, rejected, alreadyPresent };
}

type Prepared = PreparedEvents['unique'][number];

/** One INSERT for the batch: new events, and their accounts' rescoring marks in the same statement. */
async function insertBatch(db: Queryable, batch: Prepared[], receivedAt: Date): Promise<string[]> {
  const col = <T>(f: (v: Prepared) => T) => batch.map(f);
  const { rows } = await db.query<{ dedupe_key: string }>(
    namedOn(db, 'tenure_events_insert', `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $11::timestamptz[])
         AS t(kind, schema_version, account_id, contact_id, occurred_at, source, dedupe_key, fingerprint, payload, received_at)
     ), stored AS (
       INSERT INTO events (kind, schema_version, account_id, contact_id, occurred_at, received_at, source, dedupe_key, fingerprint, payload)
       SELECT kind, schema_version, account_id, contact_id, occurred_at, received_at, source, dedupe_key, fingerprint, payload FROM input
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING account_id, dedupe_key
     ), marked AS (
       -- in account order, so concurrent batches lock marks in the same order and cannot deadlock
       INSERT INTO rescore_due (account_id, since) SELECT DISTINCT account_id, $10::timestamptz FROM stored ORDER BY account_id
       ON CONFLICT (account_id) DO NOTHING
     )
     SELECT dedupe_key FROM stored`),
    [
      col((v) => v.event.kind),
      col((v) => v.event.schema_version),
      col((v) => v.event.account_id),
      col((v) => v.event.contact_id ?? null),
      col((v) => v.event.occurred_at),
      col((v) => v.event.source),
      col((v) => v.event.dedupe_key),
      col((v) => v.fingerprint),
      col((v) => JSON.stringify(v.event.payload)),
      receivedAt,
      col((v) => v.event.received_at),
    ],
  );
  return rows.map((r) => r.dedupe_key);
}

const isDbError = (e: unknown) => typeof (e as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((e as { code: string }).code);

/**
 * Stores a prepared batch and gives the verdict on every item. Must run in a transaction: if the
 * database refuses something validation let through, the batch is retried row by row under
 * savepoints, so only the refused items are rejected.
 */
export async function storeEvents(tx: Tx, prepared: PreparedEvents): Promise<IngestResult> {
  const { receivedAt } = prepared;
  const unique = [...prepared.unique];
  const rejected = [...prepared.rejected];
  const inserted = new Set<string>();
  if (unique.length) {
    await tx.query('SAVEPOINT events_batch');
    try {
      for (const key of await insertBatch(tx, unique, receivedAt)) inserted.add(key);
      await tx.query('RELEASE SAVEPOINT events_batch');
    } catch (e) {
      if (!isDbError(e)) throw e;
      await tx.query('ROLLBACK TO SAVEPOINT events_batch');
      for (const v of [...unique]) {
        await tx.query('SAVEPOINT events_row');
        try {
          for (const key of await insertBatch(tx, [v], receivedAt)) inserted.add(key);
          await tx.query('RELEASE SAVEPOINT events_row');
        } catch (rowError) {
          if (!isDbError(rowError)) throw rowError;
          await tx.query('ROLLBACK TO SAVEPOINT events_row');
          rejected.push({ index: v.index, field: 'event', message: `refused by the database: ${(rowError as Error).message}` });
          unique.splice(unique.indexOf(v), 1);
        }
      }
    }
  }

  const verdict = await notInserted(tx, unique.filter((v) => !inserted.has(v.event.dedupe_key)));
  rejected.push(...verdict.rejected);
  rejected.sort((a, b) => a.index - b.index);
  return { accepted: inserted.size, already_present: prepared.alreadyPresent + verdict.alreadyPresent, rejected };
}

/** Events the insert skipped: a re-delivery when the stored one is identical, else a conflict. */
async function notInserted(db: Queryable, others: Prepared[]): Promise<{ alreadyPresent: number; rejected: Rejection[] }> {
  const rejected: Rejection[] = [];
  let alreadyPresent = 0;
  if (!others.length) return { alreadyPresent, rejected };
  const { rows } = await db.query<{ dedupe_key: string; fingerprint: string }>(namedOn(db, 'tenure_events_existing', 'SELECT dedupe_key, fingerprint FROM events WHERE dedupe_key = ANY($1::text[])'), [
    others.map((v) => v.event.dedupe_key),
  ]);
  const stored = new Map(rows.map((r) => [r.dedupe_key, r.fingerprint]));
  for (const v of others) {
    if (stored.get(v.event.dedupe_key) === v.fingerprint) alreadyPresent++;
    else rejected.push({ index: v.index, field: 'dedupe_key', message: 'an event with this dedupe_key and different content is already stored' });
  }
  return { alreadyPresent, rejected };
}

/**
 * Tenure's own events (a wrap-up's, a finished call's, a payment case's, an approved offer's):
 * stored all together or not at all. A refusal is a bug in the writer, not bad input, so it fails
 * the caller's transaction (to be seen and retried) instead of being reported item by item; the
 * batch therefore needs no savepoint, two round trips fewer than `storeEvents`. A replay that finds
 * its events stored already is fine.
 */
export async function recordEvents(tx: Tx, clock: Clock, items: unknown[], source: EventSource, what: string): Promise<void> {
  const refuse = (rejected: Rejection[]) => {
    if (rejected.length) throw new Error(`${what} refused: ${rejected.map((r) => `item ${r.index} ${r.field}: ${r.message}`).join('; ')}`);
  };
  const prepared = await prepareEvents(tx, clock, items, source);
  refuse(prepared.rejected);
  const inserted = new Set(prepared.unique.length ? await insertBatch(tx, prepared.unique, prepared.receivedAt) : []);
  refuse((await notInserted(tx, prepared.unique.filter((v) => !inserted.has(v.event.dedupe_key)))).rejected);
}
