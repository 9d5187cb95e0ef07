import { Command, Option } from 'commander';
import { describeConfig, loadConfig } from '../server/config';
import { Role } from '../server/roles';
import { MemberKind } from '../team/members';
import { dbCommands } from './db';
import { demoCommands } from './demo';
import { dunningCommands } from './dunning';
import { ingestCommands } from './ingest';
import { listAll, withInstance } from './instance';
import { modelCommands } from './model';
import { nluCommands } from './nlu';
import { out, printJson, printTable } from './output';
import { scoreCommands } from './score';
import { talkCommand } from './talk';
import { conversationsCommands } from './conversations';
import { alertCommands } from './alerts';
import { outreachCommands } from './outreach';
import { campaignCommands } from './campaign';
import { reportCommands } from './report';

// Conventions for every command: --json prints machine-readable output; ids are passed as named
// options (--account ID, --key ID, --task ID, --member ID); --help works everywhere.

/** Every `tenure` command, built afresh (a test walks them all in-process). */
export function tenureProgram(): Command {
  const program = new Command('tenure')
    .description('Tenure: the outbound conversational retention agent')
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true });

  // start and worker load the whole app when they run, so that --help and light commands stay quick
  program.command('start').description('Run the web server and the workers in one process (npm start)').action(async () => (await import('./start')).startCommand());
  program.command('worker').description('Run queue workers alone (PostgreSQL only: set DATABASE_URL)').action(async () => (await import('./start')).workerCommand());

  program
    .command('config')
    .description('Print the effective configuration (secrets masked) and whether each integration is sandbox or live')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) => {
      const d = describeConfig(loadConfig()) as { settings: Record<string, unknown>; integrations: Record<string, string>; mode: string; db: string; data_dir: string };
      if (o.json) return printJson(d);
      out(`mode       ${d.mode}`);
      out(`database   ${d.db}${d.db === 'pglite' ? ` (embedded, in ${d.data_dir})` : ''}`);
      for (const [k, v] of Object.entries(d.integrations)) out(`${k.padEnd(10)} ${v}`);
      out('');
      printTable(Object.entries(d.settings).map(([name, value]) => ({ name, value })), ['name', 'value']);
    });

  dbCommands(program);
  ingestCommands(program);
  demoCommands(program);
  modelCommands(program);
  nluCommands(program);
  scoreCommands(program);
  talkCommand(program);
  conversationsCommands(program);
  dunningCommands(program);
  alertCommands(program);
  outreachCommands(program);
  campaignCommands(program);
  reportCommands(program);

  const keys = program.command('keys').description('API keys: create, list, revoke');
  keys
    .command('create')
    .description('Create an API key and print it (it is shown only once)')
    .addOption(new Option('--role <role>', 'what the key may do').choices(Role.options).makeOptionMandatory())
    .requiredOption('--name <name>', 'who or what uses the key')
    .option('--member <id>', 'the team member the key acts for (their tasks)')
    .option('--json', 'machine-readable output: {"key", "role", …}')
    .action(async (o: { role: string; name: string; member?: string; json?: boolean }) => {
      const made = (await withInstance(loadConfig(), (call) => call('POST', '/v1/keys', { name: o.name, role: o.role, team_member_id: o.member }))) as { key: string; role: string; id: string };
      if (o.json) return printJson(made);
      process.stderr.write(`Created ${made.role} key ${made.id}. Keep it now: it is not shown again.\n`);
      out(made.key);
    });
  keys
    .command('list')
    .description('List API keys (never their secrets)')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const rows = await listAll(loadConfig(), '/v1/keys');
      if (o.json) return printJson(rows);
      printTable(rows, ['id', 'name', 'role', 'prefix', 'team_member_id', 'created_at', 'last_used_at', 'revoked_at']);
    });
  keys
    .command('revoke')
    .description('Revoke an API key at once')
    .requiredOption('--key <id>', 'the key id (from keys list)')
    .option('--json', 'machine-readable output')
    .action(async (o: { key: string; json?: boolean }) => {
      const row = await withInstance(loadConfig(), (call) => call('POST', `/v1/keys/${encodeURIComponent(o.key)}/revoke`));
      if (o.json) return printJson(row);
      out(`Revoked ${o.key}.`);
    });

  const team = program.command('team').description('Team members: owners, managers, CSMs, executive sponsors');
  team
    .command('list')
    .description('List team members')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const rows = await listAll(loadConfig(), '/v1/team-members');
      if (o.json) return printJson(rows);
      printTable(rows, ['id', 'name', 'email', 'kind', 'manager_id']);
    });
  team
    .command('add')
    .description('Add a team member')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--email <email>', 'email (unique)')
    .addOption(new Option('--kind <kind>', 'their job').choices(MemberKind.options).makeOptionMandatory())
    .option('--manager <id>', 'their manager (a team member id)')
    .option('--json', 'machine-readable output')
    .action(async (o: { name: string; email: string; kind: string; manager?: string; json?: boolean }) => {
      const m = (await withInstance(loadConfig(), (call) => call('POST', '/v1/team-members', { name: o.name, email: o.email, kind: o.kind, manager_id: o.manager }))) as { id: string };
      if (o.json) return printJson(m);
      out(m.id);
    });

  const tasks = program.command('tasks').description('The task inbox: work handed to people');
  tasks
    .command('list')
    .description('List open tasks (everyone\'s, or one member\'s)')
    .option('--member <id>', 'only this team member\'s tasks')
    .addOption(new Option('--status <status>', 'which tasks').choices(['open', 'done', 'cancelled', 'all']).default('open'))
    .option('--json', 'machine-readable output')
    .action(async (o: { member?: string; status: string; json?: boolean }) => {
      const q = new URLSearchParams({ status: o.status, ...(o.member ? { assignee: o.member } : {}) });
      const rows = await listAll(loadConfig(), `/v1/tasks?${q}`);
      if (o.json) return printJson(rows);
      printTable(rows, ['id', 'assignee_id', 'kind', 'title', 'account_id', 'due_at', 'status']);
    });
  tasks
    .command('done')
    .description('Mark a task done')
    .requiredOption('--task <id>', 'the task id')
    .option('--json', 'machine-readable output')
    .action(async (o: { task: string; json?: boolean }) => {
      const t = await withInstance(loadConfig(), (call) => call('POST', `/v1/tasks/${encodeURIComponent(o.task)}/done`));
      if (o.json) return printJson(t);
      out(`Task ${o.task} done.`);
    });
  return program;
}
