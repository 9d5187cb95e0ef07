import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database';
import { loadConfig } from '../../server/config';
import { startRuntime } from '../../server/runtime';
import { testDatabase, testDbKind } from '../support/database';
import { ADMIN_KEY } from '../support/runtime';
import { tempDir } from '../support/temp';

let pgDb: Database | null = null;
afterAll(() => pgDb?.close());

describe('stopping while requests are in flight', () => {
  it('answers every request it accepted, closes its own database, and stops within seconds', async () => {
    // the runtime must own its database here (open it, close it), as `tenure start` does
    const env: Record<string, string> = { PORT: '0', TENURE_ADMIN_KEY: ADMIN_KEY, TENURE_DATA_DIR: tempDir('tenure-stop-'), TENURE_DEMO: 'off' };
    if (testDbKind() === 'postgres') {
      pgDb = await testDatabase();
      env.DATABASE_URL = pgDb.url;
    }
    const config = loadConfig(env);
    const rt = await startRuntime(config, { listen: true, work: true, logger: pino({ level: 'silent' }) });
    const requests = Array.from({ length: 40 }, (_, i) =>
      fetch(`${rt.url}/v1/team-members`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `M${i}`, email: `m${i}@example.fr`, kind: 'csm' }),
      }).then(
        (r) => r.status,
        () => 'refused' as const,
      ),
    );
    await Promise.race(requests); // close while the rest are in flight
    const started = Date.now();
    await rt.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    const statuses = await Promise.all(requests);
    expect(statuses.every((s) => s === 201 || s === 503 || s === 'refused')).toBe(true);
    const created = statuses.filter((s) => s === 201).length;
    expect(created).toBeGreaterThan(0);

    // every 201 the client saw is a row that exists: nothing answered was lost
    const reopened = pgDb ?? (await openDatabase(config));
    expect((await reopened.query('SELECT count(*)::int AS n FROM team_members')).rows[0]!.n).toBe(created);
    if (!pgDb) await reopened.close();
  });
});
