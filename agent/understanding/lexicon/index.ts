import { ChurnCategory, RiskFamily } from '../../contracts';
import { anyOf, CYRILLIC_WORD, expand, LATIN_WORD } from '../patterns';
import { en } from './en';
import { EVERYDAY } from './everyday';
import { fr } from './fr';
import { ru } from './ru';
import type { Lexicon } from './types';

export type { Lexicon } from './types';

/** The languages the offline provider has lexicons for. */
export const LANGS = ['en', 'fr', 'ru'] as const;
export type OfflineLang = (typeof LANGS)[number];

export const LEXICONS: Record<OfflineLang, Lexicon> = { en, fr, ru };

/** A lexicon with every pattern compiled once. */
export interface Compiled {
  lang: OfflineLang;
  risks: [RiskFamily, RegExp][];
  negators: Set<string>;
  weakNegators: Set<string>;
  contrast: Set<string>;
  intensifiers: Map<string, number>;
  hedges: RegExp | null;
  sentimentExact: Map<string, number>;
  sentimentStems: Map<string, number>;
  maxStem: number;
  phrases: RegExp | null;
  phraseList: [RegExp, number][];
  sarcasm: RegExp | null;
  /** Global: every dismissal in a text, found in one pass. */
  dismissal: RegExp | null;
  resolved: RegExp | null;
  competitorBefore: RegExp;
  competitorWeak: RegExp;
  competitorAfter: RegExp;
  notNames: Set<string>;
  formal: RegExp | null;
  informal: RegExp | null;
  reasons: [ChurnCategory, RegExp][];
  promises: RegExp | null;
  /** One regex for every feature; the capture group that matched (1-based) indexes featureKeys. */
  features: RegExp | null;
  featureKeys: string[];
}


function compile(lang: OfflineLang, lex: Lexicon): Compiled {
  const WORD = lang === 'ru' ? CYRILLIC_WORD : LATIN_WORD;
  const alt = (ps: readonly string[]) => ps.map((p) => expand(p, WORD)).join('|');
  const any = (ps: readonly string[]) => anyOf(ps, WORD);
  // any of the patterns as whole words (one word-end check for the lot: far cheaper than one each)
  const wholeWords = (ps: readonly string[]) => (ps.length ? new RegExp(`(?<!${WORD})(?:${alt(ps)})(?!${WORD})`, 'g') : null);
  const sentimentExact = new Map<string, number>();
  const sentimentStems = new Map<string, number>();
  const phrases: Record<string, number> = { ...lex.phrases };
  let maxStem = 0;
  for (const [entry, v] of Object.entries(lex.sentiment)) {
    if (entry.includes(' ')) phrases[entry.replace(/\*$/, '')] = v;
    else if (entry.endsWith('*')) {
      const stem = entry.slice(0, -1);
      sentimentStems.set(stem, v);
      maxStem = Math.max(maxStem, stem.length);
    } else sentimentExact.set(entry, v);
  }
  const phraseSources = Object.keys(phrases);
  return {
    lang,
    risks: RiskFamily.options.flatMap((f) => {
      const re = any(lex.risks[f]);
      return re ? [[f, re] as [RiskFamily, RegExp]] : [];
    }),
    negators: new Set(lex.negators),
    weakNegators: new Set(lex.weakNegators ?? []),
    contrast: new Set(lex.contrast),
    intensifiers: new Map(Object.entries(lex.intensifiers)),
    hedges: any(lex.hedges),
    sentimentExact,
    sentimentStems,
    maxStem,
    phrases: any(phraseSources),
    phraseList: phraseSources.map((p) => [new RegExp(`^(?:${expand(p, WORD)})`), phrases[p]!]),
    sarcasm: any(lex.sarcasm),
    dismissal: any(lex.dismissals),
    resolved: any(lex.resolved),
    competitorBefore: new RegExp(`(?<!${WORD})(?:${alt(lex.competitorBefore)})(?:\\s+(?:the|a|an|le|la|les|l'|un|une|des))?[\\s,:"]*$`),
    competitorWeak: new RegExp(`(?<!${WORD})(?:${alt(lex.competitorWeak)})[\\s,:"]*$`),
    competitorAfter: new RegExp(`^[\\s,"]*(?:${alt(lex.competitorAfter)})(?!${WORD})`),
    notNames: new Set(lex.notNames),
    // register markers are whole words ("u" must not match "us")
    formal: wholeWords(lex.formal),
    informal: wholeWords(lex.informal),
    // the language file's cues, then the everyday wording of the same reasons (everyday.ts)
    reasons: ChurnCategory.options.map((c) => [c, any([...lex.reasons[c], ...(EVERYDAY[lang][c] ?? [])])!] as [ChurnCategory, RegExp]),
    promises: any(lex.promises),
    features: Object.keys(lex.features).length ? new RegExp(`(?<!${WORD})(?:${Object.values(lex.features).map((ps) => `(${alt(ps)})`).join('|')})`, 'g') : null,
    featureKeys: Object.keys(lex.features),
  };
}

export const COMPILED: Record<OfflineLang, Compiled> = {
  en: compile('en', en),
  fr: compile('fr', fr),
  ru: compile('ru', ru),
};
