import { type Command, Option } from 'commander';
import { loadConfig } from '../server/config';
import { listAll, withInstance } from './instance';
import { out, printJson, printTable } from './output';

interface Verdict {
  allowed: boolean;
  reasons: string[];
  next_allowed_at: string | null;
}

export function outreachCommands(program: Command): void {
  const outreach = program.command('outreach').description('Outreach: may Tenure contact someone, and what is scheduled');
  outreach
    .command('can-contact')
    .description("The outreach policy's answer for a number: allowed, the reasons, the next allowed time (no running server needed)")
    .requiredOption('--phone <e164>', 'the number, E.164 (+33612345678); a number Tenure knows is read as its contact')
    .addOption(new Option('--channel <channel>', 'how').choices(['voice', 'sms']).makeOptionMandatory())
    .addOption(new Option('--purpose <purpose>', 'what for: win-back is marketing, payment recovery transactional').choices(['transactional', 'service', 'marketing']).default('service'))
    .option('--at <iso>', 'when, ISO 8601 with an offset (default: now)')
    .option('--json', 'machine-readable output: {"allowed", "reasons", "next_allowed_at"}')
    .action(async (o: { phone: string; channel: string; purpose: string; at?: string; json?: boolean }) => {
      const v = (await withInstance(loadConfig(), (call) => call('POST', '/v1/policy/evaluate', { phone: o.phone, channel: o.channel, purpose: o.purpose, ...(o.at ? { at: o.at } : {}) }))) as Verdict;
      if (o.json) return printJson(v);
      out(v.allowed ? 'allowed' : 'not allowed');
      if (v.reasons.length) out(`reasons: ${v.reasons.join(', ')}`);
      if (v.next_allowed_at) out(`next allowed at: ${v.next_allowed_at}`);
    });
  outreach
    .command('list')
    .description("An account's outreach, newest first: scheduled, sent, blocked, with the reasons")
    .requiredOption('--account <id>', "the account (Tenure's id)")
    .option('--json', 'machine-readable output')
    .action(async (o: { account: string; json?: boolean }) => {
      const rows = await listAll(loadConfig(), `/v1/outreach?account_id=${encodeURIComponent(o.account)}`);
      if (o.json) return printJson(rows);
      printTable(rows.map((r) => ({ ...r, reasons: (r.reasons as string[]).join(',') })), ['id', 'play', 'channel', 'status', 'scheduled_for', 'reasons', 'trigger', 'why']);
    });
}
