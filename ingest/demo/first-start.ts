import type pino from 'pino';
import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import { replayDemoPayments } from '../../dunning/sandbox';
import type { Config } from '../../server/config';
import { TenureError } from '../../server/errors';
import { seedDemo, type HandedOverInvoice, type SeedResult } from './seed';

/**
 * How far back sandbox mode's failed payments come through Stripe instead of the seed: Stripe sends
 * webhooks as payments fail, so the recent ones (still open, or recovered since) arrive that way and
 * open dunning cases; older history, settled long ago, is seeded as events (no webhook would bring it).
 */
export const STRIPE_PATH_DAYS = 60;

/**
 * Sandbox mode's first start: an empty database gets the demo company before the server says it is
 * ready, so the first page a newcomer opens has customers on it; then the demo's recent failed
 * payments arrive from the local Stripe server as signed webhooks (dunning/sandbox.ts). Each failure
 * is stored by one path only: the seed hands these invoices over and stores none of their payment
 * events. A database with any account, or one where the demo was seeded before, is left alone.
 */
export async function seedOnFirstStart(db: Database, clock: Clock, log: pino.Logger, config: Config, checkpoint?: () => void): Promise<SeedResult | null> {
  const { rows } = await db.query<{ accounts: number; demo: number }>('SELECT (SELECT count(*) FROM accounts)::int AS accounts, (SELECT count(*) FROM demo_company)::int AS demo');
  if (rows[0]!.accounts > 0 || rows[0]!.demo > 0) return null;
  log.info('sandbox mode, empty database: seeding the demo company (TENURE_DEMO=off starts empty instead)');
  let handed: HandedOverInvoice[] = [];
  let r: SeedResult;
  try {
    const since = new Date(clock.now().getTime() - STRIPE_PATH_DAYS * 86_400_000);
    r = await seedDemo(db, clock, { log, checkpoint, handOver: { since, take: (invoices) => void (handed = invoices) } });
    log.info(r, `demo company seeded: ${r.accounts} accounts, ${r.events} events in ${r.seconds.toFixed(1)} s`);
  } catch (e) {
    // another process seeded it first
    if (e instanceof TenureError && e.code === 'conflict') return null;
    throw e;
  }
  const started = performance.now();
  try {
    const replay = await replayDemoPayments({ db, clock, log, config }, handed);
    log.info(replay, `the demo's failed payments of the last ${STRIPE_PATH_DAYS} days came from the local Stripe server: ${replay.invoices} invoices, ${replay.deliveries} signed webhooks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    // the demo company is there; only its recent dunning cases are missing: start anyway, and say so
    log.error({ err }, "the demo's recent failed payments could not be replayed through the local Stripe server; the demo starts without its dunning cases");
  }
  return r;
}
