import { type Command, InvalidArgumentError } from 'commander';
import type { DemoDescription } from '../ingest/demo/describe';
import { DEFAULT_SEED } from '../ingest/demo/parameters';
import type { SeedResult } from '../ingest/demo/seed';
import { loadConfig } from '../server/config';
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
    .command('describe')
    .description('Print the demo company parameters and the figures the stored company realised')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const d = (await withInstance(loadConfig(), (call) => call('GET', '/v1/demo'))) as DemoDescription;
      if (o.json) return printJson(d);
      printDescription(d);
    });
}
