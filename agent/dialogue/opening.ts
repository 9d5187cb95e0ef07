import { say, type PlayPrompt } from '../../prompts/render';
import type { Thread } from '../graph/state';

/** The opening line: greeting, the dossier's thread when there is one, the disclosure, the play's first question. */
export function composeOpening(prompt: PlayPrompt, thread: Thread): string {
  const vars = { contact: thread.contact, account: thread.account, amount: thread.amount ?? '' };
  const parts = [say(prompt, 'greeting', vars)];
  const complaint = thread.complaint?.[prompt.lang];
  if (complaint) parts.push(say(prompt, 'thread', { complaint }));
  parts.push(say(prompt, 'disclosure'), say(prompt, 'ask', vars));
  return parts.join(' ');
}
