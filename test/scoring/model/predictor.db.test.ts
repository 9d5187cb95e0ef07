import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../db/clock';
import type { Database } from '../../../db/database';
import { withTransaction } from '../../../db/transaction';
import { prepareEvents, storeEvents } from '../../../ingest/events/store';
import { seedDemo } from '../../../ingest/demo/seed';
import { computeFeatures, DAY_MS } from '../../../scoring/model/features';
import { predictionRefresh, refreshPredictions } from '../../../scoring/model/predictions';
import { MIN_CHURNED_ACCOUNTS } from '../../../scoring/model/predictor';
import { listVersions, productionModel, trainVersion, weeksBack } from '../../../scoring/model/versions';
import { backfill } from '../../../scoring/run';
import { testDatabase } from '../../support/database';

// The churn predictor on the demo company: point-in-time features, the prior below the minimum of
// outcomes, versions and the promotion rule, stored predictions with reasons.
const THRESHOLD = 0.6;
const clock = fixedClock('2026-11-25T12:00:00Z');
let db: Database;
let start: Date;
let end: Date;

beforeAll(async () => {
  db = await testDatabase();
  await seedDemo(db, clock, { seed: 20261125 });
  ({ history_start: start, as_of: end } = (await db.query<{ history_start: Date; as_of: Date }>('SELECT history_start, as_of FROM demo_company')).rows[0]!);
  // the weekly score history the features read (the history job fills every day in the product)
  const weeks = weeksBack(end, 52).filter((w) => w > start);
  await withTransaction(db, (tx) => backfill(tx, clock, { from: weeks[0]!, to: end, days: weeks }));
}, 240_000);
afterAll(async () => {
  await db?.close();
});

describe('point-in-time features', () => {
  it('are unchanged by events appended after the as-of time, even ones that occurred before it', async () => {
    const asOf = new Date(end.getTime() - 60 * DAY_MS);
    const before = await computeFeatures(db, [asOf]);
    expect(before.length).toBeGreaterThan(200);
    const ids = before.slice(0, 5).map((r) => r.account_id);
    const later = fixedClock(new Date(asOf.getTime() + 3 * DAY_MS));
    const items = ids.flatMap((account_id, k) => [
      // occurred before the as-of time but received after it (a late feed)
      { kind: 'usage.daily', account_id, occurred_at: new Date(asOf.getTime() - 2 * DAY_MS).toISOString(), dedupe_key: `late-${k}`, payload: { active_users: 500, sessions: 900, key_actions: 4000, features_used: ['api'] } },
      { kind: 'ticket.opened', account_id, occurred_at: new Date(asOf.getTime() - DAY_MS).toISOString(), dedupe_key: `late-t-${k}`, payload: { ticket_id: `late-${k}`, category: 'bug' } },
      // occurred after it
      { kind: 'data_export.requested', account_id, occurred_at: new Date(asOf.getTime() + DAY_MS).toISOString(), dedupe_key: `after-${k}`, payload: {} },
      { kind: 'subscription.cancelled', account_id, occurred_at: new Date(asOf.getTime() + 2 * DAY_MS).toISOString(), dedupe_key: `after-c-${k}`, payload: { subscription_id: `sub-${k}` } },
    ]);
    await withTransaction(db, async (tx) => {
      const r = await storeEvents(tx, await prepareEvents(tx, later, items, 'api'));
      expect(r.rejected).toEqual([]);
      const after = await computeFeatures(tx, [asOf]);
      expect(after).toEqual(before);
      // and the same events, seen from a later as-of time, do change them (the test can fail)
      const seen = await computeFeatures(tx, [new Date(asOf.getTime() + 3 * DAY_MS)], ids);
      expect(seen).toEqual([]); // cancelled accounts are no longer active
      throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  });
});
class Rollback extends Error {}

describe('training and versions', () => {
  it('uses the prior from the health score while too few churned accounts are known', async () => {
    const early = fixedClock(new Date(start.getTime() + 120 * DAY_MS));
    const r = await trainVersion(db, early, { threshold: THRESHOLD });
    expect(r.status).toBe('prior');
    expect(r.churned_accounts).toBeLessThan(MIN_CHURNED_ACCOUNTS);
    expect(await listVersions(db)).toEqual([]);
    const p = await refreshPredictions(db, clock, { accountIds: null, threshold: THRESHOLD });
    expect(p.model_version).toBeNull();
    const rows = (await db.query<{ prior: boolean; model_version: number | null; reason_codes: { code: string; text: string }[]; probability: number }>('SELECT * FROM v_current_predictions')).rows;
    expect(rows.length).toBe(p.accounts);
    expect(rows.every((r) => r.prior && r.model_version === null && r.reason_codes[0]!.code === 'health_score_prior')).toBe(true);
    // a low score reads as a high prior risk, a high one as a low risk
    const scores = await db.query<{ account_id: string; score: number }>('SELECT account_id, score FROM current_scores');
    const prob = new Map(rows.map((r) => [(r as unknown as { account_id: string }).account_id, r.probability]));
    const sorted = scores.rows.filter((s) => prob.has(s.account_id)).sort((a, b) => a.score - b.score);
    expect(prob.get(sorted[0]!.account_id)!).toBeGreaterThan(prob.get(sorted.at(-1)!.account_id)!);
  }, 120_000);

  it('never promotes a model trained on shuffled labels, promotes a real one, and keeps every version', async () => {
    const shuffled = await trainVersion(db, clock, { threshold: THRESHOLD, shuffleLabels: true });
    process.stdout.write(`shuffled: ${shuffled.message}\n`);
    expect(shuffled.status).toBe('kept');
    expect(shuffled.version!.promoted).toBe(false);
    expect(await productionModel(db)).toBeNull();

    const real = await trainVersion(db, clock, { threshold: THRESHOLD });
    process.stdout.write(`real: ${real.message}, skill ${(real.version!.metrics as { skill: number }).skill}\n`);
    expect(real.churned_accounts).toBeGreaterThanOrEqual(MIN_CHURNED_ACCOUNTS);
    expect(real.status).toBe('promoted');
    const m = real.version!.metrics as { candidate: { auc: number }; incumbent: { auc: number } };
    expect(m.candidate.auc).toBeGreaterThan(m.incumbent.auc - 0.01);
    expect((shuffled.version!.metrics as { candidate: { auc: number } }).candidate.auc).toBeLessThan(m.candidate.auc);

    const again = await trainVersion(db, clock, { threshold: THRESHOLD, shuffleLabels: true, seed: 3 });
    expect(again.status).toBe('kept');
    expect((await productionModel(db))!.version).toBe(real.version!.version);
    expect((await listVersions(db)).map((v) => [v.version, v.promoted])).toEqual([[3, false], [2, true], [1, false]]);
  }, 180_000);

  it('stores predictions from the production model with reasons in plain words, once per change', async () => {
    const first = await refreshPredictions(db, clock, { accountIds: null, threshold: THRESHOLD });
    expect(first.model_version).toBe(2);
    expect(first.written).toBe(first.accounts);
    const again = await refreshPredictions(db, clock, { accountIds: null, threshold: THRESHOLD });
    expect(again.written).toBe(0);
    // the due work finds nothing left to refresh: every active scored account has today's prediction by version 2
    const due = predictionRefresh(clock, () => THRESHOLD);
    expect(await due.run(db, clock.now(), { info() {}, warn() {}, error() {} } as never)).toBe(0);
    const rows = (await db.query<{ account_id: string; probability: number; prior: boolean; model_version: number; reason_codes: { code: string; text: string; effect: number }[] }>(
      'SELECT account_id, probability, prior, model_version, reason_codes FROM v_current_predictions ORDER BY probability DESC',
    )).rows;
    expect(new Set(rows.map((r) => r.account_id)).size).toBe(rows.length);
    expect(rows.every((r) => !r.prior && r.model_version === 2)).toBe(true);
    const top = rows[0]!;
    expect(top.reason_codes.length).toBeGreaterThan(0);
    expect(top.reason_codes[0]!.text).toMatch(/raises the risk/);
    expect(top.reason_codes[0]!.effect).toBeGreaterThan(0);
  }, 120_000);
});
