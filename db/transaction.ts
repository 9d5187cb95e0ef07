import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { unreachable } from './connection-errors';
import type { Statement } from './prepared';

/** Anything that runs a query: the pool, or a transaction's client. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: Statement, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /** which database answers, where known: named statements are for PostgreSQL only (db/prepared.ts) */
  readonly kind?: 'pglite' | 'postgres';
}

/** A client inside an open transaction. Only `withTransaction` makes one. */
export interface Tx extends Queryable {
  readonly inTransaction: true;
}

const current = new AsyncLocalStorage<Tx>();

/** The transaction the calling code runs inside, if any (used to catch self-deadlocks). */
export const currentTransaction = () => current.getStore();

/**
 * The only way to write several rows: BEGIN, run `fn`, COMMIT, or ROLLBACK on any error.
 * Passing a Tx joins that transaction instead of opening a second one, so helpers can take either.
 */
export async function withTransaction<T>(db: { pool: pg.Pool; url: string; kind?: Queryable['kind'] } | Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ('inTransaction' in db) return fn(db);
  // Opening a second transaction while holding one waits forever on the embedded database's single
  // connection, and on PostgreSQL commits separately from the outer one: both are bugs.
  if (currentTransaction()) throw new Error('withTransaction(db) called inside a transaction: pass its tx instead');
  const client = await db.pool.connect().catch((e: unknown) => {
    throw unreachable(e, db.url) ?? e;
  });
  const tx: Tx = {
    inTransaction: true,
    kind: db.kind,
    query: (text, values) => client.query(text, values as unknown[]),
  };
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await current.run(tx, () => fn(tx));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true; // the connection is unusable; let the pool drop it
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

/** A transaction that begins at its first statement; `last` runs its final statement and commits. */
export interface DeferredTx extends Tx {
  /** a statement before `last` began the transaction: something besides the last statement is being written */
  readonly writing: boolean;
  last<R extends pg.QueryResultRow = pg.QueryResultRow>(text: Statement, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * For work that usually writes one row but sometimes several (an agent turn whose tools may write):
 * when `last` is the only statement it runs alone, with no BEGIN or COMMIT (one statement is
 * atomic); otherwise BEGIN comes before the first statement and COMMIT after `last`. An error
 * rolls back whatever began.
 */
export async function withDeferredTransaction<T>(db: { pool: pg.Pool; url: string; kind?: Queryable['kind'] }, fn: (tx: DeferredTx) => Promise<T>): Promise<T> {
  if (currentTransaction()) throw new Error('withDeferredTransaction(db) called inside a transaction: pass its tx instead');
  const held: { client: pg.PoolClient | null; begun: Promise<pg.PoolClient> | null; ended: boolean; committed: boolean } = {
    client: null, begun: null, ended: false, committed: false,
  };
  const begin = async () => {
    held.client = await db.pool.connect().catch((e: unknown) => {
      throw unreachable(e, db.url) ?? e;
    });
    await held.client.query('BEGIN');
    return held.client;
  };
  const open = () => {
    if (held.ended) throw new Error('a statement after the deferred transaction ended');
    return (held.begun ??= begin());
  };
  const commit = async (c: pg.PoolClient) => {
    held.ended = true;
    await c.query('COMMIT');
    held.committed = true;
  };
  const tx: DeferredTx = {
    inTransaction: true,
    kind: db.kind,
    get writing() {
      return held.begun !== null;
    },
    query: async (text, values) => (await open()).query(text, values as unknown[]),
    async last<R extends pg.QueryResultRow>(text: Statement, values?: unknown[]) {
      if (!held.begun) {
        held.ended = true;
        return db.pool.query<R>(text, values).catch((e: unknown) => Promise.reject(unreachable(e, db.url) ?? e));
      }
      const c = await open();
      const r = await c.query<R>(text, values);
      await commit(c);
      return r;
    },
  };
  let broken = false;
  try {
    const result = await current.run(tx, () => fn(tx));
    if (held.begun && !held.ended) await commit(await held.begun);
    return result;
  } catch (err) {
    if (held.client && !held.committed) {
      try {
        await held.client.query('ROLLBACK');
      } catch {
        broken = true;
      }
    }
    throw err;
  } finally {
    held.client?.release(broken);
  }
}
