import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import { runDueWork } from '../../db/due-work';
import { withTransaction } from '../../db/transaction';
import { seedDemo } from '../../ingest/demo/seed';
import { currentConfig, PRESETS } from '../../scoring/config';
import { recomputeTotal } from '../../scoring/score';
import { computeAt, scoreAccounts } from '../../scoring/run';
import { deriveSignals } from '../../scoring/signals/derive';
import { measure, measureRescore, type Measures } from '../../scoring/signals/measures';
import { historyBackfill } from '../../scoring/jobs';
import { rescoreSweep } from '../../ingest/rescore';
import { testRuntime, type TestRuntime } from '../support/runtime';

// The score on a seeded demo company, through the API: configuration versions, the current score
// with its components and reasons, the list, freshness after a new event.
const clock = fixedClock('2026-11-25T12:00:00Z');
let rt: TestRuntime;
let csmKey: string;
const silent = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  rt = await testRuntime({ clock });
  await seedDemo(rt.db, clock, { seed: 11 });
  // the seed marked every account for re-scoring: the sweep scores them all, as after a first start
  expect((await runDueWork([rescoreSweep(rt.ctx.rescorers)], rt.db, clock, silent)).rescore).toBe(280);
  csmKey = (await rt.api('POST', '/v1/keys', { body: { name: 'csm', role: 'csm' } })).body.key;
}, 180_000);
afterAll(() => rt?.close());

async function everyRowRecomputes() {
  const rows = (await rt.db.query<{ score: number; components: Record<string, { score: number | null }>; weights: Record<string, number> }>(
    'SELECT s.score, s.components, v.weights FROM scores s JOIN score_config_versions v ON v.version = s.config_version',
  )).rows;
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(recomputeTotal(Object.fromEntries(Object.entries(r.components).map(([k, c]) => [k, c.score])), r.weights)).toBe(r.score);
  return rows.length;
}

describe('the health score of the demo company', () => {
  it('scores every active account, with components, reasons in plain words, config version and as-of', async () => {
    const list = await rt.api('GET', '/v1/scores?limit=500', { key: csmKey });
    expect(list.status).toBe(200);
    const active = (await rt.db.query<{ n: number }>("SELECT count(*)::int AS n FROM accounts WHERE status = 'active'")).rows[0]!.n;
    expect(list.body.data).toHaveLength(active);
    const scores = list.body.data.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const worst = list.body.data[0];
    const one = await rt.api('GET', `/v1/accounts/${worst.account_id}/score`, { key: csmKey });
    expect(one.status).toBe(200);
    const c = one.body.current;
    expect(c).toMatchObject({ score: worst.score, zone: worst.zone, config_version: 1, as_of: clock.now().toISOString() });
    expect(c.based_on).toMatch(/^\d of 5 components$/);
    expect(Object.keys(c.components).sort()).toEqual(Object.keys(PRESETS.conversational.weights).sort());
    expect(c.reason_codes.length).toBeGreaterThan(0);
    expect(c.reason_codes[0].text).toMatch(/[a-z]{3,} /);
    expect(one.body.history.length).toBeGreaterThan(0);
    await everyRowRecomputes();
  });

  it('filters the score list and the account list by zone', async () => {
    const zones = (await rt.db.query<{ zone: string; n: number }>('SELECT zone, count(*)::int AS n FROM current_scores GROUP BY zone')).rows;
    expect(zones.length).toBeGreaterThan(1);
    for (const z of zones) {
      const scores = await rt.api('GET', `/v1/scores?zone=${z.zone}&limit=500`);
      expect(scores.body.data.every((r: { zone: string }) => r.zone === z.zone)).toBe(true);
      expect(scores.body.data).toHaveLength(z.n);
      const accounts = await rt.api('GET', `/v1/accounts?zone=${z.zone}&limit=500`);
      expect(accounts.status).toBe(200);
      expect(accounts.body.data).toHaveLength(z.n);
    }
  });

  it('refuses invalid configuration with 400 naming the problem, and keeps the running one', async () => {
    const before = await rt.api('GET', '/v1/scoring/config');
    expect(before.body).toMatchObject({ version: 1, preset: 'conversational', weights: PRESETS.conversational.weights });
    const zones = PRESETS.conversational.zones;
    const bad = [
      [{ weights: { ...PRESETS.conversational.weights, sentiment: 0.3 }, zones }, 'sum to 1'],
      [{ weights: { sentiment: 0.5, charisma: 0.5 }, zones }, "unknown component 'charisma'"],
      [{ weights: PRESETS.conversational.weights, zones: [zones[0], { ...zones[1], min: 85 }, zones[2], zones[3]] }, 'overlap'],
      [{ weights: PRESETS.conversational.weights, zones: [{ ...zones[0], name: 'Green' }, zones[3]] }, 'lower-case'],
    ] as const;
    for (const [body, problem] of bad) {
      const res = await rt.api('PUT', '/v1/scoring/config', { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toContain(problem);
      expect(res.body.error.details.length).toBeGreaterThan(0);
    }
    expect((await rt.api('PUT', '/v1/scoring/config', { key: csmKey, body: { preset: 'classic' } })).status).toBe(403);
    expect((await rt.api('GET', '/v1/scoring/config')).body).toEqual(before.body);
  });

  it('re-scores with a new version when a weight changes, and old rows keep theirs', async () => {
    const oldRows = (await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM scores WHERE config_version = 1')).rows[0]!.n;
    clock.advance(60_000);
    const weights = { sentiment: 0.15, risk_phrases: 0.25, engagement: 0.3, support: 0.15, business: 0.15 };
    const res = await rt.api('PUT', '/v1/scoring/config', { body: { weights, zones: PRESETS.conversational.zones } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ version: 2, preset: 'custom', weights, created_by: 'env:TENURE_ADMIN_KEY' });
    expect(res.body.rescored).toBeGreaterThan(200);
    expect((await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM scores WHERE config_version = 1')).rows[0]!.n).toBe(oldRows);
    const current = (await rt.db.query<{ v: number }>('SELECT DISTINCT config_version AS v FROM current_scores')).rows;
    expect(current).toEqual([{ v: 2 }]);
    expect((await rt.db.query("SELECT 1 FROM audit_log WHERE route = '/v1/scoring/config' AND target = 'config:2'")).rowCount).toBe(1);
    await everyRowRecomputes();
  });

  it('scores an account the same with its statements prepared once per connection (PostgreSQL) as without', async (t) => {
    if (rt.db.kind !== 'postgres') t.skip(); // the sweep prepares them on PostgreSQL only (db/prepared.ts)
    const ids = (await rt.db.query<{ id: string }>("SELECT id FROM accounts WHERE status = 'active' ORDER BY id LIMIT 8")).rows.map((r) => r.id);
    const config = await currentConfig(rt.db, clock);
    // one connection: from the sixth execution on, PostgreSQL may switch to its generic plan
    await withTransaction(rt.db, async (tx) => {
      for (const id of ids) {
        const plain = await computeAt(tx, [id], clock.now(), config);
        expect(plain).toHaveLength(1);
        expect(await computeAt(tx, [id], clock.now(), config, true)).toEqual(plain);
      }
    });
  });

  it("reads, in the re-score's one statement, the same measures and the same running configuration as on their own", async () => {
    const ids = (await rt.db.query<{ id: string }>("SELECT id FROM accounts WHERE status = 'active' ORDER BY id DESC LIMIT 3")).rows.map((r) => r.id);
    const prepared = rt.db.kind === 'postgres';
    await withTransaction(rt.db, async (tx) => {
      const read = await measureRescore(tx, ids, clock.now(), prepared);
      expect(read.config).toEqual(await currentConfig(tx, clock));
      expect(read.textsPending).toBe(false);
      const alone = await measure(tx, ids, clock.now());
      expect(alone).toHaveLength(3);
      expect(read.measures.map(({ texts_pending: _t, config: _c, ...m }: Measures & { texts_pending?: unknown; config?: unknown }) => m)).toEqual(alone);
    });
  });

  it('counts silence only as far back as the inputs go: a month into the history, no account has been silent for 90 days', async () => {
    const start = (await rt.db.query<{ history_start: Date }>('SELECT history_start FROM demo_company')).rows[0]!.history_start;
    const silenceAt = async (asOf: Date) =>
      (await measure(rt.db, null, asOf)).map((m) => ({ observed: m.observed_days, silence: deriveSignals(m, asOf).find((s) => s.key === 'silence') }));
    const early = await silenceAt(new Date(start.getTime() + 30 * 86_400_000));
    expect(early.length).toBeGreaterThan(200);
    for (const a of early) {
      expect(a.observed).toBeLessThanOrEqual(31);
      expect(a.silence?.strength).toBe(0);
    }
    // a year in, the rule holds: some accounts have gone 90 days without a call, survey answer or ticket
    const late = await silenceAt(clock.now());
    expect(late.filter((a) => a.silence && a.silence.strength >= 0.3).length).toBeGreaterThan(0);
  });

  it('re-scores an account within the sweep after a new event, and shows it stale until then', async () => {
    const { id } = (await rt.db.query<{ id: string }>("SELECT account_id AS id FROM current_scores ORDER BY score DESC LIMIT 1")).rows[0]!;
    clock.advance(60_000);
    const at = clock.now().toISOString();
    const events = [
      { kind: 'data_export.requested', account_id: id, occurred_at: at, payload: {} },
      { kind: 'payment.failed', account_id: id, occurred_at: at, payload: { invoice_id: 'in_x', amount_due: 1000, currency: 'EUR', reason_class: 'insufficient_funds' } },
    ];
    expect((await rt.api('POST', '/v1/events', { body: { events } })).body.accepted).toBe(2);
    const before = (await rt.api('GET', `/v1/accounts/${id}/score`)).body.current;
    expect(before.stale).toBe(true);
    expect(before.stale_reasons).toContain('newer input arrived since it was computed');
    const handled = await runDueWork([rescoreSweep(rt.ctx.rescorers)], rt.db, clock, silent);
    expect(handled.rescore).toBe(1);
    const after = (await rt.api('GET', `/v1/accounts/${id}/score`)).body.current;
    expect(after.stale).toBe(false);
    expect(after.score).toBeLessThan(before.score);
    expect(after.reason_codes.map((r: { code: string }) => r.code)).toContain('data_export');
    expect(after.as_of).toBe(at);
  });

  it('hears a CSM note at the re-score that follows it: the customer said they will cancel', async () => {
    // the best account without a cancellation reason yet
    const { id, score } = (await rt.db.query<{ id: string; score: number }>(
      `SELECT account_id AS id, score FROM v_current_scores WHERE NOT reason_codes @> '[{"code": "cancellation_intent"}]' ORDER BY score DESC, account_id LIMIT 1`,
    )).rows[0]!;
    clock.advance(60_000);
    const note = { kind: 'note.logged', account_id: id, occurred_at: clock.now().toISOString(), payload: { text: 'They are going to cancel their subscription at the end of the month.', lang: 'en' } };
    expect((await rt.api('POST', '/v1/events', { body: { events: [note] } })).body.accepted).toBe(1);
    expect((await runDueWork([rescoreSweep(rt.ctx.rescorers)], rt.db, clock, silent)).rescore).toBe(1);
    const heard = (await rt.db.query<{ cancellation_intent: boolean }>("SELECT cancellation_intent FROM text_analyses WHERE source = 'note' AND account_id = $1", [id])).rows;
    expect(heard.some((h) => h.cancellation_intent)).toBe(true);
    const after = (await rt.api('GET', `/v1/accounts/${id}/score`)).body.current;
    expect(after.score).toBeLessThan(score);
    expect(after.reason_codes.map((r: { code: string }) => r.code)).toContain('cancellation_intent');
  });

  it('fills in the history backwards, a day per transaction, from what was known each day', async () => {
    const earliest = async () => (await rt.db.query<{ at: Date }>('SELECT min(as_of) AS at FROM scores')).rows[0]!.at;
    const before = await earliest();
    expect((await runDueWork([historyBackfill(clock, { maxDaysPerTick: 2 })], rt.db, clock, silent))['score-history']).toBe(2);
    const day = Math.floor(before.getTime() / 86_400_000) * 86_400_000;
    expect((await earliest()).getTime()).toBe(day - 86_400_000);
    const past = (await rt.db.query<{ n: number; kinds: string[] }>("SELECT count(*)::int AS n, array_agg(DISTINCT kind) AS kinds FROM scores WHERE as_of < $1", [before])).rows[0]!;
    expect(past.kinds).toEqual(['backfill']);
    expect(past.n).toBeGreaterThan(400);
    // the current score stays the newest one
    expect((await rt.db.query('SELECT 1 FROM current_scores WHERE as_of < $1', [before])).rowCount).toBe(0);
    await everyRowRecomputes();
  });

  it('writes a row only when the score changed, and a snapshot for everyone nightly', async () => {
    const count = async () => (await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM scores')).rows[0]!.n;
    const n0 = await count();
    // the same inputs at the same time: nothing moved
    const again = await withTransaction(rt.db, (tx) => scoreAccounts(tx, clock, { accountIds: null }));
    expect(again.written).toBe(0);
    expect(await count()).toBe(n0);
    const daily = await withTransaction(rt.db, (tx) => scoreAccounts(tx, clock, { accountIds: null, kind: 'daily' }));
    expect(daily.written).toBe(again.accounts);
    expect(await count()).toBe(n0 + again.accounts);
    // a snapshot of a score that did not move repeats its row (components, reasons, version), and is the current one
    const pairs = (
      await rt.db.query<{ same: boolean; current: boolean }>(
        `SELECT (d.score, d.zone, d.components, d.reason_codes, d.config_version) = (p.score, p.zone, p.components, p.reason_codes, p.config_version) AS same,
                c.score_id = d.id AS current
         FROM scores d JOIN current_scores c ON c.account_id = d.account_id
         JOIN LATERAL (SELECT * FROM scores p WHERE p.account_id = d.account_id AND p.id <> d.id AND p.as_of <= d.as_of AND p.kind <> 'backfill' ORDER BY p.as_of DESC, p.id DESC LIMIT 1) p ON true
         WHERE d.kind = 'daily'`,
      )
    ).rows;
    expect(pairs).toHaveLength(again.accounts);
    expect(pairs.filter((r) => !r.same || !r.current)).toEqual([]);
  });

  it('stores, recomputing every account, what each account scored on its own would store', async () => {
    // three days on, windows have moved and some scores with them; rolled back afterwards
    const asOf = new Date(clock.now().getTime() + 3 * 86_400_000);
    const rollBack = new Error('roll back');
    await withTransaction(rt.db, async (tx) => {
      const run = await scoreAccounts(tx, clock, { accountIds: null, asOf });
      expect(run.written).toBeGreaterThan(0);
      const rows = (await tx.query('SELECT account_id, score, zone, components, reason_codes FROM scores WHERE as_of = $1 ORDER BY account_id', [asOf])).rows;
      expect(rows).toHaveLength(run.written);
      const alone = await computeAt(tx, rows.map((r) => r.account_id as string), asOf, await currentConfig(tx, clock));
      expect(rows).toEqual(alone.map((s) => ({ account_id: s.account_id, score: s.result.score, zone: s.result.zone.name, components: s.result.components, reason_codes: s.result.reason_codes })));
      throw rollBack;
    }).catch((e: unknown) => {
      if (e !== rollBack) throw e;
    });
  });
});
