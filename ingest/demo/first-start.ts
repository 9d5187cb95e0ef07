import type pino from 'pino';
import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import { TenureError } from '../../server/errors';
import { seedDemo, type SeedResult } from './seed';

/**
 * Sandbox mode's first start: an empty database gets the demo company before the server says it is
 * ready, so the first page a newcomer opens has customers on it. A database with any account, or
 * one where the demo was seeded before, is left alone.
 */
export async function seedOnFirstStart(db: Database, clock: Clock, log: pino.Logger): Promise<SeedResult | null> {
  const { rows } = await db.query<{ accounts: number; demo: number }>('SELECT (SELECT count(*) FROM accounts)::int AS accounts, (SELECT count(*) FROM demo_company)::int AS demo');
  if (rows[0]!.accounts > 0 || rows[0]!.demo > 0) return null;
  log.info('sandbox mode, empty database: seeding the demo company (TENURE_DEMO=off starts empty instead)');
  try {
    const r = await seedDemo(db, clock, { log });
    log.info(r, `demo company seeded: ${r.accounts} accounts, ${r.events} events in ${r.seconds.toFixed(1)} s`);
    return r;
  } catch (e) {
    // another process seeded it first
    if (e instanceof TenureError && e.code === 'conflict') return null;
    throw e;
  }
}
