import { say, type PlayPrompt } from '../../prompts/render';
import type { ToolCallRequest, ToolPolicy } from '../models/policy';
import { matchOptOut } from '../policy/opt-out';
import { analyzeTurn } from '../understanding';
import type { ConversationState } from '../graph/state';
import { wantsLink } from './opening';
import { callbackWhen, discountAsked, npsScore, pauseAsked, saysAlreadyExplained, saysNo, wantsCallback, wantsHandoff, wantsPaymentLink, saysYes } from './intents';

// The scripted dialogue of the offline provider: the same tools a remote model gets, asked for by
// plain rules, and the lines of the play's prompt file. The play asks three things in order (its
// opening question, a follow-up, "anything else?"), then says goodbye; requests are served whenever
// they come, and the customer is never asked for what the dossier already holds.

export interface Decision {
  calls: ToolCallRequest[];
  /** said before what the tools say (an apology, an acknowledgement) */
  before: string[];
  /** said after them: the next question or the goodbye */
  after: string[];
  step: number;
  askedAgain: boolean;
  /** the customer turn that explained an NPS score */
  npsWhy: boolean;
}

const QUESTION = ['ask', 'follow', 'more'];

export function offlineTurn(state: ConversationState, text: string, prompt: PlayPrompt, policy: ToolPolicy): Decision {
  const d: Decision = { calls: [], before: [], after: [], step: state.step, askedAgain: state.askedAgain, npsWhy: false };
  // a "stop" is never argued with, and a person asked for is never refused
  if (matchOptOut(text, prompt.lang)) return { ...d, calls: [{ name: 'mark_do_not_contact', arguments: {} }] };
  if (wantsHandoff(text)) return { ...d, calls: [{ name: 'hand_off', arguments: { why: 'the customer asked for a person' } }] };

  const discount = discountAsked(text);
  if (discount) d.calls.push({ name: 'offer_discount', arguments: { percent: discount.percent ?? policy.maxDiscountPercent, months: discount.months } });
  const pause = pauseAsked(text);
  if (pause) d.calls.push({ name: 'offer_pause', arguments: { months: pause.months } });
  if (wantsCallback(text)) {
    const when = callbackWhen(text, prompt.lang);
    d.calls.push({ name: 'schedule_callback', arguments: { in_hours: when.hours, when_words: when.words } });
  }
  if (wantsPaymentLink(text) || (state.play === 'payment_recovery' && state.step === 0 && saysYes(text) && wantsLink(state.thread))) d.calls.push({ name: 'send_payment_link', arguments: {} });

  const colleague = saysAlreadyExplained(text);
  const complaint = state.thread?.complaint?.[prompt.lang];
  if (colleague) d.before.push(complaint ? say(prompt, 'colleague', { complaint }) : say(prompt, 'colleague_none'));
  // a bare "no thanks" closes politely: it is not a complaint to apologise for
  else if (!isBareNo(text) && analyzeTurn(text, prompt.lang).sentiment.label === 'negative') d.before.push(say(prompt, 'sorry'));

  if (state.play === 'nps' && state.step === 0) {
    const score = npsScore(text);
    if (score !== null) {
      d.calls.unshift({ name: 'record_nps', arguments: { score } });
      // "7, because it's too expensive": the why came with the score (words after it, not "I'd say a 7")
      const after = text.slice((/\d+/.exec(text)?.index ?? text.length) + 2).replace(/[^\p{L}']+/gu, ' ').trim().split(' ').filter(Boolean);
      d.step = after.length >= 3 ? 2 : 1;
      d.npsWhy = d.step === 2;
    } else if (!state.askedAgain && d.calls.length === 0 && !colleague) {
      return { ...d, after: [say(prompt, 'ask_again')], askedAgain: true };
    } else d.step = 1;
  } else {
    d.npsWhy = state.play === 'nps' && state.step === 1;
    d.step = state.step + 1;
  }
  // "I already told your colleague" when asked why: the why is known, move on
  if (colleague && d.step === 1) d.step = 2;
  if (d.step >= QUESTION.length) {
    d.after.push(say(prompt, 'goodbye'));
    d.calls.push({ name: 'end_conversation', arguments: {} });
  } else d.after.push(say(prompt, QUESTION[d.step]!, vars(state)));
  return d;
}

const isBareNo = (text: string) => saysNo(text) && text.trim().split(/\s+/).length <= 3;

export function vars(state: ConversationState): Record<string, string | undefined> {
  return { contact: state.thread?.contact, account: state.thread?.account, amount: state.thread?.amount ?? undefined };
}
