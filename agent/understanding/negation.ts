import type { Compiled } from './lexicon';
import type { Token } from './text';

// Negation scope: a negator counts for what follows it in the same clause, within a few words
// ("we're not hesitating at all", "on n'hésite pas", "мы не сомневаемся"). A clause ends at , ; :
// a sentence end, or a contrast word ("but", "mais", "но"). French splits its negation around the
// verb ("on ne va pas résilier"): both halves count, and "plus" only counts next to "ne".

const WINDOW: Record<string, number> = { en: 4, fr: 5, ru: 3 };

export function isNegator(c: Compiled, word: string): boolean {
  if (c.negators.has(word)) return true;
  return c.lang === 'en' && word.endsWith("n't");
}

/** Is the word at token index `at` (or the phrase starting there) negated by words before it? */
/** Russian also negates after the noun: "жалоб нет", "проблем нет" (the next word, same clause). */
export function negatedAfter(c: Compiled, tokens: Token[], at: number): boolean {
  const next = tokens[at + 1];
  return c.lang === 'ru' && next !== undefined && !next.clauseBreak && next.text === 'нет';
}

export function negatedAt(c: Compiled, tokens: Token[], at: number): boolean {
  const window = WINDOW[c.lang]!;
  if (at >= tokens.length || tokens[at]!.clauseBreak) return false;
  let sawNe = false;
  let sawWeak = false;
  for (let i = at - 1, n = 0; i >= 0 && n < window; i--, n++) {
    const t = tokens[i]!;
    if (c.contrast.has(t.text)) break;
    if (isNegator(c, t.text)) {
      if (c.lang === 'fr' && (t.text === 'ne' || t.text === "n'" || t.text === 'n')) sawNe = true;
      else return true;
    }
    if (c.weakNegators.has(t.text)) sawWeak = true;
    if (tokens[i]!.clauseBreak) break;
  }
  // "ne" alone negates too (spoken French often drops "pas", written French never drops "ne")
  return sawNe || (sawWeak && sawNe);
}
