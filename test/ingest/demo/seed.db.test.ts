import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../db/clock';
import { generateDemo } from '../../../ingest/demo/generate';
import { DEFAULT_PARAMETERS } from '../../../ingest/demo/parameters';
import { seedDemo } from '../../../ingest/demo/seed';
import { testRuntime, type TestRuntime } from '../../support/runtime';

// Seeding stores the generated company through the real paths, whole, once.
const clock = fixedClock('2026-11-25T09:30:00Z');
const SEED = 7;
let rt: TestRuntime;

beforeAll(async () => {
  rt = await testRuntime({ clock });
}, 120_000);
afterAll(() => rt?.close());

describe('seeding the demo company', () => {
  it('abandoned between two batches of events (Ctrl-C during a first start), stores nothing, and the next seed is whole', async () => {
    let batches = 0;
    const stop = () => {
      if (++batches === 3) throw new Error('Start-up was interrupted');
    };
    await expect(seedDemo(rt.db, clock, { seed: SEED, checkpoint: stop })).rejects.toThrow('Start-up was interrupted');
    expect(batches).toBe(3);
    const left = (await rt.db.query<{ n: number }>(`SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM events) + (SELECT count(*) FROM demo_company) AS n`)).rows[0]!;
    expect(Number(left.n)).toBe(0);
  }, 120_000);

  it('stores everything the generator made, in one go, and says what it stored', async () => {
    const res = await rt.api('POST', '/v1/demo/seed', { body: { seed: SEED } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    let n = 0;
    const generated = generateDemo({ params: DEFAULT_PARAMETERS, seed: SEED, asOf: clock.now(), makeId: (p) => `${p}_${++n}` });
    expect(res.body).toMatchObject({ seed: SEED, accounts: 280, contacts: generated.contacts.length, events: generated.events.length, conversations: generated.conversations.length });
    const counts = (await rt.db.query<{ kind: string; n: number }>('SELECT kind, count(*)::int AS n FROM events GROUP BY kind')).rows;
    const expected: Record<string, number> = {};
    for (const e of generated.events) expected[e.kind] = (expected[e.kind] ?? 0) + 1;
    expect(Object.fromEntries(counts.map((r) => [r.kind, r.n]))).toEqual(expected);
  }, 120_000);

  it('lists the 280 accounts through the API, churned ones included', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await rt.api('GET', `/v1/accounts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      ids.push(...page.body.data.map((a: { id: string }) => a.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(280);
    const churned = await rt.api('GET', '/v1/accounts?status=churned&limit=200');
    expect(churned.body.data.length).toBeGreaterThanOrEqual(45);
  });

  it('stamps the history as received when it happened, and every account for rescoring', async () => {
    const { rows } = await rt.db.query<{ later: number; marked: number }>(
      `SELECT (SELECT count(*) FROM events WHERE received_at <> occurred_at OR source <> 'demo')::int AS later,
              (SELECT count(*) FROM rescore_due)::int AS marked`,
    );
    expect(rows[0]).toEqual({ later: 0, marked: 280 });
  });

  it('quotes every churn reason from a customer turn, and names the reason in an event too', async () => {
    const { rows } = await rt.db.query<{ verbatim: string; quoted: string; role: string }>(
      `SELECT r.verbatim, substr(t.text, r.span_start + 1, r.span_end - r.span_start) AS quoted, t.role
       FROM churn_reasons r JOIN turns t ON t.id = r.turn_id`,
    );
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r).toMatchObject({ role: 'customer', quoted: r.verbatim });
    const events = await rt.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE kind = 'churn_reason.captured'`);
    expect(events.rows[0]!.n).toBe(rows.length);
    const calls = await rt.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events e JOIN conversations c ON c.id = e.payload->>'conversation_id' WHERE e.kind = 'call.completed'`,
    );
    expect(calls.rows[0]!.n).toBe((await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM conversations')).rows[0]!.n);
  });

  it('describes the stored company: its parameters beside the figures it realised', async () => {
    const d = await rt.api('GET', '/v1/demo');
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ seed: SEED, parameters: { accounts: 280, churn_rate: 0.19 }, history: { as_of: '2026-11-25T00:00:00.000Z' } });
    const r = d.body.realised;
    expect(r.accounts).toBe(280);
    expect(Math.abs(r.churn_rate - 0.19)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(r.arr_start / 2_600_000 - 1)).toBeLessThanOrEqual(0.05);
    expect(r.voluntary + r.involuntary).toBe(r.churned_in_history);
    expect(Object.keys(r.languages).sort()).toEqual(['en', 'fr', 'ru']);
    expect(r.team_members).toBe(8);
  });

  it('refuses to seed twice, or into a database that has accounts, and changes nothing', async () => {
    const before = (await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
    const again = await rt.api('POST', '/v1/demo/seed', { body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('only into an empty database');
    await expect(seedDemo(rt.db, clock, { seed: 1 })).rejects.toThrow(/empty database/);
    expect((await rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n).toBe(before);
  });
});
