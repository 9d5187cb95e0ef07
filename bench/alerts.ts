// The cost of alerts and escalations after a batch of score writes (scoring/alerts/after-scores.ts),
// which the nightly recompute pays once for every account and the re-score sweep once a minute.
// A PostgreSQL database gets N accounts with 14 days of daily scores (most steady, 1 in 33 sliding
// down 2 points a day, 1 in 50 flapping around the yellow/orange line), then the newest day's rows
// are written and the hook timed over them (inside the transaction, as storeScores calls it), run after run (each run a fresh day); then small batches
// as the sweep writes them (named statements, as the sweep runs them on PostgreSQL).
// Usage: npx tsx bench/alerts.ts [--accounts N] [--runs N] [--keep]   (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432)
import type pg from 'pg';
import { fixedClock } from '../db/clock';
import { withTransaction } from '../db/transaction';
import { afterScores } from '../scoring/alerts/after-scores';
import { currentConfig } from '../scoring/config';
import { flag } from './lib/args';
import { admin, freshDatabase } from './lib/postgres';

const ACCOUNTS = flag('accounts', 100_000);
const RUNS = flag('runs', 3);
const SMALL = 50;
const DB = 'tenure_bench_alerts';
const DAY = 86_400_000;
const START = new Date('2026-11-01T02:30:00Z');
const out = (s = '') => process.stdout.write(`${s}\n`);
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

// the score of account a on day k: steady, sliding, or flapping
const SCORE = `CASE WHEN a % 33 = 0 THEN greatest(0, 55 + (a * 7) % 40 - 2 * k) WHEN a % 50 = 1 THEN 60 + CASE WHEN k % 2 = 0 THEN 2 ELSE -2 END ELSE 55 + (a * 7) % 40 END`;
const ZONE = (s: string) => `CASE WHEN ${s} >= 80 THEN 'green' WHEN ${s} >= 60 THEN 'yellow' WHEN ${s} >= 40 THEN 'orange' ELSE 'red' END`;
const REASONS = `'[{"code":"usage_level","family":"disengagement","points":12,"text":"few seats active"},{"code":"ticket_volume","family":"unresolved_technical","points":6,"text":"tickets up"}]'::jsonb`;

async function writeDay(db: pg.Pool | { query: pg.Pool['query'] }, k: number, filter = 'true') {
  const asOf = new Date(START.getTime() + k * DAY);
  await db.query(
    `INSERT INTO scores (account_id, as_of, score, zone, at_risk, escalate, based_on, components_total, components, reason_codes, config_version, kind, computed_at)
     SELECT 'acc_' || a, $1, s, ${ZONE('s')}, s < 60, s < 40, 1, 1, '{}'::jsonb, ${REASONS}, 1, $3, $1
     FROM generate_series(1, $2::int) a CROSS JOIN LATERAL (SELECT ${SCORE.replace(/\bk\b/g, `${k}`)} AS s) x WHERE ${filter}`,
    [asOf, ACCOUNTS, k === -1 ? 'change' : 'daily'],
  );
  return asOf;
}

async function main() {
  const db = await freshDatabase(DB);
  try {
    const clock = fixedClock(START);
    await withTransaction(db, (tx) => currentConfig(tx, clock));
    const t0 = performance.now();
    await db.query(
      `INSERT INTO accounts (id, external_id, name, created_at, updated_at) SELECT 'acc_' || a, 'x' || a, 'Account ' || a, $1, $1 FROM generate_series(1, $2::int) a`,
      [START, ACCOUNTS],
    );
    for (let k = 0; k < 14; k++) await writeDay(db.pool, k);
    await db.query('ANALYZE');
    out(`  ${fmt(ACCOUNTS)} accounts with 14 days of daily scores loaded in ${fmt((performance.now() - t0) / 1000, 1)} s`);

    const nightly: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const k = 14 + r;
      const asOf = await writeDay(db.pool, k);
      await withTransaction(db, async (tx) => {
        const t = performance.now();
        await afterScores(tx, { asOf, now: asOf, kind: 'daily' });
        nightly.push((performance.now() - t) / 1000);
      });
      const n = (await db.query<{ a: number; e: number }>(`SELECT (SELECT count(*) FROM alerts WHERE as_of = $1)::int AS a, (SELECT count(*) FROM escalations WHERE opened_at = $1)::int AS e`, [asOf])).rows[0]!;
      out(`  nightly batch (day ${k}): alerts and escalations over ${fmt(ACCOUNTS)} rows in ${fmt(nightly[r]!, 2)} s; ${fmt(n.a)} alerts, ${fmt(n.e)} escalations opened`);
    }

    // the sweep: a batch of a few accounts at a time of its own
    const small: number[] = [];
    for (let r = 0; r < 20; r++) {
      const asOf = new Date(START.getTime() + (14 + RUNS) * DAY + (r + 1) * 60_000);
      await db.query(
        `INSERT INTO scores (account_id, as_of, score, zone, at_risk, escalate, based_on, components_total, components, reason_codes, config_version, kind, computed_at)
         SELECT 'acc_' || a, $1, 45, 'orange', true, false, 1, 1, '{}'::jsonb, ${REASONS}, 1, 'change', $1 FROM generate_series($2::int, $2::int + ${SMALL - 1}) a`,
        [asOf, 1 + r * SMALL * 7],
      );
      await withTransaction(db, async (tx) => {
        const t = performance.now();
        await afterScores(tx, { asOf, now: asOf, kind: 'change', prepared: true });
        small.push(performance.now() - t);
      });
    }
    small.sort((a, b) => a - b);
    out(`  re-score batch of ${SMALL} accounts moving to orange: hook p50 ${fmt(small[10]!, 1)} ms, max ${fmt(small[19]!, 1)} ms`);
    // the common case: one account re-scored, nothing to say (no alert, no escalation)
    const one: number[] = [];
    for (let r = 0; r < 50; r++) {
      const asOf = new Date(START.getTime() + (15 + RUNS) * DAY + (r + 1) * 60_000);
      const a = 2 + r * 3; // steady accounts (a % 33 and a % 50 aside: their rows still just compare)
      await db.query(
        `INSERT INTO scores (account_id, as_of, score, zone, at_risk, escalate, based_on, components_total, components, reason_codes, config_version, kind, computed_at)
         SELECT account_id, $1, score, zone, at_risk, escalate, 1, 1, '{}'::jsonb, reason_codes, 1, 'change', $1 FROM scores WHERE account_id = $2 ORDER BY as_of DESC LIMIT 1`,
        [asOf, `acc_${a}`],
      );
      await withTransaction(db, async (tx) => {
        const t = performance.now();
        await afterScores(tx, { asOf, now: asOf, kind: 'change', prepared: true });
        one.push(performance.now() - t);
      });
    }
    one.sort((a, b) => a - b);
    // for scale: one round trip to the server that does nothing, on the same connection
    const trip: number[] = [];
    await withTransaction(db, async (tx) => {
      for (let r = 0; r < 50; r++) {
        const t = performance.now();
        await tx.query('SELECT 1');
        trip.push(performance.now() - t);
      }
    });
    trip.sort((a, b) => a - b);
    out(`  re-score batch of 1 account, nothing to raise: hook p50 ${fmt(one[25]!, 2)} ms, p99 ${fmt(one[49]!, 2)} ms (an empty round trip: p50 ${fmt(trip[25]!, 2)} ms)`);
  } finally {
    await db.close();
    if (!process.argv.includes('--keep')) await admin(`DROP DATABASE IF EXISTS ${DB}`);
  }
}

await main();
