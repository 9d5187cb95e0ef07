import type { Command } from 'commander';
import { loadConfig } from '../server/config';
import { listAll, withInstance } from './instance';
import { out, printJson, printTable } from './output';

// `tenure conversations list|show`: what the agent said and heard, and what it recorded.

interface Shown {
  id: string; play: string | null; channel: string; status: string; end_reason: string | null; prompt_version: string | null;
  turns: { seq: number; role: string; text: string; interrupted: boolean }[];
  tool_calls: { name: string; turn_seq: number; status: string; arguments: unknown }[];
  reason: { category: string; verbatim: string } | null; nps: number | null; nps_comment: string | null; summary: string | null; outcome: string | null;
}

export function conversationsCommands(program: Command): void {
  const c = program.command('conversations').description('Conversations: list them, show one with its turns and tool calls');
  c.command('list')
    .description('Conversations, newest first')
    .option('--account <id>', "one account (Tenure's id)")
    .option('--status <status>', 'open, completed or failed')
    .option('--json', 'machine-readable output')
    .action(async (o: { account?: string; status?: string; json?: boolean }) => {
      const q = new URLSearchParams({ ...(o.account ? { account_id: o.account } : {}), ...(o.status ? { status: o.status } : {}) }).toString();
      const rows = await listAll(loadConfig(), `/v1/conversations${q ? `?${q}` : ''}`);
      if (o.json) return printJson(rows);
      printTable(
        rows.map((r) => ({ ...r, reason: (r.reason as { category?: string } | null)?.category ?? '', nps: r.nps ?? '', outcome: r.outcome ?? '' })),
        ['id', 'status', 'play', 'channel', 'started_at', 'reason', 'nps', 'outcome'],
      );
    });
  c.command('show')
    .description('One conversation: turns, tool calls, churn reason, prompt version')
    .argument('<id>', 'the conversation id')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: { json?: boolean }) => {
      const conv = (await withInstance(loadConfig(), (call) => call('GET', `/v1/conversations/${encodeURIComponent(id)}`))) as Shown;
      if (o.json) return printJson(conv);
      out(`${conv.id}  ${conv.play ?? ''} by ${conv.channel}, ${conv.status}${conv.end_reason ? ` (${conv.end_reason})` : ''}, prompt ${conv.prompt_version ?? '-'}`);
      for (const t of conv.turns) out(`  ${String(t.seq).padStart(2)} ${t.role === 'agent' ? 'agent   ' : 'customer'} ${t.text}${t.interrupted ? ' [cut]' : ''}`);
      for (const t of conv.tool_calls) out(`  tool ${t.name} (turn ${t.turn_seq}): ${t.status} ${JSON.stringify(t.arguments)}`);
      if (conv.reason) out(`  reason: ${conv.reason.category}: "${conv.reason.verbatim}"`);
      if (conv.nps !== null) out(`  NPS: ${conv.nps}${conv.nps_comment ? `: "${conv.nps_comment}"` : ''}`);
      if (conv.summary) out(`  summary: ${conv.summary}`);
      if (conv.outcome) out(`  outcome: ${conv.outcome}`);
    });
}
