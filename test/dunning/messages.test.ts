import { describe, expect, it } from 'vitest';
import { customerMessage, DECLINE_CODES, FRAUD_CLASS, MESSAGES, MessageKey, MessageLang, route } from '../../dunning';

// Words that would tell a customer the bank suspects fraud, a lost or stolen card, a block list or a
// risk judgement, in every language Tenure speaks (stems, matched case-insensitively anywhere).
const FORBIDDEN: Record<MessageLang, string[]> = {
  en: ['fraud', 'stolen', 'steal', 'theft', 'thief', 'lost', 'loss', 'blacklist', 'block list', 'blocklist', 'blocked', 'suspic', 'suspect', 'risk', 'pick up', 'pickup', 'confiscat', 'seize', 'police', 'criminal'],
  fr: ['fraud', 'vol ', 'volé', 'voler', 'perdu', 'perte', 'liste noire', 'bloqu', 'suspect', 'soupçon', 'risque', 'confisq', 'saisie', 'police', 'crimin'],
  ru: ['мошен', 'фрод', 'краж', 'краден', 'украд', 'похищ', 'утер', 'потер', 'утрач', 'чёрн', 'черн', 'блокир', 'заблок', 'подозр', 'риск', 'изъят', 'конфиск', 'полиц', 'преступ'],
};

describe('customer messages', () => {
  it('exist for every message key in every language, and differ between languages', () => {
    for (const key of MessageKey.options) {
      for (const lang of MessageLang.options) expect(MESSAGES[key][lang].length).toBeGreaterThan(20);
      expect(new Set(Object.values(MESSAGES[key])).size).toBe(MessageLang.options.length);
    }
  });

  it('never name a fraud-class reason, in any language (every template scanned)', () => {
    const hits: string[] = [];
    for (const key of MessageKey.options) {
      for (const lang of MessageLang.options) {
        const text = MESSAGES[key][lang].toLowerCase();
        // every language's list is checked against every template: an English word in a French text counts too
        for (const word of Object.values(FORBIDDEN).flat()) if (text.includes(word)) hits.push(`${key} [${lang}]: "${word}"`);
      }
    }
    expect(hits).toEqual([]);
  });

  it('give every fraud-class decline exactly the generic decline\'s words', () => {
    for (const code of FRAUD_CLASS) {
      const d = code === 'highest_risk_level' ? route({ code: 'card_declined', outcome_reason: code }) : route({ code: 'card_declined', decline_code: code });
      for (const lang of MessageLang.options) expect(customerMessage(d.message_key, lang)).toBe(customerMessage('dunning.generic_decline', lang));
    }
  });

  it('keep an expired card apart from hardship', () => {
    const expired = customerMessage(route({ code: 'expired_card' }).message_key);
    expect(expired).toMatch(/expired/);
    expect(expired).not.toMatch(/balance|funds/);
    for (const row of Object.values(DECLINE_CODES)) expect(MessageKey.options).toContain(row.message_key);
  });
});
