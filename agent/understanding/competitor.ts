import type { Compiled } from './lexicon';
import { VENDORS } from './lexicon/vendors';
import { fold } from './normalize';
import type { Token } from './text';

// Other vendors' names: proper nouns after comparison cues ("switched to Pipedrive", "contacted by
// Zendesk", "passés chez Sellsy", "перешли на amoCRM") or before them ("Monday does the same").
// A capitalised word alone is not enough (people and places are capitalised too); a brand-shaped
// one (HubSpot, Bitrix24, a Latin name in Russian text) needs only a weak cue or a vendor context.

export interface CompetitorHit {
  name: string;
  start: number;
  end: number;
  /** Start of the cue that introduced the name (for the risk span). */
  cueStart: number;
}

const UPPER = /^\p{Lu}/u;
const INNER_UPPER = /\p{Ll}\p{Lu}/u;
const LETTER_DIGIT = /\p{L}\p{N}|\p{N}\p{L}/u;
const LATIN_START = /^[A-Za-z]/;
const ALL_DIGITS = /^\p{N}+$/u;
const DOMAIN = /^\.(?:com|io|ai|co|app|net|org|ru|fr)\b/i;
const LOOKBACK = 48;

/** Known vendors by the folded form of their first word (the name as usually written). */
const KNOWN = new Map<string, string>();
for (const v of VENDORS) KNOWN.set(fold(v.split(' ')[0]!), v.split(' ')[0]!);
/** Russian case endings a vendor name takes ("из Контура", "с Планфиксом", "в Мегаплане"). */
const RU_CASE = /(?:ом|ой|ым|ем|ах|ам|а|у|е|ы|и)$/;

/** The vendor a token names, if it is a known one: itself, or in Russian its form without a case ending.
 *  The name reported stays the customer's word as written ("из Контура" names Контура). */
function knownVendor(word: string, lang: string): string | null {
  const direct = KNOWN.get(word);
  if (direct) return direct;
  if (lang !== 'ru') return null;
  const m = RU_CASE.exec(word);
  if (!m || word.length - m[0].length < 3) return null;
  const base = word.slice(0, word.length - m[0].length);
  // Пачке → Пачка: a feminine name keeps its а
  return KNOWN.get(base) ?? KNOWN.get(`${base}а`) ?? null;
}

function brandShaped(raw: string, lang: string): boolean {
  return INNER_UPPER.test(raw) || LETTER_DIGIT.test(raw) || (lang === 'ru' && LATIN_START.test(raw));
}

export function findCompetitors(c: Compiled, text: string, folded: string, tokens: Token[], vendorContext: boolean): CompetitorHit[] {
  const found: CompetitorHit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const raw = text.slice(t.start, t.end);
    if (raw.length < 2 || ALL_DIGITS.test(raw)) continue;
    // part of an e-mail address or a web address (buh@stroykom.ru), not a name said
    if (text[t.end] === '@' || text[t.start - 1] === '@' || text[t.start - 1] === '.' || text[t.start - 1] === '/') continue;
    const known = knownVendor(t.text, c.lang);
    const shaped = known !== null || brandShaped(raw, c.lang);
    if (!shaped && !UPPER.test(raw)) continue;
    if (!known && c.notNames.has(t.text)) continue;
    // a name may run over several capitalised words ("Help Scout"), not over known common words
    let j = i;
    while (j + 1 < tokens.length) {
      const n = tokens[j + 1]!;
      const nraw = text.slice(n.start, n.end);
      // …or end on a version number ("Яндекс 360", "Microsoft 365")
      if (n.clauseBreak || n.start - tokens[j]!.end !== 1 || !(UPPER.test(nraw) || ALL_DIGITS.test(nraw)) || c.notNames.has(n.text)) break;
      j++;
    }
    let end = tokens[j]!.end;
    const domain = DOMAIN.exec(text.slice(end, end + 5));
    if (domain) end += domain[0].length;
    const before = folded.slice(Math.max(0, t.start - LOOKBACK), t.start);
    const strong = c.competitorBefore.exec(before);
    let accepted = strong !== null;
    let cueStart = strong ? t.start - before.length + strong.index : t.start;
    if (!accepted && c.competitorAfter.test(folded.slice(end, end + 40))) {
      accepted = shaped || vendorContext || !t.sentenceBreak;
    }
    if (!accepted && (shaped || vendorContext)) {
      const weak = c.competitorWeak.exec(before);
      if (weak) {
        accepted = true;
        cueStart = t.start - before.length + weak.index;
      } else accepted = shaped && vendorContext;
    }
    if (accepted) {
      const name = text.slice(t.start, end);
      if (!found.some((f) => f.name.toLowerCase() === name.toLowerCase())) found.push({ name, start: t.start, end, cueStart });
    }
    i = j;
  }
  return found;
}
