import { describe, expect, it } from 'vitest';
import { analyzeTurn, extractReason, summarize, type Transcript } from '../../../agent/understanding';
import { hear } from '../../../agent/understanding/analyze';

// A wrap-up reads the same transcript for its summary, its reason and each turn's analysis; with the
// transcript as the scope each turn is heard once (analyze.ts). What it hears must not change:
// every answer is the one a fresh reading gives, whatever language each reader asks for.

const conversations: Transcript[] = [
  {
    conversation_id: 'c_en', lang: 'en', turns: [
      { id: 't0', speaker: 'agent', text: 'Hi Sam, on a scale of 0 to 10, how likely are you to recommend us? I will send you the report by Friday.' },
      { id: 't1', speaker: 'customer', text: '6' },
      { id: 't2', speaker: 'agent', text: 'What is the main reason for your score?' },
      { id: 't3', speaker: 'customer', text: 'Honestly it is too expensive for what we use, and Zoho quoted us half the price.' },
      { id: 't4', speaker: 'customer', text: 'We will decide by the end of the month, I promise to call you back.' },
    ],
  },
  {
    conversation_id: 'c_fr', lang: 'fr', turns: [
      { id: 't0', speaker: 'agent', text: 'Bonjour, comment se passe votre utilisation ?' },
      { id: 't1', speaker: 'customer', text: "C'est trop cher pour nous, on va résilier à la fin du mois." },
      { id: 't2', speaker: 'customer', text: 'Actually the support never answers our tickets.' },
    ],
  },
  {
    // a language with no lexicon: heard with the English rules, reported as asked
    conversation_id: 'c_de', lang: 'de', turns: [
      { id: 't1', speaker: 'customer', text: 'The reports are slow and our budget is cut this quarter.' },
    ],
  },
];

const fresh = (t: Transcript): Transcript => structuredClone(t);

describe('hearing a transcript once', () => {
  it.each(conversations.map((c) => [c.conversation_id, c] as const))('gives the same summary, reason and analyses as fresh readings (%s)', (_id, c) => {
    const scoped = fresh(c);
    const together = {
      summary: summarize(scoped),
      reason: extractReason(scoped),
      analyses: scoped.turns.filter((t) => t.speaker === 'customer').map((t) => analyzeTurn(t.text, undefined, scoped)),
      asked: scoped.turns.map((t) => analyzeTurn(t.text, scoped.lang, scoped)),
    };
    const apart = {
      summary: summarize(fresh(c)),
      reason: extractReason(fresh(c)),
      analyses: c.turns.filter((t) => t.speaker === 'customer').map((t) => analyzeTurn(t.text)),
      asked: c.turns.map((t) => analyzeTurn(t.text, c.lang)),
    };
    expect(together).toEqual(apart);
  });

  it('hears a turn once per language in a scope, and afresh outside it', () => {
    const scope = {};
    const text = 'It is too expensive for us.';
    expect(hear(text, 'en', scope)).toBe(hear(text, 'en', scope));
    expect(hear(text, 'en')).not.toBe(hear(text, 'en'));
    // the same words asked as German are the English reading, reported as German
    expect(hear(text, 'de', scope)).toMatchObject({ lang: 'en', reportedLang: 'de' });
    expect(hear(text, 'en', scope).reportedLang).toBe('en');
    expect(hear(text, 'fr', scope)).not.toBe(hear(text, 'en', scope));
  });
});
