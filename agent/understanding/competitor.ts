import type { Compiled } from './lexicon';
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

function brandShaped(raw: string, lang: string): boolean {
  return INNER_UPPER.test(raw) || LETTER_DIGIT.test(raw) || (lang === 'ru' && LATIN_START.test(raw));
}

export function findCompetitors(c: Compiled, text: string, folded: string, tokens: Token[], vendorContext: boolean): CompetitorHit[] {
  const found: CompetitorHit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const raw = text.slice(t.start, t.end);
    if (raw.length < 2 || ALL_DIGITS.test(raw)) continue;
    const shaped = brandShaped(raw, c.lang);
    if (!shaped && !UPPER.test(raw)) continue;
    if (c.notNames.has(t.text)) continue;
    // a name may run over several capitalised words ("Help Scout"), not over known common words
    let j = i;
    while (j + 1 < tokens.length) {
      const n = tokens[j + 1]!;
      const nraw = text.slice(n.start, n.end);
      if (n.clauseBreak || n.start - tokens[j]!.end !== 1 || !UPPER.test(nraw) || c.notNames.has(n.text)) break;
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
