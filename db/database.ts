import pg from 'pg';
import type { Config } from '../server/config';
import { openEmbedded } from './embedded';
import { lockDataFolder, type FolderLock } from './lock';
import { unreachable } from './connection-errors';
import { currentTransaction, type Queryable } from './transaction';

// Dates stay JS Dates; bigint counts come back as numbers (they are row counts, far below 2^53).
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
// A calendar date is not an instant: keep `date` columns as 'YYYY-MM-DD' strings.
pg.types.setTypeParser(1082, (v) => v);

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  readonly pool: pg.Pool;
  /** the connection URL (for the embedded database, its local socket) */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The one connection path. With a URL: a normal pool to that server. Without: the embedded PGlite
 * in the data folder (locked for this process), behind a local socket, with a pool of one.
 */
export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'dataDir'>, heldLock?: FolderLock): Promise<Database> {
  if (config.DATABASE_URL) {
    const db = connect(config.DATABASE_URL, 'postgres', 10, async () => {});
    try {
      await db.query('SELECT 1');
    } catch (e) {
      await db.close();
      throw e;
    }
    return db;
  }
  const lock: FolderLock = heldLock ?? lockDataFolder(config.dataDir);
  try {
    const embedded = await openEmbedded(config.dataDir);
    return connect(embedded.url, 'pglite', 1, async () => {
      await embedded.close();
      lock.release();
    });
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** Opens every connection the pool may hold (a server at start), so its first busy second does not. */
export async function openAllConnections(db: Database): Promise<void> {
  if (db.kind !== 'postgres') return;
  const clients = await Promise.all(Array.from({ length: db.pool.options.max }, () => db.pool.connect()));
  for (const c of clients) c.release();
}

/**
 * No JIT on PostgreSQL: Tenure's statements are short, or (a recompute of every account) faster
 * without it, and a prepared statement whose generic plan looks costly (a score batch by as-of, say)
 * would otherwise spend half a second compiling on every run. A URL that sets `options` is left as
 * it is (pg lets the URL's options win).
 */
function serverOptions(url: string, kind: Database['kind']): { options?: string } {
  if (kind !== 'postgres') return {};
  try {
    if (new URL(url).searchParams.has('options')) return {};
  } catch {
    // not a URL (a key=value string): pg reads it as it is
  }
  return { options: '-c jit=off' };
}

/**
 * How long an idle PostgreSQL connection is kept. A new one costs the statement waiting on it a few
 * milliseconds (connecting, a server process starting, its catalog caches filling): a customer turn
 * in the first busy second after a quiet minute would pay them. Idle connections never keep a
 * process from exiting (`allowExitOnIdle`).
 */
const IDLE_MS = 10 * 60_000;

export function connect(url: string, kind: Database['kind'], max: number, onClose: () => Promise<void>): Database {
  const pool = new pg.Pool({
    connectionString: url, max, idleTimeoutMillis: kind === 'pglite' ? 0 : IDLE_MS, allowExitOnIdle: true, connectionTimeoutMillis: 15_000, ...serverOptions(url, kind),
  });
  pool.on('error', () => {}); // an idle client's error surfaces on the next query; do not crash
  let closed = false;
  return {
    kind,
    pool,
    url,
    query(text, values) {
      // On the embedded database's single connection, waiting on the pool while holding the
      // transaction's client never ends; on PostgreSQL the query would silently run outside it.
      if (currentTransaction()) {
        return Promise.reject(new Error('query on the pool from inside withTransaction: use the tx argument'));
      }
      return pool.query(text, values as unknown[]).catch((e: unknown) => {
        throw unreachable(e, url) ?? e;
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await onClose();
    },
  };
}
