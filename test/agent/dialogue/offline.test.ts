import { describe, expect, it } from 'vitest';
import { offlineTurn } from '../../../agent/dialogue/offline';
import type { ConversationState } from '../../../agent/graph/state';
import { playPrompt } from '../../../prompts/render';

// The scripted dialogue's manners at the last question of an NPS conversation ("anything else?").
const state = (lang: string) =>
  ({ conversationId: 'c', accountId: 'a', contactId: 'k', play: 'nps', channel: 'text', lang, promptVersion: '', thread: null, opening: '', step: 2, askedAgain: false, lines: [], heardSeq: -1, deliveredSeq: -1, captured: { nps: null, npsWhyTurn: null, reasonQuote: null, promises: [] }, ended: null, closed: null, wrapped: false }) as unknown as ConversationState;
const policy = { maxDiscountPercent: 20 } as Parameters<typeof offlineTurn>[3];

describe('the offline dialogue at "anything else?"', () => {
  it.each([
    ['en', 'no thanks'],
    ['en', 'Nope.'],
    ['fr', 'non merci'],
  ])('%s "%s" gets a goodbye, not an apology', (lang, text) => {
    const prompt = playPrompt('nps', lang);
    const d = offlineTurn(state(lang), text, prompt, policy);
    expect(d.before).toEqual([]);
    expect(d.calls.map((c) => c.name)).toContain('end_conversation');
  });

  it('still apologises for a complaint that starts with "no"', () => {
    const prompt = playPrompt('nps', 'en');
    const d = offlineTurn(state('en'), 'no, and honestly the support has been terrible and slow for months', prompt, policy);
    expect(d.before.length).toBe(1);
  });
});

describe('the offline dialogue of a payment recovery, answered "yes" to its question', () => {
  const recovery = (payAction: string) =>
    ({ ...state('en'), play: 'payment_recovery', step: 0, thread: { contact: 'Sam', account: 'Acme', ownerId: null, complaint: null, amount: '€49.00', atRisk: false, caseId: 'dc_1', payAction } }) as unknown as ConversationState;
  it.each(['update_payment_method', 'authenticate', 'fix_details'])('%s: sends the secure link', (action) => {
    expect(offlineTurn(recovery(action), 'Yes please', playPrompt('payment_recovery', 'en'), policy).calls.map((c) => c.name)).toContain('send_payment_link');
  });
  it.each(['contact_bank', 'none'])('%s: no link (the bank, or a retry, fixes it)', (action) => {
    expect(offlineTurn(recovery(action), 'Yes please', playPrompt('payment_recovery', 'en'), policy).calls.map((c) => c.name)).not.toContain('send_payment_link');
  });
});
