import type { OfflineLang } from './lexicon';

// Tokens over folded text, with offsets, and the clause and sentence boundaries between them.

export interface Token {
  text: string;
  start: number;
  end: number;
  /** A clause boundary (, ; : dash or a sentence end) lies between the previous token and this one. */
  clauseBreak: boolean;
  /** A sentence boundary (. ! ? or a line break) lies between the previous token and this one. */
  sentenceBreak: boolean;
}

const TOKEN: Record<OfflineLang, RegExp> = {
  // contractions stay whole (don't, we're); hyphenated words too (in-house)
  en: /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu,
  // elisions are their own token: n'hesite → n' + hesite
  fr: /(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)'(?=\p{L})|[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu,
  ru: /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu,
};
const SENTENCE_END = /[.!?\n]/;
const CLAUSE_END = /[,;:()\-–—"]/;

export function tokenize(folded: string, lang: OfflineLang): Token[] {
  const re = TOKEN[lang];
  re.lastIndex = 0;
  const tokens: Token[] = [];
  let prevEnd = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(folded)) !== null) {
    const start = m.index;
    let sentenceBreak = tokens.length === 0;
    let clauseBreak = sentenceBreak;
    for (let i = prevEnd; i < start; i++) {
      const ch = folded[i]!;
      if (SENTENCE_END.test(ch)) sentenceBreak = clauseBreak = true;
      else if (CLAUSE_END.test(ch)) clauseBreak = true;
    }
    tokens.push({ text: m[0], start, end: start + m[0].length, clauseBreak, sentenceBreak });
    prevEnd = start + m[0].length;
  }
  return tokens;
}

/** Index of the first token starting at or after offset (tokens.length if none). */
export function tokenAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [start, end) offsets of the sentence around offset in the original text. */
export function sentenceAround(text: string, start: number, end: number): [number, number] {
  let s = start;
  while (s > 0 && !/[.!?\n]/.test(text[s - 1]!)) s--;
  let e = end;
  while (e < text.length && !/[.!?\n]/.test(text[e]!)) e++;
  if (e < text.length && /[.!?]/.test(text[e]!)) e++;
  while (s < e && /\s/.test(text[s]!)) s++;
  while (e > s && /\s/.test(text[e - 1]!)) e--;
  return [s, e];
}
