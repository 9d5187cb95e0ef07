import type { OfflineLang } from './lexicon';

// Light suffix strippers over folded words (lower case, no accents, ё → е): one stem for the forms of
// a word, so the classifiers share evidence between "подорожало/подорожание/подорожает",
// "résilié/résilier/résiliation" and "cancelled/cancelling" that they saw in one form only. Not full
// morphology: endings are stripped once, longest first, and never below a short stem. Russian
// follows the steps of the Snowball Russian stemmer (gerunds, reflexives, adjectives and
// participles, verbs, nouns, then и, ь and the superlative), without its R2 region rule.

const RU_VOWEL = /[аеиоуыэюя]/;

// endings longest first within each group; `a` = only after а or я (which stay)
const RU_GERUND_A = ['вшись', 'вши', 'в'];
const RU_GERUND = ['ившись', 'ывшись', 'ивши', 'ывши', 'ив', 'ыв'];
const RU_REFLEXIVE = ['ся', 'сь'];
const RU_ADJECTIVE = ['ими', 'ыми', 'его', 'ого', 'ему', 'ому', 'ее', 'ие', 'ые', 'ое', 'ей', 'ий', 'ый', 'ой', 'ем', 'им', 'ым', 'ом', 'их', 'ых', 'ую', 'юю', 'ая', 'яя', 'ою', 'ею'];
const RU_PARTICIPLE_A = ['ем', 'нн', 'вш', 'ющ', 'щ'];
const RU_PARTICIPLE = ['ивш', 'ывш', 'ующ'];
const RU_VERB_A = ['ете', 'йте', 'ешь', 'нно', 'ла', 'на', 'ли', 'ем', 'ло', 'но', 'ет', 'ют', 'ны', 'ть', 'й', 'л', 'н'];
const RU_VERB = ['ейте', 'уйте', 'ила', 'ыла', 'ена', 'ите', 'или', 'ыли', 'ило', 'ыло', 'ено', 'ует', 'уют', 'ены', 'ить', 'ыть', 'ишь', 'ей', 'уй', 'ил', 'ыл', 'им', 'ым', 'ен', 'ят', 'ит', 'ыт', 'ую', 'ю'];
const RU_NOUN = ['иями', 'ями', 'ами', 'ией', 'иям', 'ием', 'иях', 'ев', 'ов', 'ие', 'ье', 'еи', 'ии', 'ей', 'ой', 'ий', 'ям', 'ем', 'ам', 'ом', 'ах', 'ях', 'ию', 'ью', 'ия', 'ья', 'а', 'е', 'и', 'й', 'о', 'у', 'ы', 'ь', 'ю', 'я'];

/** Strips the longest ending of the list from rv (the part after the first vowel); null if none fits. */
function strip(rv: string, endings: readonly string[], afterA = false): string | null {
  for (const e of endings) {
    if (!rv.endsWith(e)) continue;
    const rest = rv.slice(0, rv.length - e.length);
    if (afterA) {
      const prev = rest[rest.length - 1];
      if (prev !== 'а' && prev !== 'я') continue;
    }
    return rest;
  }
  return null;
}

function stemRu(word: string): string {
  const v = word.search(RU_VOWEL);
  if (v < 0 || word.length < 4) return word;
  const head = word.slice(0, v + 1);
  let rv = word.slice(v + 1);
  const gerund = strip(rv, RU_GERUND_A, true) ?? strip(rv, RU_GERUND);
  if (gerund !== null) rv = gerund;
  else {
    rv = strip(rv, RU_REFLEXIVE) ?? rv;
    const adjective = strip(rv, RU_ADJECTIVE);
    if (adjective !== null) rv = strip(adjective, RU_PARTICIPLE_A, true) ?? strip(adjective, RU_PARTICIPLE) ?? adjective;
    else rv = strip(rv, RU_VERB_A, true) ?? strip(rv, RU_VERB) ?? strip(rv, RU_NOUN) ?? rv;
  }
  if (rv.endsWith('и')) rv = rv.slice(0, -1);
  rv = strip(rv, ['ейше', 'ейш']) ?? rv;
  if (rv.endsWith('нн')) rv = rv.slice(0, -1);
  else if (rv.endsWith('ь')) rv = rv.slice(0, -1);
  return head + rv;
}

// French and English: derivational and inflectional endings, longest first, keeping at least 3 letters
const FR_ENDINGS = [
  'issements', 'issement', 'atrices', 'ateurs', 'ations', 'ements', 'atrice', 'ateur', 'ation', 'ement', 'ances', 'ences', 'ismes', 'istes', 'ables', 'ibles', 'euses',
  'erions', 'eriez', 'eraient', 'assent', 'issons', 'issent', 'issait', 'aient', 'erait', 'erons', 'eront', 'ances', 'ance', 'ence', 'isme', 'iste', 'able', 'ible', 'euse', 'ites', 'ite', 'eux',
  'ions', 'iez', 'ait', 'ais', 'ant', 'ent', 'ons', 'era', 'ees', 'ee', 'es', 'er', 'ez', 'ir', 'ie', 'is', 'it', 'e', 's', 'x',
];
const EN_ENDINGS = [
  'ations', 'ation', 'ments', 'ment', 'nesses', 'ness', 'ities', 'ity', 'ingly', 'ings', 'ing', 'edly', 'ied', 'ies', 'ers', 'er', 'ed', 'ly', 'es', "'s", 's', 'e', 'y',
];

function stripLatin(word: string, endings: readonly string[], dropI: boolean): string {
  if (word.length < 5) return word;
  for (const e of endings) {
    if (!word.endsWith(e) || word.length - e.length < 3) continue;
    const s = word.slice(0, word.length - e.length);
    // résili-er, résili-ation, résil-ié: one stem
    return dropI && s.length >= 5 && s.endsWith('i') ? s.slice(0, -1) : s;
  }
  return word;
}

/** The stem of a folded word in the given language. */
export function stem(word: string, lang: OfflineLang): string {
  if (lang === 'ru') return stemRu(word);
  return lang === 'fr' ? stripLatin(word, FR_ENDINGS, true) : stripLatin(word, EN_ENDINGS, false);
}
