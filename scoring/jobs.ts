import { z } from 'zod';
import type { Clock } from '../db/clock';
import type { DueWork } from '../db/due-work';
import { defineJob } from '../db/queue';
import { withTransaction } from '../db/transaction';
import type { Rescorer } from '../ingest/rescore';
import { alertScoreBatches } from './alerts/batches';
import { backfill, DAY_MS, scoreAccounts } from './run';
import { analyzePendingTexts } from './signals/texts';

// Freshness: accounts marked by ingest are re-scored by the one-minute sweep (rescorer), and every
// account gets a daily snapshot from the nightly recompute.

/**
 * `prepared`, asked at each re-score (the database is known only once the app has started): true on
 * PostgreSQL, where the re-score's statements are parsed and planned once per connection (db/prepared.ts).
 */
export function rescorer(clock: Clock, o: { prepared?: () => boolean } = {}): Rescorer {
  const run: Rescorer = async (tx, accountIds) => {
    await scoreAccounts(tx, clock, { accountIds, prepared: o.prepared?.() ?? false });
  };
  return Object.assign(run, { scoring: true });
}

export const nightlyRecompute = defineJob({
  name: 'score-nightly',
  schema: z.object({}),
  cron: '30 2 * * *',
  policy: 'singleton',
  retryLimit: 2,
  async handler(_data, ctx) {
    const r = await withTransaction(ctx.db, (tx) => scoreAccounts(tx, ctx.clock, { accountIds: null, kind: 'daily' }));
    await alertScoreBatches(ctx.db, { prepared: ctx.db.kind === 'postgres' });
    ctx.log.info(r, 'nightly score recompute');
  },
});

/** How long one tick of the history backfill may work; each day is its own short transaction. */
const HISTORY_BUDGET_MS = 15_000;
const HISTORY_MAX_DAYS = 400;

/**
 * Scores the past that has no score yet, a day at a time, newest first: after the demo company is
 * seeded or a history imported, the days before the first score fill in within minutes, without
 * holding the database (the embedded one has a single connection) for longer than one day's work.
 */
export function historyBackfill(clock: Clock, o: { budgetMs?: number; maxDaysPerTick?: number } = {}): DueWork {
  return {
    name: 'score-history',
    async run(db, _now, _log, signal) {
      const started = performance.now();
      const first = (await db.query<{ at: Date }>(`SELECT occurred_at AS at FROM events WHERE kind = 'usage.daily' ORDER BY occurred_at LIMIT 1`)).rows[0]?.at;
      const earliest = (await db.query<{ at: Date | null }>('SELECT min(as_of) AS at FROM scores')).rows[0]?.at;
      if (!first || !earliest) return 0;
      const floor = Math.max(Math.floor(first.getTime() / DAY_MS) * DAY_MS + DAY_MS, clock.now().getTime() - HISTORY_MAX_DAYS * DAY_MS);
      let day = Math.ceil(earliest.getTime() / DAY_MS) * DAY_MS - DAY_MS;
      let done = 0;
      // the customer texts are analysed once a tick, not once a day
      if (day >= floor) await withTransaction(db, (tx) => analyzePendingTexts(tx, null));
      while (day >= floor && !signal?.aborted && done < (o.maxDaysPerTick ?? Infinity) && performance.now() - started < (o.budgetMs ?? HISTORY_BUDGET_MS)) {
        const at = new Date(day);
        await withTransaction(db, (tx) => backfill(tx, clock, { from: at, to: at, days: [at], textsAnalyzed: true }));
        done++;
        day -= DAY_MS;
      }
      return done;
    },
  };
}
