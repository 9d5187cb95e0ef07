import type { Command } from 'commander';
import { loadConfig } from '../server/config';
import { listAll, withInstance } from './instance';
import { printJson, printTable } from './output';

// `tenure alerts list`, `tenure escalations list|step|override`: score alerts and the escalation SOP.

export function alertCommands(program: Command): void {
  program
    .command('alerts')
    .description('Score alerts: zone transitions and steep drops')
    .command('list')
    .description('Alerts, newest first')
    .option('--account <id>', "one account (Tenure's id)")
    .option('--json', 'machine-readable output')
    .action(async (o: { account?: string; json?: boolean }) => {
      const rows = await listAll(loadConfig(), `/v1/alerts${o.account ? `?account_id=${encodeURIComponent(o.account)}` : ''}`);
      if (o.json) return printJson(rows);
      printTable(
        rows.map((r) => ({ ...r, kinds: (r.kinds as string[]).join('+'), change: `${r.previous_score} → ${r.score}`, action: (r.suggested_action as { text: string } | null)?.text ?? '' })),
        ['id', 'as_of', 'account_name', 'kinds', 'change', 'zone', 'action'],
      );
    });

  const e = program.command('escalations').description('Escalations of likely churners: list, complete a step, override the risk');
  e.command('list')
    .description('Escalations, newest first (default: open or overridden)')
    .option('--account <id>', "one account (Tenure's id)")
    .option('--state <state>', 'open, overridden, resolved, live or all', 'live')
    .option('--json', 'machine-readable output')
    .action(async (o: { account?: string; state: string; json?: boolean }) => {
      const q = new URLSearchParams({ state: o.state, ...(o.account ? { account_id: o.account } : {}) }).toString();
      const rows = await listAll(loadConfig(), `/v1/escalations?${q}`);
      if (o.json) return printJson(rows);
      printTable(
        rows.map((r) => ({
          ...r,
          next: ((r.steps as { step: string; state: string; due_at: string }[]).find((s) => s.state !== 'done') ?? { step: '', state: '', due_at: '' }),
        })).map((r) => ({ ...r, next_step: r.next.step ? `${r.next.step} (${r.next.state}, due ${r.next.due_at})` : 'none' })),
        ['id', 'account_name', 'state', 'zone', 'score', 'opened_at', 'next_step'],
      );
    });
  e.command('step')
    .description('Complete a step: assign, root_cause_call or mitigation_plan')
    .requiredOption('--escalation <id>', 'the escalation')
    .requiredOption('--step <step>', 'assign, root_cause_call or mitigation_plan')
    .option('--note <text>', 'what was done')
    .option('--csm <id>', 'assign: the CSM (team member id)')
    .option('--sponsor <id>', 'assign: the executive sponsor (team member id)')
    .option('--json', 'machine-readable output')
    .action(async (o: { escalation: string; step: string; note?: string; csm?: string; sponsor?: string; json?: boolean }) => {
      const body = { ...(o.note ? { note: o.note } : {}), ...(o.csm ? { csm_id: o.csm } : {}), ...(o.sponsor ? { sponsor_id: o.sponsor } : {}) };
      const r = await withInstance(loadConfig(), (call) => call('POST', `/v1/escalations/${encodeURIComponent(o.escalation)}/steps/${encodeURIComponent(o.step)}`, body));
      printJson(o.json ? r : { id: (r as { id: string }).id, state: (r as { state: string }).state });
    });
  e.command('override')
    .description('Downgrade the risk for a time, with a reason code and a note')
    .requiredOption('--escalation <id>', 'the escalation')
    .requiredOption('--reason <code>', 'renewal_confirmed, known_seasonality, data_issue, mitigation_in_place, relationship_strong or other')
    .requiredOption('--note <text>', 'why')
    .option('--days <n>', 'how long it holds (default TENURE_OVERRIDE_DAYS)')
    .action(async (o: { escalation: string; reason: string; note: string; days?: string }) => {
      const body = { reason_code: o.reason, note: o.note, ...(o.days ? { expires_in_days: Number(o.days) } : {}) };
      const r = await withInstance(loadConfig(), (call) => call('POST', `/v1/escalations/${encodeURIComponent(o.escalation)}/override`, body));
      printJson({ id: (r as { id: string }).id, state: (r as { state: string }).state, override: (r as { override: unknown }).override });
    });
}
