import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import type { Database } from '../../db/database';
import { withTransaction } from '../../db/transaction';
import { seedDemo } from '../../ingest/demo/seed';
import { rocAuc } from '../../scoring/model/metrics';
import { DAY_MS, backfill } from '../../scoring/run';
import { recomputeTotal } from '../../scoring/score';
import { testDatabase, testDbKind } from '../support/database';

// Acceptance: on three demo companies, the score 30 days before each churn separates the churner
// from the accounts that stay, scored on the same day from what was known then. The truth is read
// here, by the test, and only to label the rows the real backfill stored.
const SEEDS = [20261125, 1, 2];
const clock = fixedClock('2026-11-25T12:00:00Z');
const opened: Database[] = [];
afterAll(async () => {
  for (const db of opened) await db.close();
});

async function aucForSeed(seed: number): Promise<{ auc: number; churners: number; samples: number; rows: number }> {
  const db = await testDatabase();
  opened.push(db);
  await seedDemo(db, clock, { seed });
  const { history_start: start, as_of: end } = (await db.query<{ history_start: Date; as_of: Date }>('SELECT history_start, as_of FROM demo_company')).rows[0]!;
  const truth = (await db.query<{ account_id: string; churn_at: Date }>('SELECT account_id, churn_at FROM demo_truth')).rows;
  const leaving = new Set(truth.map((t) => t.account_id));
  const asOf = (t: { churn_at: Date }) => new Date(Math.floor((t.churn_at.getTime() - 30 * DAY_MS) / DAY_MS) * DAY_MS);
  const matched = truth.filter((t) => asOf(t) > start && asOf(t) <= end);
  const days = [...new Set(matched.map((t) => asOf(t).getTime()))].sort((a, b) => a - b).map((t) => new Date(t));
  await withTransaction(db, (tx) => backfill(tx, clock, { from: start, to: end, days }));

  const y: number[] = [];
  const risk: number[] = [];
  for (const churner of matched) {
    const rows = (await db.query<{ account_id: string; score: number }>('SELECT account_id, score FROM scores WHERE as_of = $1', [asOf(churner)])).rows;
    for (const r of rows) {
      // stayers only: an account leaving later is neither a positive here nor a stayer
      if (r.account_id !== churner.account_id && leaving.has(r.account_id)) continue;
      y.push(r.account_id === churner.account_id ? 1 : 0);
      risk.push(100 - r.score);
    }
  }
  const stored = (await db.query<{ score: number; components: Record<string, { score: number | null }>; weights: Record<string, number> }>(
    'SELECT s.score, s.components, v.weights FROM scores s JOIN score_config_versions v ON v.version = s.config_version',
  )).rows;
  for (const s of stored) expect(recomputeTotal(Object.fromEntries(Object.entries(s.components).map(([k, c]) => [k, c.score])), s.weights)).toBe(s.score);
  return { auc: rocAuc(y, risk), churners: y.filter((v) => v === 1).length, samples: y.length, rows: stored.length };
}

// A measure of the score, not of the database: run once, to keep the suite short. On PostgreSQL when
// the run has one (61 s there against 80 s on PGlite, each alone: the server works on its own core,
// where PGlite shares the test's process), else on the embedded database every machine has;
// scoring.db.test.ts checks the same SQL on both.
describe.runIf(testDbKind() === (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'))('the score separates churners from stayers 30 days ahead', () => {
  it('has ROC AUC ≥ 0.75 on average over 3 demo seeds at matched dates', async () => {
    const results: number[] = [];
    for (const seed of SEEDS) {
      const r = await aucForSeed(seed);
      results.push(r.auc);
      process.stdout.write(`score AUC 30 days before churn, seed ${seed}: ${r.auc.toFixed(3)} (${r.churners} churners, ${r.samples} samples, ${r.rows} stored rows recomputed)\n`);
      expect(r.churners).toBeGreaterThan(40);
    }
    const mean = results.reduce((a, b) => a + b, 0) / results.length;
    process.stdout.write(`score AUC 30 days before churn: mean ${mean.toFixed(3)}, minimum ${Math.min(...results).toFixed(3)}\n`);
    expect(mean).toBeGreaterThanOrEqual(0.75);
    // measured: 0.725 / 0.842 / 0.827 (mean 0.798); the default seed is the hardest
    expect(Math.min(...results)).toBeGreaterThanOrEqual(0.72);
  }, 600_000);
});
