import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { openDatabase } from '../../db/database';
import { testDatabase, testDbKind } from '../support/database';
import { BIN, cleanEnv, run } from '../support/spawn';
import { tempDir } from '../support/temp';

// A crash in the middle of an import must lose nothing and double nothing: the re-run completes it.
const ROWS = 40_000;
let db: Database | null = null;
afterAll(() => db?.close());

function writeEvents(dir: string): { file: string; expected: string } {
  const file = path.join(dir, 'events.csv');
  const lines = ['kind,account_external_id,occurred_at,dedupe_key,payload'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`usage.daily,CRASH-1,${new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString()},k-${String(i).padStart(6, '0')},"{""active_users"":1,""sessions"":1,""key_actions"":${i},""features_used"":[]}"`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const expected = Array.from({ length: ROWS }, (_, i) => `k-${String(i).padStart(6, '0')}:${i}`).join(',');
  return { file, expected: createHash('md5').update(expected).digest('hex') };
}

const checksum = async (d: Database) =>
  (await d.query<{ n: number; md5: string }>(`SELECT count(*)::int AS n, md5(string_agg(dedupe_key || ':' || (payload->>'key_actions'), ',' ORDER BY dedupe_key)) AS md5 FROM events`)).rows[0]!;

/** Starts the import and SIGKILLs it once the import row says `line` has been committed. */
async function killAt(env: NodeJS.ProcessEnv, file: string, d: Database, line: number): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'import', 'events', file], { env });
  const exited = new Promise((r) => child.on('exit', r));
  for (;;) {
    const r = await d.query<{ n: number }>('SELECT coalesce(max(lines_read), 0)::int AS n FROM imports WHERE status = $1', ['running']).catch(() => ({ rows: [{ n: 0 }] }));
    if (r.rows[0]!.n >= line || child.exitCode !== null) break;
    await new Promise((res) => setTimeout(res, 25));
  }
  expect(child.exitCode, 'the import must still be running when it is killed').toBeNull();
  child.kill('SIGKILL');
  await exited;
}

describe('an import killed with SIGKILL', () => {
  it.runIf(testDbKind() === 'postgres')('ends, after a re-run, with every valid row exactly once (PostgreSQL, three seeded kill points)', async () => {
    db = await testDatabase();
    await db.query(`INSERT INTO accounts (id, external_id, name, created_at, updated_at) VALUES ('acc_crash', 'CRASH-1', 'Crash Test', now(), now())`);
    const { file, expected } = writeEvents(tempDir());
    const env = cleanEnv({ DATABASE_URL: db.url });
    let seed = 20261125;
    for (let k = 0; k < 3; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31; // a fixed seed: the same kill points every run
      await killAt(env, file, db, 1000 + (seed % (ROWS - 2000)));
    }
    const last = await run(['import', 'events', file, '--json'], env);
    expect(last.code, last.stderr).toBe(0);
    expect(JSON.parse(last.stdout)).toMatchObject({ rejected: 0 });
    expect(await checksum(db)).toEqual({ n: ROWS, md5: expected });
  }, 180_000);

  it.runIf(testDbKind() === 'pglite')('leaves an embedded data folder that reopens (or says why), and the re-run completes it', async () => {
    const dir = tempDir('tenure-crash-');
    const env = cleanEnv({ TENURE_DATA_DIR: dir });
    const accounts = path.join(dir, 'accounts.csv');
    fs.writeFileSync(accounts, 'external_id,name\nCRASH-1,Crash Test\n');
    expect((await run(['import', 'accounts', accounts], env)).code).toBe(0);
    const { file, expected } = writeEvents(dir);
    // a second process cannot read the embedded database while the import holds it: kill by time,
    // once the import is under way (the file takes several seconds) and before it ends
    const child = spawn(process.execPath, [BIN, 'import', 'events', file], { env });
    const exited = new Promise((r) => child.on('exit', r));
    await new Promise((r) => setTimeout(r, 2500));
    expect(child.exitCode).toBeNull();
    child.kill('SIGKILL');
    await exited;
    const again = await run(['import', 'events', file, '--json'], env);
    if (again.code !== 0) {
      // the only acceptable failure: the folder cannot be reopened, said with its name and the way out
      expect(again.stderr).toMatch(new RegExp(`embedded database in ${dir}/pgdata cannot be opened.*move it aside`));
      return;
    }
    const d = await openDatabase({ dataDir: dir });
    try {
      expect(await checksum(d)).toEqual({ n: ROWS, md5: expected });
    } finally {
      await d.close();
    }
  }, 180_000);
});
