import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TenureError } from '../server/errors';
import type { Database } from './database';
import { withTransaction } from './transaction';

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Any constant: serialises migration runs of several processes on one PostgreSQL server.
const LOCK_ID = 7_354_001;

export interface Migration {
  file: string;
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  version: number;
  name: string;
  applied_at: Date | null;
}

export function readMigrations(dir = DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => {
      const m = FILE.exec(f);
      if (!m) throw new TenureError('migration_failed', `Migration file ${f} must be named NNNN_name.sql`);
      const sql = fs.readFileSync(`${dir}/${f}`, 'utf8');
      return { file: f, version: Number(m[1]), name: m[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS tenure_migrations (
  version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;

export async function migrationStatus(db: Database, migrations = readMigrations()): Promise<MigrationStatus[]> {
  const exists = await db.query(`SELECT to_regclass('public.tenure_migrations') IS NOT NULL AS ok`);
  const applied = exists.rows[0]?.ok
    ? (await db.query<{ version: number; applied_at: Date }>('SELECT version, applied_at FROM tenure_migrations')).rows
    : [];
  const at = new Map(applied.map((r) => [r.version, r.applied_at]));
  return migrations.map((m) => ({ version: m.version, name: m.name, applied_at: at.get(m.version) ?? null }));
}

/** Applies every pending migration, each in its own transaction; returns the ones it applied. */
export async function migrate(db: Database, migrations = readMigrations()): Promise<Migration[]> {
  const done: Migration[] = [];
  for (const m of migrations) {
    const applied = await withTransaction(db, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
      await tx.query(BOOKKEEPING);
      const row = (await tx.query<{ checksum: string }>('SELECT checksum FROM tenure_migrations WHERE version = $1', [m.version])).rows[0];
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new TenureError(
            'migration_failed',
            `Migration ${m.file} was changed after it was applied. Add a new migration instead of editing an applied one.`,
          );
        }
        return false;
      }
      try {
        await tx.query(m.sql);
      } catch (e) {
        throw new TenureError('migration_failed', `Migration ${m.file} failed: ${(e as Error).message}`);
      }
      await tx.query('INSERT INTO tenure_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      return true;
    });
    if (applied) done.push(m);
  }
  return done;
}
