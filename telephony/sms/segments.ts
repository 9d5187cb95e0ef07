// How many SMS segments a text takes. A text wholly in the GSM-7 alphabet fits 160 characters in one
// segment and 153 per segment when split (the extension characters ^{}[]~|\€ count twice); any other
// character (ê, ç, œ, «, Cyrillic, emoji) makes the whole text UCS-2: 70 UTF-16 units, 67 when split.
// French is often GSM-7 (é è à ù are in it) but "ê" or "ç" switches it to UCS-2; Russian is always UCS-2.

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

export type Encoding = 'GSM-7' | 'UCS-2';

export interface Segmented {
  encoding: Encoding;
  /** septets (GSM-7) or UTF-16 code units (UCS-2) */
  units: number;
  segments: number;
}

export function segmentsOf(text: string): Segmented {
  let septets = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) septets += 1;
    else if (EXTENDED.has(ch)) septets += 2;
    else return ucs2(text);
  }
  return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

function ucs2(text: string): Segmented {
  const units = text.length; // UTF-16 code units: an emoji takes two
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/**
 * The text cut to at most `max` segments. Whole sentences are kept from the start, and the last
 * sentence (the question the customer is asked) is kept too when it fits; otherwise the text is
 * cut at a word and ends with "…".
 */
export function fitSegments(text: string, max = 3): string {
  const t = text.trim();
  if (segmentsOf(t).segments <= max) return t;
  const fits = (s: string) => segmentsOf(s).segments <= max;
  const sentences = t.match(/[^.!?…]+[.!?…]+["»”)]*\s*|[^.!?…]+$/g)?.map((s) => s.trim()) ?? [t];
  const last = sentences.length > 1 ? sentences[sentences.length - 1]! : null;
  let kept: string[] = [];
  for (const s of sentences.slice(0, last ? -1 : undefined)) {
    const tried = [...kept, s, ...(last ? [last] : [])].join(' ');
    if (!fits(tried)) break;
    kept.push(s);
  }
  if (kept.length && last) return [...kept, last].join(' ');
  if (last && fits(last) && kept.length === 0 && fits(`${sentences[0]!} ${last}`)) return `${sentences[0]!} ${last}`;
  if (last && fits(last)) kept = [last];
  if (kept.length) return kept.join(' ');
  // one sentence too long on its own: cut at a word
  const words = t.split(/\s+/);
  let out = '';
  for (const w of words) {
    const next = out ? `${out} ${w}` : w;
    if (!fits(`${next}…`)) break;
    out = next;
  }
  return `${out}…`;
}
