import { describe, expect, it } from 'vitest';
import { Play } from '../../../agent/contracts/common';
import { composeOpening } from '../../../agent/dialogue/opening';
import type { Thread } from '../../../agent/graph/state';
import { fill, instructions, parsePrompt, playPrompt, PROMPT_LANGS, say } from '../../../prompts/render';

// Prompt files are reviewed like code: each play's rendered opening and model instructions, in
// English and French, are snapshots, so any wording change shows up in the diff.

const thread: Thread = {
  contact: 'Sam', account: 'Acme', ownerId: null, atRisk: true, caseId: 'dc_1', amount: '€120.00',
  complaint: { en: 'the price', fr: 'du prix' }, payAction: 'update_payment_method',
};

describe('prompt files', () => {
  it('every play has every line in both languages, and the same keys in each', () => {
    for (const play of Play.options) {
      const [en, fr] = PROMPT_LANGS.map((l) => playPrompt(play, l));
      expect(Object.keys(fr!.lines).sort()).toEqual(Object.keys(en!.lines).sort());
      for (const key of ['goal', 'greeting', 'ask', 'follow', 'more', 'instructions', 'disclosure', 'goodbye', 'stop']) expect(en!.lines[key], `${play} ${key}`).toBeTruthy();
      expect(en!.version).toMatch(new RegExp(`^${play}/v\\d+\\+common/v\\d+$`));
    }
  });

  it('an earlier version still renders as it was: a stored conversation names the prompt it used', () => {
    expect(playPrompt('payment_recovery', 'en').version).toBe('payment_recovery/v2+common/v1');
    expect(playPrompt('payment_recovery', 'en', 'payment_recovery/v1+common/v1').lines.goal).toContain('never mention fraud');
    expect(playPrompt('payment_recovery', 'en').lines.goal).not.toMatch(/fraud/i);
    expect(playPrompt('payment_recovery', 'fr').lines.goal).not.toMatch(/fraude/i);
  });

  it('a missing variable is an error, never blank words', () => {
    expect(() => fill('Hello {{contact}}.', {})).toThrow(/\{\{contact\}\} has no value/);
    expect(() => say(playPrompt('nps', 'en'), 'no_such_line')).toThrow(/has no line no_such_line/);
    expect(parsePrompt('# comment\n## a\nline one\nline two\n## b\n\nx\n')).toEqual({ a: 'line one\nline two', b: 'x' });
  });

  it('a payment-recovery opening asks what the case needs, in both languages; an older prompt asks its one question', () => {
    const open = (lang: string, payAction: Thread['payAction']) => composeOpening(playPrompt('payment_recovery', lang), { ...thread, complaint: null, payAction });
    expect(open('en', 'update_payment_method')).toMatch(/secure link to update your payment details\?$/);
    expect(open('en', 'authenticate')).toMatch(/confirm your last payment of €120\.00.*secure link to confirm it\?$/);
    expect(open('fr', 'authenticate')).toMatch(/confirmer votre dernier paiement.*lien sécurisé pour le confirmer \?$/);
    expect(open('en', 'contact_bank')).toMatch(/Your bank declined your last payment of €120\.00\. Could you ask them/);
    expect(open('fr', 'contact_bank')).toMatch(/Votre banque a refusé/);
    // a soft decline a retry will likely fix: nothing to do, no link offered
    for (const lang of PROMPT_LANGS) expect(open(lang, 'none')).not.toMatch(/link|lien/);
    expect(open('en', 'none')).toContain("there's nothing you need to do");
    expect(composeOpening(playPrompt('payment_recovery', 'en', 'payment_recovery/v1+common/v1'), { ...thread, payAction: 'contact_bank' })).toMatch(/secure link to update your payment details\?$/);
  });

  it('the NPS opening asks for the 0–10 score', () => {
    expect(composeOpening(playPrompt('nps', 'en'), thread)).toMatch(/from 0 to 10.*\?$/);
    expect(composeOpening(playPrompt('nps', 'fr'), thread)).toMatch(/de 0 à 10.*\?$/);
  });

  for (const play of Play.options) {
    for (const lang of PROMPT_LANGS) {
      it(`renders ${play} in ${lang}`, () => {
        const p = playPrompt(play, lang);
        expect({
          opening: composeOpening(p, thread),
          opening_without_history: composeOpening(p, { ...thread, complaint: null }),
          instructions: instructions(p, 'Customer contact: Sam, at Acme.'),
        }).toMatchSnapshot();
      });
    }
  }
});
