import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordConversations } from '../../agent/conversations/record';
import type { fixedClock } from '../../db/clock';
import { runDueWork } from '../../db/due-work';
import { withTransaction } from '../../db/transaction';
import { insightsRefresh } from '../../insights/refresh';
import { createKey } from '../../server/keys';
import type { TestRuntime } from '../support/runtime';
import { expectedByCategory, insightsCompany, TRICKY_PHONE, TRICKY_VERBATIM } from './fixture';

// The insights exports: the reasons rollup, the rows behind it, the save list and recovery, as JSON
// and CSV, checked against figures computed here from the stored rows.

let rt: TestRuntime;
let trickyAccount: string;
let clock: ReturnType<typeof fixedClock>;
const keys: Record<string, string> = {};

beforeAll(async () => {
  ({ rt, trickyAccount, clock } = await insightsCompany());
  for (const role of ['csm', 'product', 'finance'] as const) keys[role] = (await createKey(rt.db, rt.ctx.clock, { name: role, role })).key;
}, 120_000);
afterAll(() => rt?.close());

const csv = async (url: string, key?: string) => {
  const res = await rt.app!.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key ?? 'test-admin-key-0123456789'}` } });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv/);
  return parse(res.body, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
};

describe('GET /v1/insights/reasons', () => {
  it('counts each account once per category, with its MRR, as the stored reasons say', async () => {
    const r = (await rt.api('GET', '/v1/insights/reasons?since=90d')).body;
    expect(r.rows.length).toBeGreaterThan(0);
    const expected = await expectedByCategory(rt, new Date(r.period.from), new Date(r.period.until));
    const categories = r.rows.filter((x: { level: string; accounts: number }) => x.level === 'category' && x.accounts > 0);
    expect(new Set(categories.map((c: { category: string }) => c.category))).toEqual(new Set(expected.keys()));
    for (const c of categories) {
      const e = expected.get(c.category)!;
      expect(c.accounts).toBe(e.accounts.size);
      expect(c.mrr_lost_minor + c.mrr_at_risk_minor).toBe(e.mrr);
    }
    const all = new Set([...expected.values()].flatMap((e) => [...e.accounts]));
    expect(r.total.accounts).toBe(all.size);
    // details add up to their category's reasons
    for (const c of categories) {
      const details = r.rows.filter((x: { level: string; category: string }) => x.level === 'detail' && x.category === c.category);
      expect(details.reduce((s: number, d: { reasons: number }) => s + d.reasons, 0)).toBe(c.reasons);
    }
  });

  it('names the competitor and links the verbatim to its conversation', async () => {
    const r = (await rt.api('GET', '/v1/insights/reasons?since=30d&category=competitor')).body;
    expect(r.competitors.map((c: { name: string }) => c.name)).toContain('Acme');
    const row = r.rows.find((x: { detail: string | null }) => x.detail === 'cheaper alternative');
    expect(row.verbatims[0]).toMatchObject({ verbatim: TRICKY_VERBATIM, conversation_id: 'conv_insights_tricky', account_id: trickyAccount });
  });

  it('filters: one plan, voluntary only, by channel; the previous period is the one just before', async () => {
    const all = (await rt.api('GET', '/v1/insights/reasons?since=180d')).body;
    const voluntary = (await rt.api('GET', '/v1/insights/reasons?since=180d&voluntary=true')).body;
    const involuntary = (await rt.api('GET', '/v1/insights/reasons?since=180d&voluntary=false')).body;
    const sum = (x: { rows: { level: string; reasons: number }[] }) => x.rows.filter((r) => r.level === 'category').reduce((s, r) => s + r.reasons, 0);
    expect(sum(voluntary) + sum(involuntary)).toBe(sum(all));
    const voice = (await rt.api('GET', '/v1/insights/reasons?since=180d&channel=voice')).body;
    const none = (await rt.api('GET', '/v1/insights/reasons?since=180d&channel=none')).body;
    expect(sum(voice)).toBeGreaterThan(0);
    expect(sum(voice) + sum(none)).toBeLessThanOrEqual(sum(all));
    const plan = (await rt.db.query<{ plan: string }>('SELECT plan FROM accounts WHERE plan IS NOT NULL GROUP BY plan ORDER BY count(*) DESC LIMIT 1')).rows[0]!.plan;
    const onPlan = (await rt.api('GET', `/v1/insights/reasons?since=180d&plan=${plan}`)).body;
    const { rows } = await rt.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM churn_reasons r JOIN accounts a ON a.id = r.account_id WHERE a.plan = $1 AND r.captured_at >= $2 AND r.captured_at <= $3`,
      [plan, onPlan.period.from, onPlan.period.until],
    );
    expect(onPlan.total.reasons).toBe(rows[0]!.n);
    expect(new Date(all.period.previous_from).getTime()).toBe(new Date(all.period.from).getTime() - 180 * 86_400_000);
  });

  it('CSV: a header and a line per row, with the same totals, and the verbatim whole', async () => {
    const json = (await rt.api('GET', '/v1/insights/reasons?since=30d&category=competitor')).body;
    const lines = await csv('/v1/insights/reasons?since=30d&category=competitor&format=csv');
    expect(lines.length).toBe(json.rows.length);
    expect(lines.reduce((s, l) => s + (l.level === 'category' ? Number(l.accounts) : 0), 0)).toBe(json.total.accounts);
    expect(lines.find((l) => l.detail === 'cheaper alternative')!.verbatim).toBe(TRICKY_VERBATIM);
    const rows = await csv('/v1/insights/reasons/rows?since=30d&category=competitor&detail=cheaper%20alternative&format=csv');
    expect(rows.some((r) => r.verbatim === TRICKY_VERBATIM && r.conversation_id === 'conv_insights_tricky')).toBe(true);
  });

  it('right after seeding, the reasons CSV of the default period has a header and at least one row', async () => {
    const lines = await csv('/v1/insights/reasons?format=csv');
    expect(lines.length).toBeGreaterThan(0);
    expect(Object.keys(lines[0]!)).toEqual(expect.arrayContaining(['category', 'detail', 'accounts', 'mrr_lost_minor', 'mrr_at_risk_minor', 'share', 'trend', 'verbatim']));
  });

  it('product sees the verbatims with the phone number and email redacted; csm sees them whole', async () => {
    const product = (await rt.api('GET', '/v1/insights/reasons/rows?since=30d&category=competitor', { key: keys.product })).body.data;
    const tricky = product.find((r: { conversation_id: string }) => r.conversation_id === 'conv_insights_tricky');
    expect(tricky.verbatim).not.toContain(TRICKY_PHONE);
    expect(tricky.verbatim).not.toContain('jo@example.com');
    expect(tricky.verbatim).toContain('[PHONE_1]');
    const csm = (await rt.api('GET', '/v1/insights/reasons/rows?since=30d&category=competitor', { key: keys.csm })).body.data;
    expect(csm.find((r: { conversation_id: string }) => r.conversation_id === 'conv_insights_tricky').verbatim).toBe(TRICKY_VERBATIM);
  });
});

describe('GET /v1/insights/save-list', () => {
  it('holds exactly the active accounts at risk or likely to churn, ranked by MRR × probability', async () => {
    const list = (await rt.api('GET', '/v1/insights/save-list?limit=500')).body.data;
    const { rows } = await rt.db.query<{ account_id: string; mrr: string; p: number | null }>(
      `SELECT s.account_id, coalesce(a.mrr_minor, 0) AS mrr, p.probability AS p
       FROM current_scores s JOIN score_config_versions c ON c.version = s.config_version JOIN accounts a ON a.id = s.account_id
       LEFT JOIN LATERAL (SELECT probability FROM predictions WHERE account_id = s.account_id ORDER BY as_of DESC, id DESC LIMIT 1) p ON true
       WHERE a.status = 'active'
         AND (EXISTS (SELECT 1 FROM jsonb_array_elements(c.zones) z WHERE z->>'name' = s.zone AND (z->>'at_risk')::boolean) OR p.probability >= 0.6)`,
    );
    expect(list.length).toBeGreaterThan(0);
    expect(new Set(list.map((i: { account_id: string }) => i.account_id))).toEqual(new Set(rows.map((r) => r.account_id)));
    const values = list.map((i: { value_at_risk_minor: number }) => i.value_at_risk_minor);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(list.map((i: { rank: number }) => i.rank)).toEqual(list.map((_: unknown, k: number) => k + 1));
    for (const i of list) {
      expect(i.reason_codes.length + (i.suggested_action ? 1 : 0)).toBeGreaterThan(0);
      const r = rows.find((x) => x.account_id === i.account_id)!;
      expect(i.value_at_risk_minor).toBe(Math.round(Number(r.mrr) * (r.p ?? 0)));
    }
    const withEscalation = list.find((i: { escalation_id: string | null }) => i.escalation_id);
    if (withEscalation) expect(withEscalation.deadlines.length).toBeGreaterThan(0);
  });

  it('pages by rank and exports the same rows as CSV; finance may not read it', async () => {
    const first = (await rt.api('GET', '/v1/insights/save-list?limit=3')).body;
    const next = (await rt.api('GET', `/v1/insights/save-list?limit=3&cursor=${first.next_cursor}`)).body;
    expect(next.data[0].rank).toBe(4);
    const lines = await csv('/v1/insights/save-list?limit=500&format=csv', keys.csm);
    const all = (await rt.api('GET', '/v1/insights/save-list?limit=500')).body.data;
    expect(lines.map((l) => l.account_id)).toEqual(all.map((i: { account_id: string }) => i.account_id));
    expect(lines.reduce((s, l) => s + Number(l.value_at_risk_minor), 0)).toBe(all.reduce((s: number, i: { value_at_risk_minor: number }) => s + i.value_at_risk_minor, 0));
    expect((await rt.api('GET', '/v1/insights/save-list', { key: keys.finance })).status).toBe(403);
  });
});

describe('GET /v1/insights/recovery', () => {
  it("counts the period's dunning cases by reason class as the cases say; finance may read it", async () => {
    const r = (await rt.api('GET', '/v1/insights/recovery?since=90d', { key: keys.finance })).body;
    const { rows } = await rt.db.query<{ reason_class: string; n: number; recovered: number; amount: string }>(
      `SELECT reason_class, count(*)::int AS n, count(*) FILTER (WHERE state = 'recovered')::int AS recovered, sum(amount_due) AS amount
       FROM dunning_cases WHERE opened_at >= $1 AND opened_at <= $2 GROUP BY reason_class`,
      [r.period.from, r.period.until],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(r.by_reason.map((g: { reason_class: string; cases: number; recovered_cases: number; amount_due_minor: number }) => [g.reason_class, g.cases, g.recovered_cases, g.amount_due_minor]).sort()).toEqual(
      rows.map((x) => [x.reason_class, x.n, x.recovered, Number(x.amount)]).sort(),
    );
    expect(r.total.cases).toBe(rows.reduce((s, x) => s + x.n, 0));
    const lines = await csv('/v1/insights/recovery?since=90d&format=csv', keys.finance);
    expect(lines.filter((l) => l.strategy === '').reduce((s, l) => s + Number(l.cases), 0)).toBe(r.total.cases);
    expect((await rt.api('GET', '/v1/insights/recovery', { key: keys.product })).status).toBe(403);
  });
});

it('a reason captured after the rollups were built counts within a minute (the due work, or a read finding them stale)', async () => {
  const at = clock.now();
  const text = 'Onboarding never really happened for us';
  await withTransaction(rt.db, (tx) =>
    recordConversations(tx, clock, [
      {
        id: 'conv_insights_late', account_id: trickyAccount, channel: 'sms', direction: 'outbound', handled_by: 'agent', lang: 'en', status: 'completed', started_at: at, source: 'api',
        turns: [{ id: 'turn_insights_late', role: 'customer', text, at }],
        reasons: [{ reason: { category: 'onboarding', detail: 'late insights test', verbatim: text, voluntary: true, sentiment: 'negative', confidence: 0.8, conversation_id: 'conv_insights_late', turn_id: 'turn_insights_late', span: [0, text.length], source: 'conversation' }, captured_at: at }],
      },
    ]),
  );
  const late = (r: { rows: { detail: string | null }[] }) => r.rows.some((x) => x.detail === 'late insights test');
  // the rollups were refreshed at this same instant: not yet there
  expect(late((await rt.api('GET', '/v1/insights/reasons?since=7d')).body)).toBe(false);
  clock.advance(31_000);
  const handled = await runDueWork([insightsRefresh(() => 0.6)], rt.db, clock, { info: () => {}, warn: () => {}, error: () => {} } as never);
  expect(handled.insights).toBe(1);
  expect(late((await rt.api('GET', '/v1/insights/reasons?since=7d')).body)).toBe(true);
});

it('the exports are in /docs', async () => {
  const res = await rt.app!.inject({ method: 'GET', url: '/docs/json' });
  const paths = Object.keys(JSON.parse(res.body).paths);
  expect(paths).toEqual(expect.arrayContaining(['/v1/insights/reasons', '/v1/insights/reasons/rows', '/v1/insights/save-list', '/v1/insights/recovery']));
  expect(paths.some((p) => p === '/' || p === '/reasons' || p === '/login')).toBe(false);
});
