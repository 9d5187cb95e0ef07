import { newId } from '../../db/ids';
import type { QueryResultRow } from 'pg';
import type { Tx } from '../../db/transaction';
import { checkToolCall, type ToolCallRequest, type ToolPolicy } from '../models/policy';
import { requestApproval } from './offers';
import { toolNamed } from './registry';
import type { ToolContext, ToolResult } from './types';

// The one way a tool runs: the policy check point first, then the zod arguments, then the tool;
// every call (refused ones too) is logged in tool_calls, by the statement that stores the turn's
// reply (`logToolCalls`). A failing tool becomes words, never an exception that leaves the customer
// in silence.

export type ToolStatus = 'done' | 'refused' | 'invalid' | 'failed' | 'approval';

export async function runToolCall(ctx: ToolContext, call: ToolCallRequest, policy: ToolPolicy): Promise<ToolResult & { status: ToolStatus; log: ToolCallLog }> {
  const tool = toolNamed(call.name);
  let out: ToolResult & { status: ToolStatus };
  if (!tool || '__invalid' in call.arguments) {
    out = { status: 'invalid', result: { error: tool ? String(call.arguments.__invalid) : `no tool named ${call.name}` } };
  } else {
    const decision = checkToolCall(call, policy, ctx.prompt.lang);
    const args = tool.parameters.safeParse(call.arguments);
    if (!decision.allowed && decision.approval) {
      const kind = call.name === 'offer_pause' ? 'pause' : 'discount';
      const terms = kind === 'pause' ? { months: Number(call.arguments.months) } : { percent: Number(call.arguments.percent), months: Number(call.arguments.months ?? 3) };
      const { approvalId, taskId } = await requestApproval(ctx, kind, terms);
      out = { status: 'approval', say: decision.say, approvalId, result: { approval_id: approvalId, task_id: taskId, reason: decision.reason } };
    } else if (!decision.allowed) {
      out = { status: 'refused', say: decision.say, result: { reason: decision.reason } };
    } else if (!args.success) {
      out = { status: 'invalid', result: { error: args.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } };
    } else {
      // a savepoint, so a tool whose SQL fails leaves the turn's transaction usable; taken at the
      // tool's first statement, so a tool that only captures (record_nps, end_conversation) costs
      // no round trips before the customer hears the answer
      let savepoint: Promise<unknown> | null = null;
      const tx: Tx = {
        inTransaction: true,
        async query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]) {
          await (savepoint ??= ctx.tx.query('SAVEPOINT tool'));
          return ctx.tx.query<R>(text, values);
        },
      };
      try {
        out = { status: 'done', ...(await tool.run({ ...ctx, tx }, args.data)) };
        if (savepoint) await ctx.tx.query('RELEASE SAVEPOINT tool');
      } catch (err) {
        if (savepoint) await ctx.tx.query('ROLLBACK TO SAVEPOINT tool');
        out = { status: 'failed', result: { error: err instanceof Error ? err.message : String(err) } };
      }
    }
  }
  const log: ToolCallLog = {
    id: newId('tc'), turn_seq: ctx.turn.seq, name: call.name, arguments: call.arguments, status: out.status, result: out.result, at: ctx.clock.now(),
  };
  return { ...out, log };
}

/** One tool call as logged in tool_calls; the turn stores its calls with its reply, in one statement. */
export interface ToolCallLog {
  id: string;
  turn_seq: number;
  name: string;
  arguments: Record<string, unknown>;
  status: ToolStatus;
  result: Record<string, unknown>;
  at: Date;
}

/**
 * The CTE that logs a turn's tool calls, for the statement that stores the reply: `$conv` is the
 * conversation id and `$calls` the calls as a JSON array. A replayed turn logs them once.
 */
export const logToolCalls = (conv: number, calls: number) => `log_tool_calls AS (
  INSERT INTO tool_calls (id, conversation_id, turn_seq, name, arguments, status, result, at)
  SELECT c.id, $${conv}, c.turn_seq, c.name, c.arguments, c.status, c.result, c.at
  FROM jsonb_to_recordset($${calls}::jsonb) AS c(id text, turn_seq integer, name text, arguments jsonb, status text, result jsonb, at timestamptz)
  ON CONFLICT (conversation_id, turn_seq, name) DO NOTHING)`;
