// Compiles lexicon patterns (syntax in lexicon/types.ts) into regular expressions, once, at load.
// Patterns run on folded text (lower case, no accents, ё → е), so a language's letters are a small
// explicit class and the regexes need no Unicode mode: V8 runs them about twice as fast.

/** The letters and digits of folded text, per script. */
export const LATIN_WORD = '[a-z0-9]';
export const CYRILLIC_WORD = '[a-z0-9\\u0430-\\u044f]';

/** One pattern's source: ` ~ ` → a gap of up to three words, space → any spaces, `#` → word end. */
export function expand(pattern: string, word = LATIN_WORD): string {
  const gap = `\\s+(?:${word.slice(0, -1)}'-]+\\s+){0,3}`;
  return pattern
    .split(' ~ ')
    .map((part) => part.replace(/ /g, '\\s+').replace(/#/g, `(?!${word})`))
    .join(gap);
}

/** Any of the patterns, each starting at a word start: global. Null for an empty list. */
export function anyOf(patterns: readonly string[], word = LATIN_WORD): RegExp | null {
  if (patterns.length === 0) return null;
  return new RegExp(`(?<!${word})(?:${patterns.map((p) => expand(p, word)).join('|')})`, 'g');
}

export interface Hit {
  start: number;
  end: number;
}

/** Every match of a global regex in text (non-overlapping, leftmost first). */
export function hits(re: RegExp | null, text: string, from = 0, to = text.length): Hit[] {
  const found: Hit[] = [];
  if (!re) return found;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m.index >= to) break;
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    found.push({ start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/** True when the regex matches anywhere in text[from, to). */
export function test(re: RegExp | null, text: string, from = 0, to = text.length): boolean {
  if (!re) return false;
  re.lastIndex = from;
  const m = re.exec(text);
  return m !== null && m.index < to;
}
