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
