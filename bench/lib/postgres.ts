import pg from 'pg';
import { connect, type Database } from '../../db/database';
import { migrate } from '../../db/migrate';

// The PostgreSQL server the benchmarks use (a superuser; each bench creates its own database and
// drops it), one statement run on its `postgres` database (CREATE / DROP DATABASE), and a fresh
// migrated database.
export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

export async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: `${PG_URL}/postgres` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A new, migrated database named `name` on the bench server (dropped first if a run left it behind). */
export async function freshDatabase(name: string, pool = 4): Promise<Database> {
  await admin(`DROP DATABASE IF EXISTS ${name}`);
  await admin(`CREATE DATABASE ${name}`);
  const db = connect(`${PG_URL}/${name}`, 'postgres', pool, async () => {});
  try {
    await migrate(db);
    return db;
  } catch (e) {
    await db.close();
    throw e;
  }
}
