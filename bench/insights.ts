// Insights at scale (issue 17): the reasons rollup with each single filter, the save list, and the
// overview page rendered on the server, on a PostgreSQL database with 100,000 accounts and 300,000
// churn reasons over a year (plus a score and a prediction per account, 2,000 live escalations and
// 5,000 alerts of the last week). Prints p50/p95 per query and the EXPLAIN of the rollup and the save list.
// Usage: npx tsx bench/insights.ts [--accounts N] [--reasons N] [--runs N] [--keep] [--reuse]   (BENCH_PG_URL)
// --keep leaves the database behind; --reuse times a database a --keep run left (migrated to the
// current schema, its maintained rollups refreshed), instead of loading one again.
import pg from 'pg';
import { fixedClock } from '../db/clock';
import type { Database } from '../db/database';
import { withTransaction } from '../db/transaction';
import type { ReasonFilter } from '../insights/filters';
import { layout } from '../insights/pages/html';
import { overviewPage } from '../insights/pages/overview';
import { periodOf } from '../insights/filters';
import { reasonRollup, rollupStatements } from '../insights/rollups';
import { refreshInsights } from '../insights/refresh';
import { saveList, saveListStatement } from '../insights/save-list';
import { currentConfig } from '../scoring/config';
import type { AppContext } from '../server/context';
import { flag } from './lib/args';
import { connect } from '../db/database';
import { migrate } from '../db/migrate';
import { admin, freshDatabase, PG_URL } from './lib/postgres';

const ACCOUNTS = flag('accounts', 100_000);
const REASONS = flag('reasons', 300_000);
const RUNS = flag('runs', 40);
const DB = 'tenure_bench_insights';
const NOW = new Date('2026-11-25T12:00:00Z');
const out = (s = '') => process.stdout.write(`${s}\n`);
const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

const CATEGORIES = ['price', 'budget', 'competitor', 'missing_feature', 'product_quality', 'support_experience', 'value_not_realized', 'onboarding', 'no_longer_needed', 'business_change', 'forgot', 'payment_failure', 'relationship', 'other'];

async function load(db: Database) {
  const clock = fixedClock(NOW);
  await withTransaction(db, (tx) => currentConfig(tx, clock));
  await db.query(`INSERT INTO team_members (id, name, email, kind, created_at) SELECT 'tm_' || i, 'Owner ' || i, 'o' || i || '@example.com', 'csm', $1 FROM generate_series(1, 20) i`, [NOW]);
  await db.query(
    `INSERT INTO accounts (id, external_id, name, status, plan, seats, mrr_minor, currency, owner_id, country, churned_at, created_at, updated_at)
     SELECT 'acc_' || a, 'x' || a, 'Account ' || a, CASE WHEN a % 7 = 0 THEN 'churned' ELSE 'active' END,
            (ARRAY['starter', 'team', 'business', 'enterprise'])[1 + a % 4], 5 + a % 50, 2000 + (a * 7919) % 200000, 'EUR', 'tm_' || (1 + a % 20),
            (ARRAY['FR', 'GB', 'DE', 'RU', 'US'])[1 + a % 5], CASE WHEN a % 7 = 0 THEN $1::timestamptz - make_interval(days => a % 365) END, $1, $1
     FROM generate_series(1, $2::int) a`,
    [NOW, ACCOUNTS],
  );
  // a conversation per account, in its language and channel
  await db.query(
    `INSERT INTO conversations (id, account_id, channel, play, direction, handled_by, lang, status, started_at, source, created_at)
     SELECT 'conv_' || a, 'acc_' || a, (ARRAY['voice', 'sms', 'text'])[1 + a % 3], 'health_check', 'outbound', 'agent', (ARRAY['en', 'fr', 'ru'])[1 + a % 3], 'completed',
            $1::timestamptz - make_interval(days => a % 365), 'api', $1
     FROM generate_series(1, $2::int) a`,
    [NOW, ACCOUNTS],
  );
  // reasons: skewed categories, three details each, a competitor or a feature where it fits; two in three heard in a conversation
  await db.query(
    `INSERT INTO churn_reasons (id, account_id, conversation_id, category, detail, verbatim, competitor, feature, voluntary, sentiment, confidence, source, captured_at, created_at)
     SELECT 'cr_' || r, 'acc_' || acc, CASE WHEN r % 3 <> 0 THEN 'conv_' || acc END, cat, cat || ' detail ' || (r % 3),
            'The customer said something about ' || cat || ', "quoted", with a comma', CASE WHEN cat = 'competitor' THEN 'Rival ' || (r % 8) END,
            CASE WHEN cat = 'missing_feature' THEN 'feature ' || (r % 20) END, cat <> 'payment_failure', 'negative', 0.8, 'api',
            $1::timestamptz - make_interval(secs => (r * 104729) % (365 * 86400)), $1
     FROM generate_series(1::bigint, $2::bigint) r
     CROSS JOIN LATERAL (SELECT 1 + (r * 48271) % $3::int AS acc, (ARRAY[${CATEGORIES.map((c) => `'${c}'`).join(', ')}])[1 + floor(14 * power(((r * 16807) % 1000) / 1000.0, 1.6))::int] AS cat) x`,
    [NOW, REASONS, ACCOUNTS],
  );
  // one score per account (zones of the default preset) and its current row; one prediction each
  await db.query(
    `INSERT INTO scores (account_id, as_of, score, zone, at_risk, escalate, based_on, components_total, components, reason_codes, config_version, kind, computed_at)
     SELECT 'acc_' || a, $1, s, CASE WHEN s >= 80 THEN 'green' WHEN s >= 60 THEN 'yellow' WHEN s >= 40 THEN 'orange' ELSE 'red' END, s < 60, s < 40, 5, 5, '{}'::jsonb,
            '[{"code":"usage_level","family":"disengagement","points":12,"text":"few seats active"},{"code":"ticket_volume","family":"unresolved_technical","points":6,"text":"tickets up"}]'::jsonb, 1, 'daily', $1
     FROM generate_series(1, $2::int) a CROSS JOIN LATERAL (SELECT (a * 37) % 101 AS s) x`,
    [NOW, ACCOUNTS],
  );
  await db.query(
    `INSERT INTO current_scores (account_id, score_id, score, zone, as_of, checked_at, config_version, fingerprint)
     SELECT account_id, id, score, zone, as_of, as_of, 1, 'f' FROM scores`,
  );
  await db.query(
    `INSERT INTO predictions (account_id, as_of, probability, model_version, prior, reason_codes, computed_at)
     SELECT 'acc_' || a, $1, ((a * 7919) % 1000) / 1000.0, NULL, true, '[{"code":"score","text":"the health score is low","effect":0.4}]'::jsonb, $1
     FROM generate_series(1, $2::int) a`,
    [new Date(NOW.getTime() - 12 * 3_600_000), ACCOUNTS],
  );
  // 2,000 live escalations with their steps; 5,000 zone alerts in the last week
  await db.query(
    `INSERT INTO escalations (id, account_id, trigger, score_id, score, zone, state, opened_at)
     SELECT 'esc_' || a, 'acc_' || a, 'zone', 1, 20, 'red', 'open', $1 FROM generate_series(1, $2::int * 50, 50) a WHERE a <= $3`,
    [NOW, 2000, ACCOUNTS],
  );
  await db.query(
    `INSERT INTO escalation_steps (escalation_id, step, position, due_at, state)
     SELECT e.id, s.step, s.pos, e.opened_at + make_interval(hours => 24 * s.pos), 'pending' FROM escalations e
     CROSS JOIN (VALUES ('assign', 1), ('root_cause_call', 2), ('mitigation_plan', 3)) s (step, pos)`,
  );
  await db.query(
    `INSERT INTO alerts (account_id, day, kinds, score_id, as_of, score, zone, previous_score, previous_zone, drop_points, signals, created_at)
     SELECT 'acc_' || a, ($1::timestamptz - make_interval(hours => a % 160))::date, ARRAY['zone'], 1, $1::timestamptz - make_interval(hours => a % 160), 45, 'orange', 65, 'yellow', 20, '[]'::jsonb, $1
     FROM generate_series(1, $2::int * 20, 20) a WHERE a <= $3`,
    [NOW, 5000, ACCOUNTS],
  );
  await db.query('ANALYZE');
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(); // warm: plans and caches
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: t[Math.floor(runs / 2)]!, p95: t[Math.min(runs - 1, Math.ceil(runs * 0.95) - 1)]! };
}

/** The database a `--keep` run left, migrated to the current schema; null when there is none. */
async function kept(): Promise<Database | null> {
  const c = new pg.Client({ connectionString: `${PG_URL}/postgres` });
  await c.connect();
  const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB]).finally(() => c.end());
  if (!rowCount) return null;
  const db = connect(`${PG_URL}/${DB}`, 'postgres', 4, async () => {});
  await migrate(db);
  return db;
}

async function main() {
  const reused = process.argv.includes('--reuse') ? await kept() : null;
  const db = reused ?? (await freshDatabase(DB));
  try {
    const t0 = performance.now();
    if (reused) out('  reusing the database a --keep run left');
    else {
      await load(db);
      out(`  ${fmt(ACCOUNTS, 0)} accounts, ${fmt(REASONS, 0)} churn reasons over a year loaded in ${fmt((performance.now() - t0) / 1000)} s`);
    }
    const clock = fixedClock(NOW);
    // the maintained rollups: built once from nothing, then a refresh with nothing new (the minute's due work)
    let t = performance.now();
    await refreshInsights(db, NOW, 0.6);
    const built = performance.now() - t;
    t = performance.now();
    await refreshInsights(db, NOW, 0.6);
    out(`  ${reused ? 'first refresh of the kept database' : 'maintained rollups built'} in ${fmt(built / 1000, 2)} s; a refresh with nothing new takes ${fmt((performance.now() - t) / 1000, 2)} s`);
    await db.query('ANALYZE');
    const base: ReasonFilter = { since: '90d' };
    const filters: [string, ReasonFilter][] = [
      ['no filter', base],
      ['plan', { ...base, plan: 'business' }],
      ['segment', { ...base, segment: 'FR' }],
      ['owner', { ...base, owner: 'tm_3' }],
      ['channel', { ...base, channel: 'voice' }],
      ['voluntary', { ...base, voluntary: false }],
      ['language', { ...base, lang: 'fr' }],
      ['category', { ...base, category: 'competitor' }],
      ['period 365d', { since: '365d' }],
    ];
    out('  | query | p50 ms | p95 ms |');
    out('  | --- | ---: | ---: |');
    for (const [name, f] of filters) {
      const r = await time(RUNS, () => reasonRollup(db, clock, f));
      out(`  | reasons rollup, ${name} | ${fmt(r.p50)} | ${fmt(r.p95)} |`);
    }
    const s = await time(RUNS, () => saveList(db, { threshold: 0.6, limit: 50 }));
    out(`  | save list, top 50 | ${fmt(s.p50)} | ${fmt(s.p95)} |`);
    const ctx = { db, clock, config: { TENURE_LIKELY_CHURN: 0.6 } } as unknown as AppContext;
    const o = await time(RUNS, async () => layout({ title: 'Overview', clock, body: await overviewPage(ctx) }));
    out(`  | overview page, rendered on the server | ${fmt(o.p50)} | ${fmt(o.p95)} |`);
    // the plans, as PostgreSQL ran them
    const explain = async (title: string, st: { text: string; values: unknown[] }, settings?: string) => {
      // in a transaction with the settings the statement runs with
      const { rows } = await withTransaction(db, async (tx) => {
        if (settings) await tx.query(settings);
        return tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${st.text}`, st.values);
      });
      out(`\n  EXPLAIN: ${title}`);
      for (const r of rows) out(`    ${r['QUERY PLAN']}`);
    };
    // the rollup's two statements: the figures, then the verbatims of the details it shows
    const explainRollup = async (title: string, f: ReasonFilter) => {
      const st = rollupStatements(f, periodOf(f, clock));
      await explain(`reasons rollup, ${title}: figures`, st.figures, st.figures.settings);
      const shown = (await reasonRollup(db, clock, f)).rows.filter((r) => r.level === 'detail' && r.accounts > 0).map((r) => ({ category: r.category, detail: r.detail! }));
      await explain(`reasons rollup, ${title}: verbatims`, st.verbatims(shown), st.verbatims(shown).settings);
    };
    await explainRollup('plan filter, 90 days', { ...base, plan: 'business' });
    await explainRollup('no filter, 90 days', base);
    await explainRollup('channel and language (two per-reason filters: grouped by account), 90 days', { ...base, channel: 'voice', lang: 'en' });
    await explain('save list, top 50', saveListStatement({ threshold: 0.6, limit: 50 }));
  } finally {
    await db.close();
    if (!process.argv.includes('--keep')) await admin(`DROP DATABASE IF EXISTS ${DB}`);
  }
}

await main();
