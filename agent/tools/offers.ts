import { z } from 'zod';
import { say } from '../../prompts/render';
import { createTask } from '../../team/tasks';
import { taskAssignee } from './assignee';
import { defineTool, type ToolContext } from './types';

// Offers within the configured limits are made at once (and kept as our promise); above them the
// policy answers "a person decides" and the offer becomes an approval with a task for a CSM. The
// agent says it will confirm and carries on: no line is held open waiting for a person.

const Discount = z.object({ percent: z.number().min(0).max(100), months: z.number().int().min(1).max(24).default(3) });
/** "1 month", "3 months", "3 mois": said, not computed by the prompt. */
export const duration = (months: number, lang: string) => (lang === 'fr' ? `${months} mois` : `${months} month${months === 1 ? '' : 's'}`);

const Pause = z.object({ months: z.number().int().min(1).max(12) });

export const offerDiscount = defineTool({
  name: 'offer_discount',
  description: 'Offer a discount of some percent for some months, within the limits you were given.',
  parameters: Discount,
  async run(ctx, { percent, months }) {
    const promises = [...ctx.state.captured.promises, { by: 'vendor' as const, text: `${percent}% off for ${months} months`, turnId: ctx.turn.id, dueInDays: null }];
    return { say: say(ctx.prompt, 'discount_granted', { percent, duration: duration(months, ctx.prompt.lang) }), captured: { promises }, result: { percent, months } };
  },
});

export const offerPause = defineTool({
  name: 'offer_pause',
  description: 'Offer to pause the subscription for some months, within the limits you were given.',
  parameters: Pause,
  async run(ctx, { months }) {
    const promises = [...ctx.state.captured.promises, { by: 'vendor' as const, text: `pause for ${months} months`, turnId: ctx.turn.id, dueInDays: null }];
    return { say: say(ctx.prompt, 'pause_granted', { duration: duration(months, ctx.prompt.lang) }), captured: { promises }, result: { months } };
  },
});

/** An offer above the limits: an approval row and a CSM task, once per conversation and kind. */
export async function requestApproval(ctx: ToolContext, kind: 'discount' | 'pause', terms: Record<string, unknown>): Promise<{ approvalId: string; taskId: string | null }> {
  // one approval per conversation and kind: its id is that natural key
  const id = `apr_${ctx.state.conversationId}_${kind}`;
  const { rows } = await ctx.tx.query<{ id: string }>(
    `INSERT INTO approvals (id, conversation_id, account_id, kind, terms, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (conversation_id, kind) DO UPDATE SET terms = approvals.terms RETURNING id`,
    [id, ctx.state.conversationId, ctx.state.accountId, kind, JSON.stringify(terms), ctx.clock.now()],
  );
  const approvalId = rows[0]!.id;
  const assignee = await taskAssignee(ctx.tx, ctx.state.thread?.ownerId ?? null);
  let taskId: string | null = null;
  if (assignee) {
    const what = kind === 'discount' ? `${terms.percent}% off for ${terms.months} months` : `a ${terms.months}-month pause`;
    const task = await createTask(ctx.tx, ctx.clock, {
      assigneeId: assignee, kind: 'approval', title: `Approve ${what} for ${ctx.state.thread?.account ?? ctx.state.accountId}?`,
      body: `The customer asked for ${what}, above the agent's limit.\nDecide with POST /v1/approvals/${approvalId} {"decision": "approve" | "reject"}.\n\nThey said: "${ctx.turn.text}"`,
      accountId: ctx.state.accountId, source: 'agent', dedupeKey: `approval:${approvalId}`,
    });
    taskId = task.id;
    await ctx.tx.query('UPDATE approvals SET task_id = $2 WHERE id = $1', [approvalId, taskId]);
  }
  return { approvalId, taskId };
}
