import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { unreachable } from './connection-errors';

/** Anything that runs a query: the pool, or a transaction's client. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
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
export async function withTransaction<T>(db: { pool: pg.Pool; url: string } | Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if ('inTransaction' in db) return fn(db);
  // Opening a second transaction while holding one waits forever on the embedded database's single
  // connection, and on PostgreSQL commits separately from the outer one: both are bugs.
  if (currentTransaction()) throw new Error('withTransaction(db) called inside a transaction: pass its tx instead');
  const client = await db.pool.connect().catch((e: unknown) => {
    throw unreachable(e, db.url) ?? e;
  });
  const tx: Tx = {
    inTransaction: true,
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
