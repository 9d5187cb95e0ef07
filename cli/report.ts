import type { Command } from 'commander';
import { toCsv } from '../insights/csv';
import { RECOVERY_CSV_COLUMNS, type Recovery } from '../insights/recovery';
import { ROLLUP_CSV_COLUMNS, rollupCsvRows, type ReasonRollup } from '../insights/rollups';
import { SAVE_LIST_CSV_COLUMNS, saveListCsvRows, type SaveListItem } from '../insights/save-list';
import { loadConfig } from '../server/config';
import { withInstance } from './instance';
import { formatMoney, printJson, printTable } from './output';

// `tenure report reasons|save-list|recovery`: the insights exports from the command line, read from
// the same API routes (so the same figures as the pages), printed as a table, JSON or CSV.

interface Output {
  json?: boolean;
  csv?: boolean;
}

const get = (url: string) => withInstance(loadConfig(), (call) => call('GET', url));
const query = (o: Record<string, string | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined) q.set(k, v);
  return q.toString();
};

export function reportCommands(program: Command): void {
  const report = program.command('report').description('Insights: churn reasons rolled up, the save list, payment recovery');

  report
    .command('reasons')
    .description('Churn reasons by category and detail, weighted by MRR, with the trend against the previous period')
    .option('--since <when>', 'start of the period: 90d (days back) or an ISO date', '90d')
    .option('--until <date>', 'end of the period (default now)')
    .option('--plan <plan>')
    .option('--segment <segment>')
    .option('--owner <id>', "the account owner's team-member id")
    .option('--channel <channel>', 'voice, sms, text or none')
    .option('--voluntary <bool>', 'true: voluntary only; false: involuntary only')
    .option('--lang <lang>')
    .option('--category <category>')
    .option('--json', 'machine-readable output')
    .option('--csv', 'CSV, as GET /v1/insights/reasons?format=csv')
    .action(async (o: Output & Record<string, string | undefined>) => {
      const { json, csv, ...filters } = o;
      const r = (await get(`/v1/insights/reasons?${query(filters)}`)) as ReasonRollup;
      if (json) return printJson(r);
      if (csv) return void process.stdout.write(toCsv(ROLLUP_CSV_COLUMNS, rollupCsvRows(r)));
      printTable(
        r.rows.map((x) => ({
          reason: x.level === 'category' ? x.category : `  ${x.detail || '(no detail)'}`,
          accounts: x.accounts,
          mrr_lost: formatMoney(x.mrr_lost_minor, 'EUR'),
          mrr_at_risk: formatMoney(x.mrr_at_risk_minor, 'EUR'),
          share: `${(x.share * 100).toFixed(1)}%`,
          trend: x.trend === 'new' ? 'new' : `${x.trend_accounts > 0 ? '+' : ''}${x.trend_accounts}`,
        })),
        ['reason', 'accounts', 'mrr_lost', 'mrr_at_risk', 'share', 'trend'],
      );
    });

  report
    .command('save-list')
    .description('Accounts at risk or likely to churn, by MRR × churn probability')
    .option('--limit <n>', 'how many', '50')
    .option('--owner <id>')
    .option('--json', 'machine-readable output')
    .option('--csv', 'CSV, as GET /v1/insights/save-list?format=csv')
    .action(async (o: Output & { limit: string; owner?: string }) => {
      const r = (await get(`/v1/insights/save-list?${query({ limit: o.limit, owner: o.owner })}`)) as { data: SaveListItem[] };
      if (o.json) return printJson(r.data);
      const rows = r.data.map((i) => ({ ...i, due_at: undefined, deadlines: i.deadlines.map((d) => ({ ...d, due_at: new Date(d.due_at) })) }));
      if (o.csv) return void process.stdout.write(toCsv(SAVE_LIST_CSV_COLUMNS, saveListCsvRows(rows)));
      printTable(
        rows.map((i) => ({ ...i, mrr: formatMoney(i.mrr_minor, i.currency), probability: i.probability === null ? '' : `${(i.probability * 100).toFixed(0)}%`, action: i.suggested_action?.text ?? '' })),
        ['rank', 'account_name', 'zone', 'mrr', 'probability', 'owner_name', 'action'],
      );
    });

  report
    .command('recovery')
    .description('Failed-payment recovery by decline reason class and retry strategy')
    .option('--since <when>', 'start of the period: 90d (days back) or an ISO date', '90d')
    .option('--json', 'machine-readable output')
    .option('--csv', 'CSV, as GET /v1/insights/recovery?format=csv')
    .action(async (o: Output & { since: string }) => {
      const r = (await get(`/v1/insights/recovery?${query({ since: o.since })}`)) as Recovery;
      if (o.json) return printJson(r);
      if (o.csv) return void process.stdout.write(toCsv(RECOVERY_CSV_COLUMNS, [...r.by_reason, ...r.by_reason_and_strategy]));
      printTable(
        r.by_reason.map((g) => ({ ...g, amount: formatMoney(g.amount_due_minor, 'EUR'), recovered: formatMoney(g.recovered_minor, 'EUR'), rate: g.recovery_rate === null ? '' : `${(g.recovery_rate * 100).toFixed(0)}%` })),
        ['reason_class', 'cases', 'amount', 'recovered_cases', 'recovered', 'lost_cases', 'open_cases', 'rate'],
      );
    });
}
