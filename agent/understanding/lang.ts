import type { OfflineLang } from './lexicon';
import { fold } from './normalize';

// Which of en, fr, ru a text is in: Cyrillic letters say Russian; otherwise French and English
// function words and French accents are counted. Short or empty text falls back to English.

const EN = new Set('the a an is are was were be and or i we you it my our your not to of for with that this but too thanks thank hi hello please just so very do does did have has can will would should what how why no yes any me us they them at on in from about more less much'.split(' '));
const FR = new Set("le la les des du de un une est et je nous vous on pas c'est ca avec pour que qui tres mais trop cher merci bonjour salut ne plus sur dans au aux ce cette votre notre nos vos il elle ils sont ont avons etait fait depuis encore deja rien tout bien chez alors donc quand leur j'ai qu'on n'est d'un d'une l'outil".split(' '));
const ACCENTS = new Set('éèêëàâîïôûùüçœÉÈÊÀÇ');
const WORDS = /[\p{L}']+/gu;
const ELISION = /^(?:[cdjlmnst]|qu)'/;

export function detectLang(text: string): OfflineLang {
  let cyr = 0;
  let lat = 0;
  let accents = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x400 && c <= 0x4ff) cyr++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) lat++;
    else if (c >= 0xc0 && c <= 0x17f && ACCENTS.has(text[i]!)) accents++;
  }
  if (cyr > 0 && cyr >= lat * 0.5) return 'ru';
  let en = 0;
  let fr = accents * 1.5;
  const folded = fold(text);
  WORDS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORDS.exec(folded)) !== null) {
    const w = m[0];
    if (EN.has(w)) en++;
    if (FR.has(w)) fr++;
    else if (ELISION.test(w)) fr += 0.7;
  }
  return fr > en ? 'fr' : 'en';
}

/** `fr-CA` → fr; a language the offline provider has no lexicon for → null. */
export function offlineLang(lang: string): OfflineLang | null {
  const base = lang.slice(0, 2).toLowerCase();
  return base === 'en' || base === 'fr' || base === 'ru' ? base : null;
}
