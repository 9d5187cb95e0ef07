import { say, type PlayPrompt } from '../../prompts/render';
import { LINKABLE_ACTIONS } from '../../dunning/contract';
import type { Thread } from '../graph/state';

/** The opening line: greeting, the dossier's thread when there is one, the disclosure, the play's first question. */
export function composeOpening(prompt: PlayPrompt, thread: Thread): string {
  const vars = { contact: thread.contact, account: thread.account, amount: thread.amount ?? '' };
  const parts = [say(prompt, 'greeting', vars)];
  const complaint = thread.complaint?.[prompt.lang];
  if (complaint) parts.push(say(prompt, 'thread', { complaint }));
  parts.push(say(prompt, 'disclosure'), say(prompt, askLine(prompt, thread), vars));
  return parts.join(' ');
}

/**
 * A payment-recovery opening asks what the case needs (`ask.authenticate`, `ask.contact_bank`,
 * `ask.none`: a soft decline a retry will likely fix gets nothing alarming); a play or prompt version
 * without such a line asks its `ask`.
 */
export function askLine(prompt: PlayPrompt, thread: Pick<Thread, 'payAction'>): string {
  const key = thread.payAction ? `ask.${thread.payAction}` : null;
  return key && prompt.lines[key] ? key : 'ask';
}

/** Whether the open case's next step is a link the customer follows (update, authenticate, fix details). */
export function wantsLink(thread: Pick<Thread, 'payAction'> | null): boolean {
  return !thread?.payAction || LINKABLE_ACTIONS.includes(thread.payAction);
}
