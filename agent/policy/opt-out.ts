import type { Lang } from '../contracts/common';

// The opt-out words, per language (CONTRACTS.md section 6): the one list telephony's inbound check
// and the conversation graph both read. A single carrier keyword ("STOP") is an opt-out on its own;
// the phrases must appear as words in a longer message.

const KEYWORDS = ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'arret', 'arrêt', 'стоп'];

const PHRASES: Record<string, string[]> = {
  en: [
    'stop calling', 'stop contacting', 'stop texting', 'stop messaging', "don't call me", 'do not call me', "don't contact me", 'do not contact me',
    'never call me', 'never contact me', 'remove me from', 'take me off', 'leave me alone', 'no more calls', 'unsubscribe me', 'opt out',
  ],
  fr: [
    'arrêtez de m', 'arretez de m', 'ne m\'appelez plus', 'ne me contactez plus', 'ne plus être contacté', 'ne plus etre contacte', 'retirez-moi',
    'laissez-moi tranquille', 'plus d\'appels', 'désinscrivez-moi', 'desinscrivez-moi',
  ],
  ru: ['не звоните', 'не пишите', 'больше не звоните', 'отпишите меня', 'оставьте меня в покое'],
};

const fold = (s: string) => s.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim();

/** The keyword or phrase matched, or null. All languages are checked: a French speaker may text STOP. */
export function matchOptOut(text: string, lang?: Lang): string | null {
  const t = fold(text);
  const bare = t.replace(/[.!?\s]+$/g, '');
  if (KEYWORDS.includes(bare)) return bare;
  const order = lang ? [lang.slice(0, 2), ...Object.keys(PHRASES)] : Object.keys(PHRASES);
  for (const l of order) for (const p of PHRASES[l] ?? []) if (t.includes(p)) return p;
  return null;
}
