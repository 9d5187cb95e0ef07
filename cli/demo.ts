import { type Command, InvalidArgumentError } from 'commander';
import type { DemoDescription } from '../ingest/demo/describe';
import { DEFAULT_SEED } from '../ingest/demo/parameters';
import type { SeedResult } from '../ingest/demo/seed';
import fs from 'node:fs';
import path from 'node:path';
import { fixedClock } from '../db/clock';
import type { Database } from '../db/database';
import { loadConfig } from '../server/config';
import { readDiscovery } from '../server/discovery';
import { TenureError } from '../server/errors';
import { withInstance } from './instance';
import { out, printJson, printTable } from './output';

const euros = (n: number) => `€${Math.round(n).toLocaleString('en-US')}`;
const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const mix = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

function seedNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > 2 ** 31 - 1) throw new InvalidArgumentError('expected a whole number between 0 and 2147483647');
  return n;
}

/** Dotted keys and printable values for every scalar parameter (the per-reason tables are printed apart). */
function flatten(value: unknown, prefix = ''): [string, string][] {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return [[prefix, value.join(' – ')]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, String(value)]];
}

function printDescription(d: DemoDescription): void {
  const p = d.parameters;
  const r = d.realised;
  out(`${p.company.name}, ${p.company.city} — demo company, seed ${d.seed}`);
  out(`History ${d.history.start.slice(0, 10)} → ${d.history.as_of.slice(0, 10)}, seeded ${d.seeded_at.slice(0, 19).replace('T', ' ')} UTC in ${d.seconds} s`);
  out('');
  printTable(
    [
      { figure: 'accounts', target: p.accounts, realised: `${r.accounts} (${r.active} active today)` },
      { figure: 'gross churn over the history', target: percent(p.churn_rate), realised: `${percent(r.churn_rate)} (${r.churned_in_history}: ${r.voluntary} voluntary, ${r.involuntary} involuntary)` },
      { figure: 'involuntary share of churn', target: percent(p.involuntary_share), realised: r.churned_in_history ? percent(r.involuntary / r.churned_in_history) : '-' },
      { figure: 'ARR at the start', target: euros(p.arr_start), realised: euros(r.arr_start) },
      { figure: 'average ARR per account', target: euros(p.arr_start / p.accounts), realised: euros(r.average_arr_start) },
      { figure: 'ARR today', target: '', realised: euros(r.arr_now) },
      { figure: 'latent churners (active, leaving soon)', target: '', realised: r.latent_churners },
    ],
    ['figure', 'target', 'realised'],
  );
  out('');
  out(`plans       ${mix(r.plans)}`);
  out(`countries   ${mix(r.countries)}`);
  out(`contacts    ${r.contacts} (${mix(r.languages)}), ${r.consents} consent statements, ${r.team_members} team members`);
  out(`calls       ${r.conversations}; churn reasons heard: ${mix(r.churn_reasons) || 'none'}`);
  out('');
  printTable(
    Object.entries(r.events).map(([kind, n]) => ({ kind, events: n })),
    ['kind', 'events'],
  );
  out('');
  out('Parameters:');
  const { profiles, reasons, ...rest } = p.churn;
  const { plans, ...scalars } = p;
  printTable(
    flatten({ ...scalars, churn: rest })
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value })),
    ['name', 'value'],
  );
  out(`plans       ${plans.map((pl) => `${pl.key} €${pl.seat_price}/seat${pl.max_mrr === null ? '' : ` up to €${pl.max_mrr} MRR`}`).join('; ')}`);
  out('');
  out('Voluntary churn reasons (weight) and how each drifts (0–1):');
  printTable(
    Object.entries(profiles).map(([reason, prof]) => ({ reason, weight: reasons[reason as keyof typeof reasons] ?? 0, ...prof })),
    ['reason', 'weight', 'usage', 'tickets', 'reopen', 'phrases', 'silence', 'downgrade', 'export', 'contact_change'],
  );
}

function dayCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 365) throw new InvalidArgumentError('expected a whole number of days between 1 and 365');
  return n;
}

/** The longest step simulated time takes when nothing is due sooner (the due work of every capability sees each step). */
const STEP_MS = 4 * 3_600_000;

/**
 * `tenure demo run --days N`: Tenure in this process (seeding an empty database, listening for the
 * simulators' webhooks) on a clock this command moves, driving the same due-work list the server's
 * one-minute job runs (server/jobs.ts), step by step: each step runs the due work, waits for the
 * simulated network (calls, texts) to settle, then moves time to the next due moment or 4 hours on.
 */
async function demoRun(days: number, json: boolean): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0' });
  if (config.integrations.twilio !== 'sandbox') throw new TenureError('not_supported', 'tenure demo run plays the sandbox: unset the Twilio credentials');
  if (!config.DATABASE_URL && readDiscovery(config.dataDir)) {
    throw new TenureError('conflict', `A Tenure instance is running on ${config.dataDir}: stop it first (demo run plays simulated time in its own process).`);
  }
  // the whole app, loaded only when it runs: every other `tenure` command starts without it
  const [{ createLogger, startRuntime }, { allDueWork }, { runDueWork }, { sandboxSimulator }, { nextDue }] = await Promise.all([
    import('../server/runtime'),
    import('../server/jobs'),
    import('../db/due-work'),
    import('../telephony/twilio'),
    import('../telephony/voice/sandbox-clock'),
  ]);
  const log = createLogger({ ...config, LOG_LEVEL: 'warn' });
  const clock = fixedClock(new Date());
  const started = Date.now();
  const rt = await startRuntime(config, { listen: true, work: false, logger: log, clock });
  try {
    const start = clock.now();
    const end = new Date(start.getTime() + days * 86_400_000);
    const sim = await sandboxSimulator(config);
    const work = allDueWork(rt.ctx);
    let ticks = 0;
    let lastDay = -1;
    while (clock.now() < end) {
      await runDueWork(work, rt.db, clock, log);
      await sim.callsDone();
      await sim.idle();
      // a hung-up call's wrap-up runs after its callback was answered: it ends before time moves on
      await rt.ctx.afterReply.settled();
      ticks++;
      const day = Math.floor((clock.now().getTime() - start.getTime()) / 86_400_000);
      if (!json && day !== lastDay) {
        lastDay = day;
        process.stderr.write(`day ${day + 1}/${days}: ${sim.calls.length} calls placed so far\n`);
      }
      const next = await nextDue(rt.db);
      const cap = clock.now().getTime() + STEP_MS;
      clock.set(new Date(next && next > clock.now() ? Math.min(next.getTime(), cap) : cap));
    }
    const summary = { days, from: start.toISOString(), to: clock.now().toISOString(), ticks, seconds: Math.round((Date.now() - started) / 1000), ...(await demoSummary(rt.db, start)) };
    const file = path.join(config.dataDir, `demo-run-${start.toISOString().slice(0, 10)}.json`);
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
    if (json) return printJson(summary);
    out(`Played ${days} days (${summary.from.slice(0, 10)} → ${summary.to.slice(0, 10)}) in ${summary.seconds} s; results in ${file}`);
    printTable(
      [
        { what: 'calls placed', n: summary.calls.placed },
        { what: 'calls answered by a person', n: summary.calls.answered },
        { what: 'voicemails / no answer or busy', n: `${summary.calls.voicemail} / ${summary.calls.unanswered}` },
        { what: 'texts sent', n: summary.texts },
        { what: 'conversations completed (voice, sms)', n: `${summary.conversations.voice}, ${summary.conversations.sms}` },
        { what: 'reasons captured', n: `${summary.reasons.total}${summary.reasons.total ? ` (${mix(summary.reasons.by_category)})` : ''}` },
        { what: 'NPS answers', n: summary.nps },
        { what: 'saves', n: summary.saves },
        { what: 'payments recovered', n: summary.recoveries },
        { what: 'opt-outs', n: summary.opt_outs },
      ],
      ['what', 'n'],
    );
  } finally {
    await rt.close();
  }
}

async function demoSummary(db: Database, since: Date) {
  const one = async (sql: string) => Number((await db.query<{ n: string | number }>(sql, [since])).rows[0]?.n ?? 0);
  const reasons = (await db.query<{ category: string; n: number }>(
    `SELECT category, count(*)::int AS n FROM churn_reasons WHERE source = 'conversation' AND captured_at >= $1 GROUP BY category ORDER BY n DESC, category`, [since],
  )).rows;
  return {
    calls: {
      placed: await one(`SELECT count(*) AS n FROM call_legs WHERE dialed_at >= $1`),
      answered: await one(`SELECT count(*) AS n FROM call_legs WHERE dialed_at >= $1 AND relay IS NOT NULL`),
      voicemail: await one(`SELECT count(*) AS n FROM call_legs WHERE dialed_at >= $1 AND (answered_by LIKE 'machine%' OR answered_by = 'fax')`),
      unanswered: await one(`SELECT count(*) AS n FROM call_legs WHERE dialed_at >= $1 AND status IN ('no-answer', 'busy', 'failed')`),
    },
    texts: await one(`SELECT count(*) AS n FROM messages WHERE direction = 'outbound' AND sent_at >= $1`),
    conversations: {
      voice: await one(`SELECT count(*) AS n FROM conversations WHERE channel = 'voice' AND status = 'completed' AND started_at >= $1`),
      sms: await one(`SELECT count(*) AS n FROM conversations WHERE channel = 'sms' AND status = 'completed' AND started_at >= $1`),
    },
    reasons: { total: reasons.reduce((a, r) => a + r.n, 0), by_category: Object.fromEntries(reasons.map((r) => [r.category, r.n])) },
    nps: await one(`SELECT count(*) AS n FROM conversations WHERE nps IS NOT NULL AND started_at >= $1`),
    saves: await one(`SELECT count(*) AS n FROM outcomes WHERE kind = 'saved' AND at >= $1`),
    recoveries: await one(`SELECT count(*) AS n FROM v_dunning_cases WHERE outcome = 'recovered' AND closed_at >= $1`),
    opt_outs: await one(`SELECT count(*) AS n FROM suppressions WHERE reason = 'opt_out_keyword' AND created_at >= $1`),
  };
}

export function demoCommands(program: Command): void {
  const demo = program.command('demo').description('The demo company of sandbox mode: seed it, describe it (see ingest/demo/MODEL.md)');
  demo
    .command('seed')
    .description('Seed the demo company into an empty database (npm start does it on the first start in sandbox mode)')
    .option('--seed <n>', `the generator's seed: the same seed gives the same company (default ${DEFAULT_SEED})`, seedNumber)
    .option('--json', 'machine-readable output')
    .action(async (o: { seed?: number; json?: boolean }) => {
      if (!o.json) process.stderr.write('Generating and storing the demo company (280 accounts, 12 months of history)…\n');
      const r = (await withInstance(loadConfig(), (call) => call('POST', '/v1/demo/seed', { seed: o.seed ?? DEFAULT_SEED }))) as SeedResult;
      if (o.json) return printJson(r);
      out(`Seeded the demo company (seed ${r.seed}): ${r.accounts} accounts, ${r.contacts} contacts, ${r.conversations} calls and ${r.events} events in ${r.seconds.toFixed(1)} s.`);
      out('See it with `tenure demo describe` and `tenure accounts list`.');
    });
  demo
    .command('run')
    .description('Play the demo company for N days of simulated time in this process (seeds an empty database first) and print what happened')
    .option('--days <n>', 'how many days to play (default 30)', dayCount, 30)
    .option('--json', 'machine-readable output')
    .action(async (o: { days: number; json?: boolean }) => demoRun(o.days, !!o.json));
  demo
    .command('describe')
    .description('Print the demo company parameters and the figures the stored company realised')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const d = (await withInstance(loadConfig(), (call) => call('GET', '/v1/demo'))) as DemoDescription;
      if (o.json) return printJson(d);
      printDescription(d);
    });
}
