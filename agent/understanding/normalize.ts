// Text folding that keeps offsets: every UTF-16 code unit maps to exactly one code unit, so an index
// into the folded text is the same index into the original. Folding makes matching insensitive to
// case, accents (é → e, missing accents in French SMS), apostrophe and quote styles (’ ‘ ` → '),
// dashes and Russian ё (→ е). Patterns and lexicons are written against the folded form.

const TABLE_SIZE = 0x2100;
const table = new Uint16Array(TABLE_SIZE);

const SPECIAL: Record<string, string> = {
  '\u2019': "'", // ’
  '\u2018': "'", // ‘
  '\u02bc': "'", // ʼ
  '\u00b4': "'", // ´
  '`': "'",
  '\u2032': "'", // ′
  '\u00ab': '"', // «
  '\u00bb': '"', // »
  '\u201c': '"', // “
  '\u201d': '"', // ”
  '\u201e': '"', // „
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2011': '-',
  '\u2010': '-',
  '\u00a0': ' ', // no-break space
  '\u202f': ' ',
  '\u2009': ' ',
  '\u2026': '.', // …
  '\u0451': '\u0435', // ё → е
  '\u0401': '\u0435', // Ё → е
};

function foldOne(ch: string): number {
  const special = SPECIAL[ch];
  if (special !== undefined) return special.charCodeAt(0);
  const lower = ch.toLowerCase();
  if (lower.length !== 1) return ch.charCodeAt(0);
  // strip combining marks: é → e, ç → c, but keep й (Russian й is not и with a mark for readers)
  if (lower === '\u0439') return lower.charCodeAt(0);
  const base = lower.normalize('NFD');
  return base.charCodeAt(0);
}

for (let c = 0; c < TABLE_SIZE; c++) table[c] = foldOne(String.fromCharCode(c));

/** Folds text for matching; the result has the same length as the input. */
export function fold(text: string): string {
  const n = text.length;
  let changed = false;
  const codes = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const f = c < TABLE_SIZE ? table[c]! : c;
    if (f !== c) changed = true;
    codes[i] = f;
  }
  if (!changed) return text;
  let out = '';
  for (let i = 0; i < n; i += 4096) out += String.fromCharCode.apply(null, codes.slice(i, i + 4096));
  return out;
}

/** For comparing quotes: case, accents, spacing and punctuation ignored. */
export function looseKey(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]+/gu, '');
}
