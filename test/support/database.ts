import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Database } from '../../db/database';
import { serveEmbedded } from '../../db/embedded';
import { withDatabase } from './setup-postgres';

/** Which database this test file runs on: the project (pglite or postgres) decides. */
export const testDbKind = (): 'pglite' | 'postgres' => (process.env.TENURE_TEST_DB === 'postgres' ? 'postgres' : 'pglite');

/**
 * A migrated database of its own for one test file, through the same `pg` path as production.
 * Close it in afterAll.
 */
export async function testDatabase(): Promise<Database> {
  if (testDbKind() === 'pglite') {
    const tarball = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
    const embedded = await serveEmbedded(await PGlite.create({ loadDataDir: tarball }));
    return connect(embedded.url, 'pglite', 1, () => embedded.close());
  }
  const url = process.env.TEST_DATABASE_URL!;
  const name = `tenure_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  await admin.end();
  return connect(withDatabase(url, name), 'postgres', 5, async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
}

/**
 * An empty database (not migrated: `tenure start` migrates it) on the TEST_DATABASE_URL server, for
 * tests that run Tenure as a user would. Returns its URL and how to drop it.
 */
export async function emptyPostgresDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL!;
  const name = `${prefix}_${process.pid}`;
  const sql = async (statement: string) => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await sql(`DROP DATABASE IF EXISTS ${name}`);
  await sql(`CREATE DATABASE ${name}`);
  return { url: withDatabase(server, name), drop: () => sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
