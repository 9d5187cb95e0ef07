import type { Lang } from '../contracts/common';

// The opt-out words, per language (CONTRACTS.md section 6): the one list telephony's inbound check
// and the conversation graph both read.
//
// Two kinds of words. A carrier keyword is a whole message of one word, as Twilio's own filtering
// treats it ("STOP" opts out, "STOP PLEASE" does not, for Twilio): STOP, STOPALL, UNSUBSCRIBE,
// CANCEL, END, QUIT, REVOKE, OPTOUT (Twilio's list since 2025-05-14), START, UNSTOP, YES to opt back
// in, HELP and INFO for help, and their French and Russian equivalents. A revocation is free text
// ("stop texting me", "arrêtez de m'écrire", "не пишите мне больше"): any reasonable way of saying
// it counts (FCC 24-18), so these are patterns over the words — a verb of stopping or a negation
// next to a verb of contacting — not a list of sentences.

export type KeywordKind = 'opt_out' | 'opt_in' | 'help';

/** Matched after folding: lower case, accents and the Cyrillic short marks removed (ARRÊT = arret). */
const CARRIER: Record<KeywordKind, string[]> = {
  opt_out: [
    'stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout',
    // French (Twilio's Proxy list has ARRET, ARRETE, ARRETT)
    'arret', 'arrete', 'arrett', 'arreter', 'desabonner', 'desinscrire', 'desinscription', 'desabonnement',
    // Russian
    'стоп', 'отписаться', 'отписка', 'отменить', 'хватит',
  ],
  opt_in: ['start', 'unstop', 'yes', 'demarrer', 'reprendre', 'старт', 'подписаться'],
  help: ['help', 'info', 'aide', 'помощь', 'справка', 'инфо'],
};

/** The words of each language's revocations, as regular expressions over folded text. */
const CONTACT_EN = '(?:texts?|texting|txts?|messages?|messaging|calls?|calling|ring|ringing|phone|phoning|contact|contacting|emails?|emailing|e-mails?|write|writing|send|sending|spam|spamming|bother|bothering|pester|pestering|harass|harassing|reach|reaching|sms)';
const CONTACT_FR = '(?:ecri\\w*|appel\\w*|contact\\w*|envoy\\w*|texto\\w*|sms|messages?|mails?|e-mails?|courriels?|harcel\\w*|deranger|derangez|relanc\\w*|solliciter|sollicitez|spammer)';
const CONTACT_RU = '(?:пиш\\S*|писать|напис\\S*|звон\\S*|позвон\\S*|присыл\\S*|присла\\S*|отправл\\S*|слать|шл[иеё]\\S*|беспоко\\S*|смс|сообщени\\S*|рассылк\\S*|достава\\S*|тревож\\S*|названива\\S*|надоеда\\S*|донима\\S*|спам\\S*)';

const REVOCATIONS: Record<string, RegExp[]> = {
  en: [
    new RegExp(`\\b(?:stop|quit|cease|end|halt|cancel)\\b(?:\\s+\\w+){0,2}\\s+${CONTACT_EN}\\b`),
    new RegExp(`\\b(?:don'?t|do not|dont|never|no longer|not)\\b(?:\\s+\\w+){0,2}\\s+${CONTACT_EN}\\s+(?:me|us|this number|my number|again)\\b`),
    /\b(?:don'?t|do not|never)\s+(?:want|wish)\s+(?:any\s+more|anymore|more|any|to\s+(?:get|receive|hear))\b/,
    /\b(?:no|not)\s+(?:more|further|any\s+more)\s+(?:texts?|messages?|calls?|sms|emails?)\b/,
    /\b(?:remove|delete|take)\s+(?:me|my\s+(?:number|name|details))\s+(?:off|from)\b/,
    /\bunsubscribe\b/, /\bopt(?:ing)?[\s-]?out\b/, /\bopt\s+(?:me|us|my\s+number)\s+out\b/, /\bleave\s+(?:me|us)\s+alone\b/, /\bdo\s+not\s+contact\b/,
    /\bwrong\s+number\b/,
  ],
  fr: [
    new RegExp(`\\b(?:arret|cess|stopp)\\w*\\s+(?:de\\s+|d')?(?:(?:m|me|nous)\\s*'?\\s*)?(?:(?:les|vos|ces|tous\\s+(?:les|vos))\\s+)?${CONTACT_FR}`),
    new RegExp(`\\bne\\s+(?:m|me|nous)\\s*'?\\s*${CONTACT_FR}\\s+(?:plus|jamais|pas)\\b`),
    /\bje\s+ne\s+(?:veux|souhaite|desire)\s+plus\b/,
    /\bplus\s+(?:de|d'|aucun|aucune)\s*(?:messages?|sms|textos?|appels?|mails?|e-mails?|courriels?|relances?)\b/,
    // imperatives only: « je n'envoie plus de devis » is not about Tenure's messages
    /\b(?:n'\s*|ne\s+)(?:appelez|ecrivez|envoyez|contactez|textez|relancez|sollicitez|derangez|harcelez|telephonez)\s+(?:plus|jamais)\b/,
    new RegExp(`\\bne\\s+(?:plus|jamais)\\s+(?:(?:m|me|nous)\\s*'?\\s*)?${CONTACT_FR}`),
    new RegExp(`\\bstop\\s+(?:aux|a\\s+vos|a\\s+ces|les|vos|ces)\\s+${CONTACT_FR}`),
    new RegExp(`\\b(?:ca\\s+suffit|assez)\\s*,?\\s+(?:les|des|de|d'|avec\\s+(?:les|vos))\\s*${CONTACT_FR}`),
    /\b(?:retirez|supprimez|enlevez|rayez|effacez)[\s-]*(?:moi|mon\s+numero|mes\s+coordonnees|mes\s+donnees)\b/, /\b(?:desinscri|desabonn)\w*/,
    /\blaissez[\s-]*(?:moi|nous)\s+tranquilles?\b/, /\bfoutez[\s-]*moi\s+la\s+paix\b/, /\bfichez[\s-]*moi\s+la\s+paix\b/,
  ],
  ru: [
    new RegExp(`(?:^|\\s)не\\s+(?:(?:надо|нужно|стоит|смейте|могли бы|можете)\\s+)?(?:(?:мне|нам|больше|сюда|на этот номер)\\s+)*${CONTACT_RU}`),
    new RegExp(`(?:перестан\\S*|прекрат\\S*|хватит|кончайте|заканчивайте|прекращайте|остановите)(?:\\s+\\S+){0,2}\\s+${CONTACT_RU}`),
    /(?:отпиш\S*|удалите\s+(?:меня|мой\s+номер)|уберите\s+(?:меня|мой\s+номер)|исключите\s+меня|отпишусь)/,
    /оставьте\s+(?:меня|нас)\s+в\s+покое/, /больше\s+не\s+(?:хочу|желаю|надо|нужно)/,
  ],
};

/** Lower case, curly quotes straightened, accents and short marks dropped (é→e, й→и), spaces squeezed. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘ʼ`´]/g, "'")
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const fold = (words: string[]) => new Set(words.map(foldText));
/** The patterns folded like the text they are matched against (мой → мои, ё → е). */
const stripMarks = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
const FOLDED_REVOCATIONS = Object.fromEntries(Object.entries(REVOCATIONS).map(([l, list]) => [l, list.map((re) => new RegExp(stripMarks(re.source), re.flags))]));
const CARRIER_FOLDED = { opt_out: fold(CARRIER.opt_out), opt_in: fold(CARRIER.opt_in), help: fold(CARRIER.help) };

/**
 * A whole message that is one carrier keyword (surrounding punctuation and spaces ignored), or null.
 * Opt-in words (START, YES…) count only for someone who opted out: the caller decides that.
 */
export function carrierKeyword(text: string): { kind: KeywordKind; word: string } | null {
  const word = foldText(text).replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (!word || /\s/.test(word)) return null;
  for (const kind of ['opt_out', 'help', 'opt_in'] as const) if (CARRIER_FOLDED[kind].has(word)) return { kind, word };
  return null;
}

/** "STOP PLEASE", "please stop", "Arrêt svp", "стоп пожалуйста": a stop word and only courtesy around it. */
const STOP_WORDS = new Set(['stop', 'stopall', 'unsubscribe', 'optout', 'revoke', 'quit', 'arret', 'arrete', 'arretez', 'стоп', 'отписаться', 'хватит']);
const COURTESY = new Set([
  'please', 'pls', 'plz', 'now', 'thanks', 'thank', 'you', 'thx', 'it', 'this', 'already', 'all', 'asap',
  'svp', 's\'il', 'vous', 'plait', 'merci', 'stp', 'maintenant', 'tout',
  'пожалуйста', 'спасибо', 'уже', 'все', 'всё', 'сейчас',
].map(foldText));

function bareStop(folded: string): string | null {
  const words = folded.split(' ').filter(Boolean);
  const stops = words.filter((w) => STOP_WORDS.has(w));
  return stops.length && words.every((w) => STOP_WORDS.has(w) || COURTESY.has(w)) ? stops[0]! : null;
}

/** The free-text revocation matched (the words that matched), or null. All languages are tried, the contact's first. */
export function matchRevocation(text: string, lang?: Lang): string | null {
  // Russian \b does not see Cyrillic letters as word characters: patterns use spaces there
  const t = ` ${foldText(text).replace(/[.,!?;:()"«»]+/g, ' ').replace(/\s+/g, ' ').trim()} `;
  const bare = bareStop(t.trim());
  if (bare) return bare;
  const first = lang?.slice(0, 2);
  const order = first && FOLDED_REVOCATIONS[first] ? [first, ...Object.keys(FOLDED_REVOCATIONS).filter((l) => l !== first)] : Object.keys(FOLDED_REVOCATIONS);
  for (const l of order) {
    for (const re of FOLDED_REVOCATIONS[l]!) {
      const m = re.exec(t);
      if (m) return m[0].trim();
    }
  }
  return null;
}

/** The opt-out keyword or revocation matched, or null. All languages are checked: a French speaker may text STOP. */
export function matchOptOut(text: string, lang?: Lang): string | null {
  const keyword = carrierKeyword(text);
  if (keyword) return keyword.kind === 'opt_out' ? keyword.word : null;
  return matchRevocation(text, lang);
}
