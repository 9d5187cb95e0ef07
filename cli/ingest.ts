import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Command, Option } from 'commander';
import { AccountStatus } from '../ingest/accounts';
import { importCsv, type ImportReject, type ImportSummary } from '../ingest/import/csv-import';
import { IMPORT_KINDS, type ImportKind } from '../ingest/import/rows';
import { AccountSort } from '../ingest/queries';
import { loadConfig } from '../server/config';
import { discoveryFile, readDiscovery } from '../server/discovery';
import { TenureError } from '../server/errors';
import pino from 'pino';
import { listAll, withInstance } from './instance';
import { formatMoney, out, printJson, printTable } from './output';

export function ingestCommands(program: Command): void {
  const accounts = program.command('accounts').description('Accounts: list and show');
  accounts
    .command('list')
    .description('List accounts (every page)')
    .addOption(new Option('--status <status>', 'only these').choices(AccountStatus.options))
    .option('--owner <id>', "only this team member's accounts")
    .option('--plan <plan>', 'only this plan')
    .addOption(new Option('--sort <column>', 'sort by a column, -column for descending').choices(AccountSort.options).default('created_at'))
    .option('--json', 'machine-readable output')
    .action(async (o: { status?: string; owner?: string; plan?: string; sort: string; json?: boolean }) => {
      const q = new URLSearchParams({ sort: o.sort, ...(o.status ? { status: o.status } : {}), ...(o.owner ? { owner: o.owner } : {}), ...(o.plan ? { plan: o.plan } : {}) });
      const rows = await listAll(loadConfig(), `/v1/accounts?${q}`);
      if (o.json) return printJson(rows);
      printTable(
        rows.map((r) => ({ ...r, mrr: formatMoney(r.mrr_minor, r.currency) })),
        ['id', 'external_id', 'name', 'status', 'plan', 'mrr', 'owner_id', 'renewal_date'],
      );
    });
  accounts
    .command('show')
    .description('One account: details, contacts, consents, latest events')
    .requiredOption('--account <id>', "Tenure's account id")
    .option('--json', 'machine-readable output')
    .action(async (o: { account: string; json?: boolean }) => {
      const a = (await withInstance(loadConfig(), (call) => call('GET', `/v1/accounts/${encodeURIComponent(o.account)}`))) as Record<string, unknown> & {
        contacts: Record<string, unknown>[];
        consents: Record<string, unknown>[];
        latest_events: Record<string, unknown>[];
      };
      if (o.json) return printJson(a);
      const shown: Record<string, unknown> = { ...a, mrr: formatMoney(a.mrr_minor, a.currency) };
      for (const k of ['id', 'external_id', 'name', 'status', 'plan', 'seats', 'mrr', 'owner_id', 'country', 'time_zone', 'renewal_date', 'stripe_customer_id']) out(`${k.padEnd(19)} ${shown[k] ?? '-'}`);
      out('\nContacts');
      printTable(a.contacts, ['id', 'name', 'role', 'email', 'phone', 'language', 'time_zone']);
      out('\nConsents (current)');
      printTable(a.consents, ['contact_id', 'channel', 'purpose', 'status', 'recorded_at']);
      out('\nLatest events');
      printTable(a.latest_events, ['occurred_at', 'kind', 'source']);
    });

  program
    .command('import')
    .description('Import a CSV file; safe to run again (rows already present are counted, not repeated)')
    .addArgument(new Command().createArgument('<kind>', 'what the file holds').choices(IMPORT_KINDS))
    .argument('<file>', 'the CSV file (columns: see test/fixtures/<kind>.csv)')
    .option('--rejects <file>', 'where to write rejected rows (default: next to the file, NAME.rejects.csv)')
    .option('--json', 'machine-readable summary')
    .action(async (kind: ImportKind, file: string, o: { rejects?: string; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new TenureError('invalid_request', `No such file: ${file}`);
      const rejectsFile = o.rejects || `${file.replace(/\.csv$/i, '')}.rejects.csv`;
      const rejects: ImportReject[] = [];
      const tty = process.stderr.isTTY;
      let last = 0;
      const progress = (p: ImportSummary) => {
        if (!tty || Date.now() - last < 200) return;
        last = Date.now();
        process.stderr.write(`\r  line ${p.lines.toLocaleString('en')}: ${p.imported} imported, ${p.already_present} already present, ${p.rejected} rejected`);
      };
      const summary = await runImport(kind, file, progress, (r) => rejects.push(r));
      if (tty) process.stderr.write('\r\x1b[K');
      rejects.sort((a, b) => a.line - b.line);
      if (rejects.length) {
        // each problem, then the row as it was in the file: fix it there and import again
        const esc = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const columns = [...new Set(rejects.flatMap((r) => Object.keys(r.row ?? {})))];
        const lines = rejects.map((r) => [String(r.line), esc(r.field), esc(r.message), ...columns.map((c) => esc(r.row?.[c] ?? ''))].join(','));
        fs.writeFileSync(rejectsFile, ['line', 'field', 'message', ...columns].join(',') + '\n' + lines.join('\n') + '\n');
      } else fs.rmSync(rejectsFile, { force: true });
      // a script must notice rows that did not go in: exit 2, not 0 (1 is a failed command)
      if (summary.rejected > 0) process.exitCode = 2;
      if (o.json) return printJson({ ...summary, rejects_file: rejects.length ? rejectsFile : null });
      for (const r of rejects.slice(0, 20)) out(`  line ${r.line}: ${r.field}: ${r.message}`);
      if (rejects.length > 20) out(`  … and ${rejects.length - 20} more`);
      out(`${summary.imported} imported, ${summary.already_present} already present, ${summary.rejected} rejected${rejects.length ? ` (see ${rejectsFile})` : ''}`);
    });
}

/** Through the running instance (the file is streamed to it), or straight into the database. */
async function runImport(kind: ImportKind, file: string, onProgress: (p: ImportSummary) => void, onReject: (r: ImportReject) => void): Promise<ImportSummary> {
  const config = loadConfig();
  const running = config.DATABASE_URL ? null : readDiscovery(config.dataDir);
  if (!running) {
    const { startRuntime } = await import('../server/runtime');
    const rt = await startRuntime(config, { listen: false, work: false, logger: pino({ level: 'warn' }, pino.destination(2)) });
    try {
      return await importCsv(rt.db, rt.ctx.clock, kind, fs.createReadStream(file), { fileName: path.basename(file), onProgress, onReject });
    } finally {
      await rt.close();
    }
  }
  let res: Response;
  try {
    res = await fetch(`${running.url}/v1/imports/${kind}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${running.token}`, 'content-type': 'text/csv', 'x-file-name': path.basename(file) },
      body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
  } catch (e) {
    throw new TenureError('instance_unreachable', `Tenure (pid ${running.pid}) does not answer at ${running.url} (${(e as Error).message}); if it is not running, delete ${discoveryFile(config.dataDir)}.`);
  }
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new TenureError('invalid_request', body?.error?.message ?? `HTTP ${res.status}`);
  }
  let summary: ImportSummary | null = null;
  let buffered = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += Buffer.from(chunk).toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buffered.slice(0, nl)) as { progress?: ImportSummary; rejected?: ImportReject; summary?: ImportSummary; error?: { message: string } };
      buffered = buffered.slice(nl + 1);
      if (msg.progress) onProgress(msg.progress);
      if (msg.rejected) onReject(msg.rejected);
      if (msg.summary) summary = msg.summary;
      if (msg.error) throw new TenureError('invalid_request', msg.error.message);
    }
  }
  if (!summary) throw new TenureError('instance_unreachable', 'The import stopped before it finished; run it again (rows already imported are kept once).');
  return summary;
}
