import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import type { Database } from '../../db/database';
import { periodOf, type ReasonFilter } from '../../insights/filters';
import { refreshInsights } from '../../insights/refresh';
import { reasonRollup, type ReasonRollup } from '../../insights/rollups';
import { testDatabase } from '../support/database';

// The reasons rollup counts each account once per row from the maintained facts' links (an account's
// first reason of the period in the row). Here accounts have many reasons in the same rows, on both
// sides of the period's edges, in several channels and languages, some at the very same instant; the
// figures are checked for each filter against counts computed in the test from the stored reasons,
// then again after a late reason older than the ones already counted, a corrected reason and an
// account that changed plan.

const NOW = '2026-11-25T12:00:00Z';
const DAY = 86_400_000;
const clock = fixedClock(NOW);
let db: Database;

// a small deterministic generator, so a failure is the same on every run
let seed = 17;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), Math.floor(seed / 65536) % n);

const CATEGORIES = { price: ['too expensive', 'seat pricing'], competitor: ['cheaper alternative', 'better fit'], payment_failure: ['card declined', 'expired card'] } as const;

beforeAll(async () => {
  db = await testDatabase();
  const now = new Date(NOW);
  for (let a = 0; a < 24; a++) {
    await db.query(
      `INSERT INTO accounts (id, external_id, name, status, plan, mrr_minor, currency, country, attributes, created_at, updated_at)
       VALUES ($1, $1, $1, $2, $3, $4, 'EUR', $5, $6, $7, $7)`,
      [`acc_${a}`, a % 5 === 0 ? 'churned' : 'active', ['team', 'business'][a % 2], 1000 * (a + 1), ['FR', 'DE'][a % 2], a % 3 === 0 ? { segment: 'smb' } : {}, now],
    );
    for (const [i, channel, lang] of [[0, 'voice', 'en'], [1, 'sms', 'fr'], [2, 'voice', 'fr']] as const)
      await db.query(
        `INSERT INTO conversations (id, account_id, channel, play, direction, handled_by, lang, status, started_at, source, created_at)
         VALUES ($1, $2, $3, 'health_check', 'outbound', 'agent', $4, 'completed', $5, 'api', $5)`,
        [`conv_${a}_${i}`, `acc_${a}`, channel, lang, now],
      );
  }
  // 90-day periods: the current one from day -90, the previous from day -180; reasons from day -200
  for (let r = 0; r < 420; r++) await addReason(`cr_${r}`, rand(24), new Date(now.getTime() - rand(200) * DAY - (r % 7 === 0 ? 0 : rand(DAY))));
  await refreshInsights(db, now, 0.6);
}, 120_000);
afterAll(() => db?.close());

async function addReason(id: string, account: number, at: Date) {
  const cats = Object.keys(CATEGORIES) as (keyof typeof CATEGORIES)[];
  const category = cats[rand(cats.length)]!;
  const detail = CATEGORIES[category][rand(2)]!;
  const conv = rand(4);
  await db.query(
    `INSERT INTO churn_reasons (id, account_id, conversation_id, category, detail, verbatim, competitor, voluntary, sentiment, confidence, source, captured_at, created_at)
     VALUES ($1, $2, $3, $4, $5, 'said so', $6, $7, 'negative', 0.8, 'api', $8, $8)`,
    [id, `acc_${account}`, conv < 3 ? `conv_${account}_${conv}` : null, category, detail, category === 'competitor' ? ['Acme', 'Rival'][rand(2)] : null, category !== 'payment_failure' || rand(3) === 0, at],
  );
}

interface Raw {
  account_id: string;
  category: string;
  detail: string;
  competitor: string | null;
  voluntary: boolean;
  channel: string | null;
  lang: string | null;
  captured_at: Date;
  plan: string;
  segment: string;
  mrr: number;
  churned: boolean;
}

/** The rollup's figures for these filters, from the stored reasons, accounts and conversations. */
async function expected(f: ReasonFilter) {
  const p = periodOf(f, clock);
  const { rows } = await db.query<Raw>(
    `SELECT r.account_id, r.category, r.detail, r.competitor, r.voluntary, c.channel, c.lang, r.captured_at, a.plan,
            coalesce(a.attributes->>'segment', a.country) AS segment, a.mrr_minor::int AS mrr, a.status = 'churned' AS churned
     FROM churn_reasons r JOIN accounts a ON a.id = r.account_id LEFT JOIN conversations c ON c.id = r.conversation_id`,
  );
  const pass = (r: Raw) =>
    r.captured_at >= p.previousFrom && r.captured_at <= p.until &&
    (f.plan === undefined || r.plan === f.plan) && (f.segment === undefined || r.segment === f.segment) &&
    (f.channel === undefined || (r.channel ?? 'none') === f.channel) && (f.lang === undefined || r.lang === f.lang) &&
    (f.voluntary === undefined || r.voluntary === f.voluntary) && (f.category === undefined || r.category === f.category) &&
    (f.detail === undefined || r.detail === f.detail) && (f.competitor === undefined || r.competitor === f.competitor);
  const figures = new Map<string, { accounts: Set<string>; previous: Set<string>; reasons: number; lost: number; risk: number; previous_mrr: number }>();
  for (const r of rows.filter(pass)) {
    const cur = r.captured_at >= p.from;
    for (const key of ['total', `${r.category}`, `${r.category}/${r.detail}`]) {
      const e = figures.get(key) ?? { accounts: new Set(), previous: new Set(), reasons: 0, lost: 0, risk: 0, previous_mrr: 0 };
      figures.set(key, e);
      if (cur) e.reasons++;
      const seen = cur ? e.accounts : e.previous;
      if (seen.has(r.account_id)) continue;
      seen.add(r.account_id);
      if (!cur) e.previous_mrr += r.mrr;
      else if (r.churned) e.lost += r.mrr;
      else e.risk += r.mrr;
    }
  }
  return figures;
}

function got(r: ReasonRollup) {
  const out = new Map<string, { accounts: number; previous: number; reasons: number; lost: number; risk: number; previous_mrr: number }>();
  const fig = (x: ReasonRollup['total']) => ({ accounts: x.accounts, previous: x.previous_accounts, reasons: x.reasons, lost: x.mrr_lost_minor, risk: x.mrr_at_risk_minor, previous_mrr: x.previous_mrr_minor });
  out.set('total', fig(r.total));
  for (const row of r.rows) out.set(row.detail === null ? row.category : `${row.category}/${row.detail}`, fig(row));
  return out;
}

const FILTERS: ReasonFilter[] = [
  { since: '90d' },
  { since: '30d' },
  { since: '365d' },
  { since: '90d', plan: 'business' },
  { since: '90d', segment: 'smb' },
  { since: '90d', channel: 'voice' },
  { since: '90d', channel: 'sms' },
  { since: '90d', channel: 'none' },
  { since: '90d', lang: 'fr' },
  { since: '90d', voluntary: false },
  { since: '90d', category: 'price' },
  { since: '90d', category: 'competitor', detail: 'better fit' },
  { since: '90d', detail: 'card declined' },
  { since: '90d', channel: 'voice', lang: 'fr' },
  { since: '90d', plan: 'team', lang: 'en', category: 'price' },
  { since: '90d', competitor: 'Acme' },
];

async function checkAll() {
  for (const f of FILTERS) {
    const want = await expected(f);
    const have = got(await reasonRollup(db, clock, f));
    const rows = [...want.entries()].map(([k, e]) => [k, { accounts: e.accounts.size, previous: e.previous.size, reasons: e.reasons, lost: e.lost, risk: e.risk, previous_mrr: e.previous_mrr }] as const);
    if (!want.has('total')) rows.push(['total', { accounts: 0, previous: 0, reasons: 0, lost: 0, risk: 0, previous_mrr: 0 }]);
    expect(new Map(rows), JSON.stringify(f)).toEqual(have);
  }
}

describe('reasons rollup counts each account once per row', () => {
  it('for every filter, as the stored reasons say (accounts, reasons and MRR, now and in the previous period)', async () => {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM churn_reasons`);
    expect(rows[0]!.n).toBe(420);
    await checkAll();
  });

  it('still after a late reason older than those counted, a corrected reason and an account changing plan', async () => {
    const now = new Date(NOW);
    // reasons arriving now, a day before reasons already counted in the same row (same account,
    // category, detail and conversation): those are no longer the account's first of the period
    await db.query(
      `INSERT INTO churn_reasons (id, account_id, conversation_id, category, detail, verbatim, competitor, voluntary, sentiment, confidence, source, captured_at, created_at)
       SELECT 'late_' || id, account_id, conversation_id, category, detail, verbatim, competitor, voluntary, sentiment, confidence, source, captured_at - interval '1 day', $1
       FROM churn_reasons WHERE captured_at >= $2 ORDER BY id LIMIT 40`,
      [now, new Date(now.getTime() - 80 * DAY)],
    );
    await db.query(`UPDATE churn_reasons SET category = 'price', detail = 'seat pricing', conversation_id = NULL, captured_at = captured_at - interval '20 days' WHERE id IN ('cr_5', 'cr_11', 'cr_12')`);
    await db.query(`UPDATE accounts SET plan = 'business', status = 'churned' WHERE id = 'acc_2'`);
    await refreshInsights(db, new Date(now.getTime() + 60_000), 0.6);
    await checkAll();
  });
});
