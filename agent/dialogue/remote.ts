import { instructions, type PlayPrompt } from '../../prompts/render';
import { streamChat, type ChatLine } from '../models/chat';
import type { ToolCallRequest } from '../models/policy';
import { NoRedaction, Redactor } from '../models/redact';
import type { ModelCall } from '../models/usage';
import { TOOLS } from '../tools/registry';
import type { GraphDeps } from '../graph/deps';
import type { ConversationState, Line } from '../graph/state';
import type { CustomerAction } from '../../dunning/contract';

// The same play with a remote model: the play's prompt as instructions, the conversation as
// messages, the same tools. Tokens go out as they arrive; tool calls come back for the policy
// check point. A tool call that names no tool or fails its schema is kept as 'invalid' and never run.

export interface RemoteAnswer {
  calls: ToolCallRequest[];
  modelCalls: ModelCall[];
}

const PAY_ACTION_WORDS: Record<CustomerAction, string> = {
  update_payment_method: 'update the card (offer the secure link).',
  authenticate: 'confirm the payment with their bank (offer the secure link).',
  fix_details: 'correct the card details (offer the secure link).',
  contact_bank: 'ask their bank to allow the payment; no link will help.',
  none: 'nothing: it will be retried automatically; do not alarm them.',
};

function context(state: ConversationState): string {
  const t = state.thread;
  if (!t) return '(nothing known)';
  return [
    `Customer contact: ${t.contact}, at ${t.account}.`,
    t.complaint ? `Their last complaint: ${t.complaint.en}.` : 'No earlier complaint on record.',
    t.amount ? `An unpaid amount of ${t.amount} is open.` : '',
    t.amount && t.payAction ? `What the customer can do about it: ${PAY_ACTION_WORDS[t.payAction]}` : '',
    `Language: ${state.lang}.`,
  ].filter(Boolean).join('\n');
}

export async function remoteTurn(deps: GraphDeps, state: ConversationState, heard: Line[], prompt: PlayPrompt, onToken: (t: string) => void): Promise<RemoteAnswer> {
  const client = deps.chat!;
  const history: ChatLine[] = [...state.lines, ...heard].map((l) => ({ role: l.role, text: l.text }));
  const calls: ToolCallRequest[] = [];
  const modelCalls: ModelCall[] = [];
  for await (const ev of streamChat(client, {
    conversationId: state.conversationId,
    instructions: instructions(prompt, context(state)),
    history,
    tools: TOOLS.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })),
    redactor: client.settings.redact ? new Redactor() : new NoRedaction(),
    lang: state.lang,
  })) {
    if (ev.type === 'token') onToken(ev.text);
    else if (ev.type === 'tool_call') calls.push({ name: ev.name, arguments: ev.arguments });
    // run through the check point anyway, so the refusal is logged with its reason
    else if (ev.type === 'tool_call_invalid') calls.push({ name: ev.name, arguments: { __invalid: ev.error } });
    else if (ev.type === 'done') modelCalls.push(ev.call);
  }
  return { calls, modelCalls };
}
