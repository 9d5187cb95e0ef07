import { z } from 'zod';
import { createPayLink } from '../../dunning/links/pay-links';
import { TenureError } from '../../server/errors';
import { say } from '../../prompts/render';
import { createTask } from '../../team/tasks';
import { summarize } from '../understanding';
import { suppress } from '../policy/suppress';
import { taskAssignee, transcriptText } from './assignee';
import { defineTool, type ToolContext } from './types';

// Tools that hand work to people or change who may be contacted: tasks through team's
// createTask() (keyed by conversation, so a replayed turn makes one), and suppress().

async function task(ctx: ToolContext, kind: string, title: string, body: string, dueAt?: Date) {
  const assignee = await taskAssignee(ctx.tx, ctx.state.thread?.ownerId ?? null);
  if (!assignee) return null;
  const t = await createTask(ctx.tx, ctx.clock, {
    assigneeId: assignee, kind, title, body, accountId: ctx.state.accountId, source: 'agent',
    dedupeKey: `agent:${ctx.state.conversationId}:${kind}`, dueAt: dueAt ?? null,
  });
  return t.id;
}

function summaryOf(ctx: ToolContext): string {
  const turns = ctx.state.lines.map((l) => ({ id: l.turnId, speaker: l.role, text: l.text }));
  turns.push({ id: ctx.turn.id, speaker: 'customer', text: ctx.turn.text });
  return summarize({ conversation_id: ctx.state.conversationId, turns, lang: ctx.state.lang }).summary;
}

export const handOff = defineTool({
  name: 'hand_off',
  description: 'Hand the conversation to a person on the account team, with the transcript and a summary.',
  parameters: z.object({ why: z.string().max(500).optional() }),
  async run(ctx, { why }) {
    const summary = summaryOf(ctx);
    const transcript = transcriptText([...ctx.state.lines, { role: 'customer', text: ctx.turn.text }]);
    const taskId = await task(ctx, 'handoff', `Customer asked for a person: ${ctx.state.thread?.account ?? ctx.state.accountId}`, `${why ? `Why: ${why}\n\n` : ''}Summary: ${summary}\n\nTranscript:\n${transcript}`);
    return { say: say(ctx.prompt, 'handoff'), end: { reason: 'handoff', summary }, result: { task_id: taskId } };
  },
});

export const scheduleCallback = defineTool({
  name: 'schedule_callback',
  description: 'Schedule a call back at a time the customer asked for.',
  parameters: z.object({ in_hours: z.number().min(1).max(24 * 30), when_words: z.string().min(1).max(100) }),
  async run(ctx, { in_hours, when_words }) {
    const due = new Date(ctx.clock.now().getTime() + in_hours * 3_600_000);
    const taskId = await task(ctx, 'callback', `Call back ${ctx.state.thread?.contact ?? 'the customer'} (${ctx.state.thread?.account ?? ctx.state.accountId})`, `They asked to be called back ${when_words}.\n\n${summaryOf(ctx)}`, due);
    const promises = [...ctx.state.captured.promises, { by: 'vendor' as const, text: `call back ${when_words}`, turnId: ctx.turn.id, dueInDays: Math.ceil(in_hours / 24) }];
    return { say: say(ctx.prompt, 'callback', { when: when_words }), captured: { promises }, result: { task_id: taskId, due_at: due.toISOString() } };
  },
});

// The link comes from dunning.createPayLink(caseId) (CONTRACTS.md section 7): the customer gets it in
// the reply; the tool's result names its purpose and expiry, never the URL (results are logged).
// Without an open case to pay (or one a link cannot fix), a person is asked to follow up instead.
export const sendPaymentLink = defineTool({
  name: 'send_payment_link',
  description: 'Send the customer a secure link to update their payment details for the open payment problem.',
  parameters: z.object({}),
  async run(ctx) {
    const caseId = ctx.state.thread?.caseId ?? null;
    const link = caseId ? await createPayLink(ctx.tx, ctx.clock, caseId).catch((e: unknown) => (e instanceof TenureError ? null : Promise.reject(e))) : null;
    const promises = [...ctx.state.captured.promises, { by: 'vendor' as const, text: 'send a payment link', turnId: ctx.turn.id, dueInDays: 1 }];
    if (link) {
      return { say: `${say(ctx.prompt, 'payment_link')} ${link.url}`, captured: { promises }, result: { case_id: caseId, link: link.purpose, expires_at: link.expires_at } };
    }
    const taskId = await task(ctx, 'payment_link', `Send a payment link to ${ctx.state.thread?.account ?? ctx.state.accountId}`, `The customer asked for a link to update their payment details${caseId ? ` (case ${caseId})` : ''}.`);
    return { say: say(ctx.prompt, 'payment_link'), captured: { promises }, result: { task_id: taskId, case_id: caseId } };
  },
});

export const markDoNotContact = defineTool({
  name: 'mark_do_not_contact',
  description: 'The customer asked not to be contacted again: record it and end the conversation politely.',
  parameters: z.object({}),
  async run(ctx) {
    await suppress(ctx.tx, ctx.clock, { contactId: ctx.state.contactId, reason: 'do_not_contact', at: ctx.clock.now().toISOString() });
    return { say: say(ctx.prompt, 'stop'), end: { reason: 'opted_out' }, result: { suppressed: ctx.state.contactId } };
  },
});

export const endConversation = defineTool({
  name: 'end_conversation',
  description: 'End the conversation after saying goodbye, once the customer has nothing more to add.',
  parameters: z.object({}),
  async run() {
    return { end: { reason: 'completed' }, result: {} };
  },
});
