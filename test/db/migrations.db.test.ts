import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { migrate, migrationStatus, readMigrations } from '../../db/migrate';
import { dumpSchema } from '../../db/schema-dump';
import { testDatabase } from '../support/database';
import { tempDir } from '../support/temp';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(() => db?.close());

describe('migrations', () => {
  it('leave the database exactly as the committed db/schema.sql describes', async () => {
    const committed = fs.readFileSync(new URL('../../db/schema.sql', import.meta.url), 'utf8');
    expect(await dumpSchema(db)).toBe(committed);
  });

  it('are all applied, and a second run applies nothing', async () => {
    expect((await migrationStatus(db)).every((m) => m.applied_at !== null)).toBe(true);
    expect(await migrate(db)).toEqual([]);
  });

  it('refuse a migration edited after it was applied, and roll back a failing one whole', async () => {
    const dir = tempDir('tenure-mig-');
    for (const m of readMigrations()) fs.writeFileSync(path.join(dir, `${String(m.version).padStart(4, '0')}_${m.name}.sql`), m.sql);
    fs.writeFileSync(path.join(dir, '0900_half.sql'), 'CREATE TABLE half_made (id int); SELECT no_such_function();');
    await expect(migrate(db, readMigrations(dir))).rejects.toThrow(/0900_half\.sql failed/);
    expect((await db.query(`SELECT to_regclass('public.half_made') AS t`)).rows[0]!.t).toBeNull();

    fs.rmSync(path.join(dir, '0900_half.sql'));
    fs.appendFileSync(path.join(dir, '0001_platform.sql'), '\n-- edited\n');
    await expect(migrate(db, readMigrations(dir))).rejects.toThrow(/changed after it was applied/);
  });
});
