// The outreach policy and the planner: what one policy answer costs (the pure rules, then evaluate()
// with its queries), a campaign's dry run per account, and the send job's claim of due outreach.
// A PostgreSQL database gets N accounts, each with a contact (US or French), consents and a few
// past outreaches. No target is fixed by the issue; these figures are for the record.
// Usage: npx tsx bench/planner.ts [--accounts N] [--runs N]   (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432)
import { fixedClock } from '../db/clock';
import { withTransaction } from '../db/transaction';
import { claimDueOutreach, planCampaign } from '../agent/planner';
import { decide, evaluate, DEFAULT_SETTINGS, type Facts } from '../agent/policy';
import { flag } from './lib/args';
import { admin, freshDatabase } from './lib/postgres';

const ACCOUNTS = flag('accounts', 2000);
const RUNS = flag('runs', 3);
const DB = 'tenure_bench_planner';
const NOW = new Date('2026-11-17T15:00:00Z'); // a Tuesday: 10:00 in New York, 16:00 in Paris
const out = (s = '') => process.stdout.write(`${s}\n`);
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

function pureRules(): void {
  const zones: Facts[] = [
    { country: 'US', zones: ['America/New_York'] },
    { country: 'FR', zones: ['Europe/Paris'] },
    { country: 'US', zones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'] },
  ].map((w) => ({ known: true, ...w, b2b: true, consent: { status: 'granted', expressWritten: true }, suppressed: false, openConversation: false, attempts: [], refusals: [], dayCounts: {} }));
  for (const [label, facts] of [['one zone (US)', zones[0]!], ['France', zones[1]!], ['seven zones (US, zone unknown)', zones[2]!]] as const) {
    const n = 20_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) decide({ channel: 'voice', purpose: 'service', at: new Date(NOW.getTime() + i * 997_000) }, facts, DEFAULT_SETTINGS);
    const ms = performance.now() - t0;
    out(`decide(), ${label}: ${fmt((n / ms) * 1000)} answers/s (${fmt((ms / n) * 1000, 1)} µs each, next allowed time included)`);
  }
}

async function main() {
  pureRules();
  const db = await freshDatabase(DB);
  const clock = fixedClock(NOW);
  try {
    await db.query(
      `INSERT INTO accounts (id, external_id, name, status, created_at, updated_at) SELECT 'acc_' || a, 'A' || a, 'Account ' || a, CASE WHEN a % 3 = 0 THEN 'churned' ELSE 'active' END, now(), now() FROM generate_series(1, $1::int) a`,
      [ACCOUNTS],
    );
    await db.query(
      `INSERT INTO contacts (id, external_id, account_id, name, phone, time_zone, created_at, updated_at)
       SELECT 'con_' || a, 'C' || a, 'acc_' || a, 'Pat', CASE WHEN a % 2 = 0 THEN '+1212' ELSE '+336' END || lpad(a::text, 7, '0'),
              CASE WHEN a % 2 = 0 THEN 'America/New_York' ELSE 'Europe/Paris' END, now(), now() FROM generate_series(1, $1::int) a`,
      [ACCOUNTS],
    );
    await db.query(
      `INSERT INTO consents (id, contact_id, channel, purpose, status, express_written, recorded_at, created_at)
       SELECT 'cst_' || a || p, 'con_' || a, 'voice', p, 'granted', true, '2026-01-01', now() FROM generate_series(1, $1::int) a, unnest(ARRAY['marketing', 'service']) p WHERE a % 4 <> 1`,
      [ACCOUNTS],
    );
    await db.query(
      `INSERT INTO outreach_log (id, account_id, contact_id, channel, purpose, at, created_at)
       SELECT 'olog_' || a || '_' || k, 'acc_' || a, 'con_' || a, 'voice', 'service', $2::timestamptz - (k * 9 || ' days')::interval, now() FROM generate_series(1, $1::int) a, generate_series(1, 3) k`,
      [ACCOUNTS, NOW],
    );
    await db.query('ANALYZE');
    out(`\n${fmt(ACCOUNTS)} accounts, each with a contact, consents and 3 past calls (PostgreSQL)`);

    for (let run = 1; run <= RUNS; run++) {
      const times: number[] = [];
      for (let i = 0; i < 500; i++) {
        const a = 1 + ((i * 7919 + run) % ACCOUNTS);
        const t0 = performance.now();
        await evaluate(db, { contactId: `con_${a}`, channel: 'voice', purpose: 'marketing', at: NOW.toISOString() });
        times.push(performance.now() - t0);
      }
      out(`run ${run}: evaluate() p50 ${fmt(pct(times, 50), 2)} ms, p99 ${fmt(pct(times, 99), 2)} ms (500 contacts)`);
    }

    const t0 = performance.now();
    const c = await planCampaign(db, clock, DEFAULT_SETTINGS, { play: 'win_back', segment: { status: 'churned' } }, 'bench', ['win_back']);
    const ms = performance.now() - t0;
    out(`campaign dry run and approval over ${fmt(c.decisions.length)} accounts: ${fmt(ms)} ms (${fmt(ms / c.decisions.length, 2)} ms per account; ${c.counts.scheduled} scheduled, ${c.counts.blocked} blocked)`);

    clock.set('2026-11-18T16:00:00Z'); // every planned call is due
    const t1 = performance.now();
    let sent = 0;
    for (;;) {
      const batch = await withTransaction(db, (tx) => claimDueOutreach(tx, clock, DEFAULT_SETTINGS, { channel: 'voice', limit: 100 }));
      sent += batch.length;
      if (batch.length < 100) break;
    }
    const ms1 = performance.now() - t1;
    out(`send job: ${fmt(sent)} due calls claimed, checked again and logged in ${fmt(ms1)} ms (${fmt(ms1 / Math.max(1, sent), 2)} ms each)`);
  } finally {
    await db.close();
    await admin(`DROP DATABASE IF EXISTS ${DB}`);
  }
}

await main();
