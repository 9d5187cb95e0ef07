import { type Command, InvalidArgumentError } from 'commander';
import type { Component } from '../scoring/config';
import { COMPONENT_LABEL, explain, type ReasonCode } from '../scoring/score';
import { loadConfig } from '../server/config';
import { TenureError } from '../server/errors';
import { withInstance, type Call } from './instance';
import { out, printJson, printTable } from './output';

const CHUNK = 200;
const BACKFILL_DAYS = 31;
const DAY_MS = 86_400_000;

interface RunResult {
  accounts: number;
  written: number;
  config_version: number;
  days?: number;
}

function date(value: string): Date {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime())) throw new InvalidArgumentError('expected a date such as 2026-01-31');
  return d;
}

const progress = (json: boolean | undefined, line: string) => {
  if (!json) process.stderr.write(`${line}\n`);
};

async function activeAccountIds(call: Call): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = (await call('GET', `/v1/accounts?status=active&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)) as { data: { id: string }[]; next_cursor: string | null };
    ids.push(...page.data.map((a) => a.id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

export function scoreCommands(program: Command): void {
  const score = program.command('score').description('Health scores: compute them, backfill their history, explain one');
  score
    .command('run')
    .description('Score one account or all of them now; with --backfill, compute the history day by day as it was known then')
    .option('--account <id>', "one account (Tenure's id)")
    .option('--all', 'every active account')
    .option('--backfill', 'point-in-time scores for each past day (all accounts)')
    .option('--from <date>', 'first day of the backfill (default: 365 days ago)', date)
    .option('--to <date>', 'last day of the backfill (default: today)', date)
    .option('--json', 'machine-readable output')
    .action(async (o: { account?: string; all?: boolean; backfill?: boolean; from?: Date; to?: Date; json?: boolean }) => {
      if (o.backfill && o.account) throw new TenureError('invalid_request', '--backfill scores every account at once; leave out --account');
      if (!o.backfill && !!o.account === !!o.all) throw new TenureError('invalid_request', 'give --account ID or --all (or --backfill)');
      const result = await withInstance(loadConfig(), async (call) => {
        if (o.backfill) {
          const to = o.to ?? new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
          const from = o.from ?? new Date(to.getTime() - 365 * DAY_MS);
          const total = { accounts: 0, written: 0, days: 0, config_version: 0 };
          const chunks = Math.ceil((to.getTime() - from.getTime() + DAY_MS) / (BACKFILL_DAYS * DAY_MS));
          for (let start = from.getTime(), i = 1; start <= to.getTime(); start += BACKFILL_DAYS * DAY_MS, i++) {
            const end = Math.min(start + (BACKFILL_DAYS - 1) * DAY_MS, to.getTime());
            const r = (await call('POST', '/v1/scores/backfill', { from: new Date(start).toISOString(), to: new Date(end).toISOString() })) as RunResult;
            Object.assign(total, { accounts: Math.max(total.accounts, r.accounts), written: total.written + r.written, days: total.days + (r.days ?? 0), config_version: r.config_version });
            progress(o.json, `backfill ${new Date(start).toISOString().slice(0, 10)} → ${new Date(end).toISOString().slice(0, 10)}: ${r.written} rows (${i}/${chunks})`);
          }
          return total;
        }
        const ids = o.account ? [o.account] : await activeAccountIds(call);
        const total = { accounts: 0, written: 0, config_version: 0 };
        for (let i = 0; i < ids.length; i += CHUNK) {
          const r = (await call('POST', '/v1/scores/run', { account_ids: ids.slice(i, i + CHUNK) })) as RunResult;
          Object.assign(total, { accounts: total.accounts + r.accounts, written: total.written + r.written, config_version: r.config_version });
          if (ids.length > 1) progress(o.json, `scored ${Math.min(i + CHUNK, ids.length)}/${ids.length} accounts`);
        }
        return total;
      });
      if (o.json) return printJson(result);
      out(`Scored ${result.accounts} account(s) with configuration version ${result.config_version}: ${result.written} new score row(s)${'days' in result ? ` over ${result.days} day(s)` : ''}.`);
    });
  score
    .command('explain')
    .description("Why an account has its score, in plain words")
    .requiredOption('--account <id>', "Tenure's account id")
    .option('--json', 'machine-readable output')
    .action(async (o: { account: string; json?: boolean }) => {
      type Current = { score: number; zone: string; based_on: string; stale: boolean; stale_reasons: string[]; config_version: number; as_of: string; reason_codes: ReasonCode[]; components: Record<string, { score: number | null; weight: number; effective_weight: number }> };
      const r = (await withInstance(loadConfig(), (call) => call('GET', `/v1/accounts/${encodeURIComponent(o.account)}/score`))) as { current: Current | null; history: { as_of: string; score: number; zone: string }[] };
      if (o.json) return printJson(r);
      const c = r.current;
      if (!c) return out(`Account ${o.account} has no score yet (run: tenure score run --account ${o.account}).`);
      const [based, total] = c.based_on.split(' of ').map((x) => parseInt(x, 10));
      for (const line of explain({ score: c.score, zone: c.zone, based_on: based!, components_total: total!, reason_codes: c.reason_codes })) out(line);
      out(`As of ${c.as_of}, configuration version ${c.config_version}${c.stale ? `; STALE: ${c.stale_reasons.join('; ')}` : ''}.`);
      out('');
      printTable(
        Object.entries(c.components).map(([name, comp]) => ({
          component: COMPONENT_LABEL[name as Component] ?? name,
          score: comp.score ?? 'no data',
          weight: comp.weight,
          counted: comp.effective_weight,
        })),
        ['component', 'score', 'weight', 'counted'],
      );
      const past = r.history.filter((h) => new Date(h.as_of) <= new Date(new Date(c.as_of).getTime() - 30 * DAY_MS))[0];
      if (past) out(`\n30 days earlier: ${past.score} (${past.zone}).`);
    });
}
