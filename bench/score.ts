// Scoring benchmark (issue 8, "Speed"), on PostgreSQL, in one run with the same settings throughout:
//   full recompute   100,000 accounts and 10,000,000 events over the last year: `scoreAccounts` for every
//                    account (measure → signals → score → store), first run (every score is new, 100,000 rows
//                    written), again (nothing changed: no row written) and as the nightly job runs it a day later
//                    (a daily row for every account; unmoved scores copied in the database), against the minimal aggregate a
//                    score needs — one GROUP BY account_id pass counting each event kind per account over the
//                    last 30 and 90 days (perf-floors.md, item 2). Target: ratio ≤ 2.
//   re-score         one new event for one account, then that account re-scored in its own transaction, as the
//                    sweep does (on PostgreSQL with named statements, parsed and planned once per connection:
//                    db/prepared.ts); p50/p99 of the transaction's statement time (each statement timed at the
//                    client over a local socket: an upper bound of the database's own time). Target p99 ≤ 5 ms.
// Both sides run with work_mem = 256MB and JIT off (setBatchSettings: the scoring transaction sets them; the baseline's too).
//   demo backfill    on the embedded database (PGlite behind its socket, as `npm start` runs it): the demo company
//                    seeded (as the first start does), scored, then its whole history scored day by day from
//                    what was known each day, the way `tenure score run --backfill` does it (31 days per
//                    transaction) and the way the demo seed's due work does it (one day per transaction).
//                    Target: ≤ 60 s.
// PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432), a superuser; the benchmark creates
// its own database (tenure_bench_score_<pid>) and drops it at the end.
// Usage: npx tsx bench/score.ts [--accounts N] [--events N] [--runs N] [--rescores N] [--keep] [--db NAME] [--only pg|demo]
//   --db NAME   measure again on a database a --keep run loaded (skips the 4-minute load; kept afterwards)
//   --runs 0    no full recompute: with --db, the re-score part alone at full scale, on the scores the kept run left
import { PGlite } from '@electric-sql/pglite';
import { fixedClock } from '../db/clock';
import { connect, type Database } from '../db/database';
import { runDueWork } from '../db/due-work';
import { serveEmbedded } from '../db/embedded';
import { migrate } from '../db/migrate';
import { withTransaction, type Tx } from '../db/transaction';
import { seedDemo } from '../ingest/demo/seed';
import { rescoreSweep } from '../ingest/rescore';
import { historyBackfill, rescorer } from '../scoring/jobs';
import { alertScoreBatches } from '../scoring/alerts/batches';
import { backfill, DAY_MS, scoreAccounts, setBatchSettings } from '../scoring/run';
import { admin, PG_URL } from './lib/postgres';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const ACCOUNTS = arg('accounts', 100_000);
const EVENTS = arg('events', 10_000_000);
const RUNS = arg('runs', 3);
const RESCORES = arg('rescores', 300);
const NOW = new Date('2026-11-25T00:00:00Z');
const clock = fixedClock(NOW);

const out = (s = '') => process.stdout.write(`${s}\n`);
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)]!;
const range = (a: number[]) => `${fmt(median(a), 2)} s (${fmt(Math.min(...a), 2)}–${fmt(Math.max(...a), 2)})`;

// kind mix of a B2B product's event log, per 1,000 events
const MIX: [string, number, string][] = [
  ['usage.daily', 700, `jsonb_build_object('active_users', 1 + h % 20, 'sessions', 2 + h % 40, 'key_actions', 5 + h % 200, 'features_used', CASE WHEN h % 3 = 0 THEN '["quotes","invoices","crm"]'::jsonb WHEN h % 3 = 1 THEN '["quotes","crm"]'::jsonb ELSE '["crm"]'::jsonb END)`],
  ['login', 60, `'{}'::jsonb`],
  ['feature.used', 40, `jsonb_build_object('feature', 'crm', 'count', 1 + h % 5)`],
  ['ticket.opened', 50, `jsonb_build_object('ticket_id', 't' || i, 'category', 'bug')`],
  ['ticket.resolved', 45, `jsonb_build_object('ticket_id', 't' || (i - 1), 'category', 'bug', 'hours_open', h % 90)`],
  ['ticket.reopened', 5, `jsonb_build_object('ticket_id', 't' || (i - 2))`],
  ['invoice.issued', 40, `jsonb_build_object('invoice_id', 'in' || i, 'amount_due', 10000, 'currency', 'EUR')`],
  ['invoice.paid', 38, `jsonb_build_object('invoice_id', 'in' || (i - 1), 'amount_paid', 10000, 'currency', 'EUR')`],
  ['nps.answered', 8, `jsonb_build_object('score', h % 11)`],
  ['call.completed', 8, `jsonb_build_object('duration_s', 300 + h % 900, 'topic', CASE WHEN h % 2 = 0 THEN 'technical' ELSE 'strategic' END)`],
  ['payment.failed', 3, `jsonb_build_object('invoice_id', 'in' || i, 'amount_due', 10000, 'currency', 'EUR', 'reason_class', 'insufficient_funds')`],
  ['contact.changed', 1, `jsonb_build_object('role', 'main')`],
  ['data_export.requested', 1, `'{}'::jsonb`],
  ['subscription.downgraded', 1, `jsonb_build_object('subscription_id', 's' || i, 'mrr_before', 20000, 'mrr_after', 10000, 'currency', 'EUR')`],
];

async function load(db: Database): Promise<void> {
  await db.query(
    `INSERT INTO accounts (id, external_id, name, status, seats, started_at, created_at, updated_at)
     SELECT 'acc_' || i, 'B-' || i, 'Bench ' || i, 'active', 5 + i % 50, $1::timestamptz - interval '700 days', now(), now() FROM generate_series(1, ${ACCOUNTS}) AS i`,
    [NOW],
  );
  // load without the indexes, then build them: what a bulk load does (perf-floors.md, item 1)
  await db.query('ALTER TABLE events DROP CONSTRAINT events_dedupe_key_key');
  await db.query('DROP INDEX events_account_occurred_idx, events_kind_occurred_idx');
  // the daily rollup too is built once after the load (score_days_rebuild), not statement by statement
  await db.query('ALTER TABLE events DISABLE TRIGGER events_score_days');
  let bound = 0;
  const cases = MIX.map(([kind, share, payload]) => {
    bound += share;
    return { kind, upto: bound, payload };
  });
  const kindCase = `CASE ${cases.map((c) => `WHEN b < ${c.upto} THEN '${c.kind}'`).join(' ')} END`;
  const payloadCase = `CASE ${cases.map((c) => `WHEN b < ${c.upto} THEN ${c.payload}`).join(' ')} END`;
  const CHUNK = 1_000_000;
  for (let from = 1; from <= EVENTS; from += CHUNK) {
    const t0 = performance.now();
    const to = Math.min(EVENTS, from + CHUNK - 1);
    await db.query(
      `INSERT INTO events (kind, schema_version, account_id, occurred_at, received_at, source, dedupe_key, fingerprint, payload)
       SELECT ${kindCase}, 1, 'acc_' || (1 + i % ${ACCOUNTS}), t, t, 'api', 'bench_' || i, 'f', ${payloadCase}
       FROM (SELECT i, h, h % 1000 AS b, $1::timestamptz - (h % 31536000) * interval '1 second' AS t
             FROM (SELECT i, abs(hashint4(i)) AS h FROM generate_series(${from}, ${to}) AS i) x) y`,
      [NOW],
    );
    out(`  loaded ${fmt(to)} events (${fmt((performance.now() - t0) / 1000, 1)} s for this million)`);
  }
  const t0 = performance.now();
  await db.query('ALTER TABLE events ADD CONSTRAINT events_dedupe_key_key UNIQUE (dedupe_key)');
  await db.query('CREATE INDEX events_account_occurred_idx ON events (account_id, occurred_at DESC, id DESC)');
  await db.query('CREATE INDEX events_kind_occurred_idx ON events (kind, occurred_at)');
  out(`  indexes: ${fmt((performance.now() - t0) / 1000, 1)} s`);
  const t1 = performance.now();
  await db.query('ALTER TABLE events ENABLE TRIGGER events_score_days');
  await withTransaction(db, async (tx) => {
    await tx.query("SET LOCAL work_mem = '256MB'");
    await tx.query('SELECT score_days_rebuild()');
  });
  const days = (await db.query<{ n: string }>('SELECT count(*) AS n FROM score_days')).rows[0]!.n;
  out(`  daily rollup (score_days_rebuild): ${fmt(Number(days))} rows in ${fmt((performance.now() - t1) / 1000, 1)} s`);
  const t2 = performance.now();
  await db.query('VACUUM ANALYZE');
  out(`  VACUUM ANALYZE: ${fmt((performance.now() - t2) / 1000, 1)} s`);
}

/**
 * A kept database again as it was loaded: the previous run's re-score events go, and the daily rollups
 * of their accounts are folded again from those accounts' events (the migration's own fold statements),
 * instead of rebuilding the whole rollup (two minutes).
 */
async function forgetRescoreEvents(db: Database): Promise<void> {
  await withTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ account_id: string }>("DELETE FROM events WHERE dedupe_key LIKE 'rescore_%' RETURNING account_id");
    const ids = [...new Set(rows.map((r) => r.account_id))];
    if (!ids.length) return;
    await tx.query('DELETE FROM score_days WHERE account_id = ANY($1)', [ids]);
    await tx.query('DELETE FROM score_rare_days WHERE account_id = ANY($1)', [ids]);
    await tx.query('CREATE TEMP TABLE bench_refold ON COMMIT DROP AS SELECT * FROM events WHERE account_id = ANY($1)', [ids]);
    for (const fold of ['score_days_fold_sql', 'score_rare_days_fold_sql']) {
      await tx.query((await tx.query<{ sql: string }>(`SELECT ${fold}('bench_refold') AS sql`)).rows[0]!.sql);
    }
  });
}

const BASE_KINDS = MIX.slice(0, 8).map(([k]) => k);
const BASELINE = `SELECT count(*) AS accounts, sum(${BASE_KINDS.map((_, i) => `c30_${i} + c90_${i}`).join(' + ')}) AS total FROM (
  SELECT account_id,
    ${BASE_KINDS.map((k, i) => `count(*) FILTER (WHERE kind = '${k}' AND occurred_at >= $1::timestamptz - interval '30 days') AS c30_${i}, count(*) FILTER (WHERE kind = '${k}') AS c90_${i}`).join(',\n    ')}
  FROM events WHERE occurred_at >= $1::timestamptz - interval '90 days' AND occurred_at <= $1 GROUP BY account_id) x`;

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [(performance.now() - t0) / 1000, r];
}

async function main() {
  const dbArg = process.argv.indexOf('--db');
  const reuse = dbArg > 0 ? process.argv[dbArg + 1]! : null;
  const name = reuse ?? `tenure_bench_score_${process.pid}`;
  if (!reuse) await admin(`CREATE DATABASE ${name}`);
  const db = connect(`${PG_URL}/${name}`, 'postgres', 4, async () => {});
  try {
    await migrate(db);
    out(`Scoring benchmark: ${fmt(ACCOUNTS)} accounts, ${fmt(EVENTS)} events over the last 365 days, PostgreSQL ${(await db.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version}`);
    if (!reuse) await load(db);
    else await forgetRescoreEvents(db);
    const qualifying = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE occurred_at >= $1::timestamptz - interval '90 days'`, [NOW])).rows[0]!.n;
    out(`  ${fmt(Number(qualifying))} events in the last 90 days`);

    const baseline: number[] = [];
    const first: number[] = [];
    const again: number[] = [];
    const nightly: number[] = [];
    let written = 0;
    let nightlyWritten = 0;
    for (let run = 0; run < RUNS; run++) {
      // the baseline, with the same settings the scoring transaction takes (work_mem, JIT)
      const [b] = await timed(() => withTransaction(db, async (tx) => {
        await setBatchSettings(tx);
        return tx.query(BASELINE, [NOW]);
      }));
      baseline.push(b);
      // a first recompute writes every score; clear them so each run measures the same thing
      await db.query('TRUNCATE current_scores, scores, score_batches_pending');
      const [f, r] = await timed(() => withTransaction(db, (tx) => scoreAccounts(tx, clock, { accountIds: null })));
      first.push(f);
      written = r.written;
      const [a] = await timed(() => withTransaction(db, (tx) => scoreAccounts(tx, clock, { accountIds: null })));
      again.push(a);
      // the nightly job a day later: every account gets a daily row (scores that did not move are copied in the database)
      clock.set(new Date(NOW.getTime() + DAY_MS));
      const [n, nr] = await timed(() => withTransaction(db, (tx) => scoreAccounts(tx, clock, { accountIds: null, kind: 'daily' })));
      clock.set(NOW);
      nightly.push(n);
      nightlyWritten = nr.written;
      // the alerts and escalations of these batches, in their own transactions after the scores' (scoring/alerts/batches.ts)
      const [al, batches] = await timed(() => alertScoreBatches(db, { prepared: true }));
      out(`  run ${run + 1}: baseline ${fmt(b, 2)} s, full recompute ${fmt(f, 2)} s (${fmt(r.written)} rows), again with nothing changed ${fmt(a, 2)} s, nightly a day later ${fmt(n, 2)} s; then alerts of ${batches} batches ${fmt(al, 2)} s`);
    }
    if (RUNS > 0) {
      out('');
      out(`| measure | time, median (min–max) | ratio to the baseline |`);
      out(`| --- | --- | --- |`);
      out(`| baseline: one GROUP BY account_id pass, each kind's 30- and 90-day count | ${range(baseline)} | 1 |`);
      out(`| full recompute, every score new (${fmt(written)} rows written) | ${range(first)} | ${fmt(median(first) / median(baseline), 2)} |`);
      out(`| full recompute, nothing changed (no row written) | ${range(again)} | ${fmt(median(again) / median(baseline), 2)} |`);
      out(`| nightly recompute a day later, as the job runs it (${fmt(nightlyWritten)} daily rows) | ${range(nightly)} | ${fmt(median(nightly) / median(baseline), 2)} |`);
    }

    // re-score after one new event, as the sweep does: the account's transaction, statement by statement;
    // then, as the next due work of the same tick, its batch's alerts and escalations (their own transaction)
    const times: number[] = [];
    const alertTimes: number[] = [];
    for (let i = 0; i < RESCORES; i++) {
      const account = `acc_${1 + ((i * 7919) % ACCOUNTS)}`;
      clock.set(new Date(NOW.getTime() + (i + 1) * 1000));
      await db.query(
        `INSERT INTO events (kind, schema_version, account_id, occurred_at, received_at, source, dedupe_key, fingerprint, payload)
         VALUES ('ticket.opened', 1, $1, $2, $2, 'api', $3, 'f', jsonb_build_object('ticket_id', $3::text))`,
        [account, clock.now(), `rescore_${i}`],
      );
      let statementMs = 0;
      await withTransaction(db, async (tx) => {
        const timedTx: Tx = {
          inTransaction: true,
          query: async (text, values) => {
            const t0 = performance.now();
            try {
              return await tx.query(text, values);
            } finally {
              statementMs += performance.now() - t0;
            }
          },
        };
        // as the sweep runs it on PostgreSQL (scoring/routes.ts)
        await scoreAccounts(timedTx, clock, { accountIds: [account], prepared: true });
      });
      const [alertS] = await timed(() => alertScoreBatches(db, { prepared: true }));
      if (i >= 20) times.push(statementMs); // the first ones warm the plan cache
      if (i >= 20) alertTimes.push(alertS * 1000);
    }
    if (times.length) {
      out('');
      out(`| re-score after one new event (${fmt(times.length)} accounts) | p50 | p99 | max |`);
      out(`| --- | --- | --- | --- |`);
      out(`| statement time of the account's transaction | ${fmt(pct(times, 50), 2)} ms | ${fmt(pct(times, 99), 2)} ms | ${fmt(Math.max(...times), 2)} ms |`);
      out(`| then its alerts and escalations, own transaction, wall time at the client | ${fmt(pct(alertTimes, 50), 2)} ms | ${fmt(pct(alertTimes, 99), 2)} ms | ${fmt(Math.max(...alertTimes), 2)} ms |`);
    }
  } finally {
    await db.close();
    if (!reuse && !process.argv.includes('--keep')) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** The demo company's history on the embedded database: both ways it gets filled in. */
async function demoBackfill() {
  const CLI_CHUNK_DAYS = 31; // cli/score.ts: one POST /v1/scores/backfill per 31 days
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  const demoClock = fixedClock(new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 12 * 3_600_000));
  const fresh = async () => {
    const embedded = await serveEmbedded(await PGlite.create());
    const db = connect(embedded.url, 'pglite', 1, () => embedded.close());
    await migrate(db);
    const [seed, r] = await timed(() => seedDemo(db, demoClock, {}));
    const [sweep] = await timed(() => runDueWork([rescoreSweep([rescorer(demoClock)])], db, demoClock, silent));
    return { db, seed, sweep, events: r.events, accounts: r.accounts };
  };
  out('');
  out('Demo company backfill on the embedded database (PGlite)');
  const a = await fresh();
  let rows = 0;
  let days = 0;
  try {
    const { start, end } = (await a.db.query<{ start: Date; end: Date }>('SELECT history_start AS start, as_of AS "end" FROM demo_company')).rows[0]!;
    out(`  seeded ${fmt(a.accounts)} accounts, ${fmt(a.events)} events in ${fmt(a.seed, 1)} s; first scores (the sweep) ${fmt(a.sweep, 1)} s`);
    const [cli] = await timed(async () => {
      for (let from = start.getTime(); from <= end.getTime(); from += CLI_CHUNK_DAYS * DAY_MS) {
        const to = new Date(Math.min(from + (CLI_CHUNK_DAYS - 1) * DAY_MS, end.getTime()));
        const r = await withTransaction(a.db, (tx) => backfill(tx, demoClock, { from: new Date(from), to }));
        rows += r.written;
        days += r.days;
      }
    });
    out(`| demo backfill | days | score rows | time | target |`);
    out(`| --- | --- | --- | --- | --- |`);
    out(`| as \`tenure score run --backfill\` (31 days a transaction) | ${fmt(days)} | ${fmt(rows)} | ${fmt(cli, 1)} s | ≤ 60 s |`);
  } finally {
    await a.db.close();
  }
  const b = await fresh();
  try {
    let ticks = 0;
    let dueDays = 0;
    const [due] = await timed(async () => {
      for (;;) {
        const n = (await runDueWork([historyBackfill(demoClock)], b.db, demoClock, silent))['score-history'] ?? 0;
        if (!n) return;
        dueDays += n;
        ticks++;
      }
    });
    const dueRows = (await b.db.query<{ n: number }>("SELECT count(*)::int AS n FROM scores WHERE kind = 'backfill'")).rows[0]!.n;
    out(`| as the demo seed's due work does (a day a transaction, ${ticks} ticks) | ${fmt(dueDays)} | ${fmt(dueRows)} | ${fmt(due, 1)} s | ≤ 60 s |`);
  } finally {
    await b.db.close();
  }
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
if (only !== 'demo') await main();
if (only !== 'pg') await demoBackfill();
