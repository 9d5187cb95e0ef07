// What a customer turn asks for, heard with plain patterns in English and French: the offline
// dialogue's ears for requests (the analyzers in agent/understanding/ hear risks and reasons).

const test = (re: RegExp[], t: string) => re.some((r) => r.test(t));

const HANDOFF = [
  /\b(speak|talk)\s+(to|with)\s+(a|an|some|your)?\s*(human|person|real person|someone|somebody|manager|account manager|colleague)\b/,
  /\b(real|actual) (human|person)\b/,
  /parler (à|a|avec) (un|une|quelqu'un|mon|votre)/,
  /\b(un humain|une vraie personne|un conseiller)\b/,
];
const COLLEAGUE = [/\balready (explained|told|said|mentioned)\b/, /\b(told|explained (this|it) to) your colleague\b/, /déjà (expliqué|dit|raconté)/, /votre coll[eè]gue/];
const CALLBACK = [/\bcall me back\b/, /\bcall back\b/, /\bcall me (later|tomorrow|next week)\b/, /rappelez[- ]moi/, /me rappeler/];
const LINK = [/\b(payment )?link\b/, /\bupdate (my |the )?(card|payment)/, /\blien\b/, /mettre à jour (ma |mon |mes )?(carte|paiement|moyen)/];
const PAUSE = [/\bpause\b/, /\bsuspend\b/, /mettre en pause/, /\bsuspendre\b/];
const DISCOUNT = [/\bdiscount\b/, /\b\d{1,3}\s*%\s*(off|discount)?/, /\bcheaper\b/, /\bremise\b/, /\bréduction\b/, /\brabais\b/];
const FREE = [/\bfree (year|month|months|period|subscription)\b/, /\bfor free\b/, /\bgratuit/, /\bgratis\b/];
const YES = /^(yes|yeah|yep|sure|ok|okay|please|go ahead|oui|d'accord|volontiers|bien sûr|ouais|avec plaisir)\b/;
const NO = /^(no|nope|nothing|not really|that's all|that is all|all good|non|rien|c'est tout|pas vraiment|ça ira)\b/;

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  zéro: 0, un: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10,
};

const fold = (text: string) => text.toLowerCase().replace(/[’‘]/g, "'").trim();

export const wantsHandoff = (t: string) => test(HANDOFF, fold(t));
export const saysAlreadyExplained = (t: string) => test(COLLEAGUE, fold(t));
export const wantsCallback = (t: string) => test(CALLBACK, fold(t));
export const wantsPaymentLink = (t: string) => test(LINK, fold(t));
export const saysYes = (t: string) => YES.test(fold(t));
export const saysNo = (t: string) => NO.test(fold(t));

/** "tomorrow", "next week" or "soon", as the words to say back and hours from now. */
export function callbackWhen(t: string, lang: string): { words: string; hours: number } {
  const s = fold(t);
  const fr = lang.startsWith('fr');
  if (/tomorrow|demain/.test(s)) return { words: fr ? 'demain' : 'tomorrow', hours: 24 };
  if (/next week|semaine prochaine/.test(s)) return { words: fr ? 'la semaine prochaine' : 'next week', hours: 24 * 7 };
  return { words: fr ? 'dans la journée' : 'later today', hours: 4 };
}

/** A request for money off: the percent asked (100 for a free period), and for how long. */
export function discountAsked(t: string): { percent: number | null; months: number } | null {
  const s = fold(t);
  const months = /\b(year|an|année)\b/.test(s) ? 12 : Number(/(\d{1,2})\s*(months?|mois)/.exec(s)?.[1] ?? 3);
  if (test(FREE, s)) return { percent: 100, months };
  if (!test(DISCOUNT, s)) return null;
  const pct = /(\d{1,3})\s*%/.exec(s) ?? /(\d{1,3})\s*(percent|pour ?cent)/.exec(s);
  return { percent: pct ? Number(pct[1]) : null, months };
}

export function pauseAsked(t: string): { months: number } | null {
  const s = fold(t);
  if (!test(PAUSE, s)) return null;
  const n = /(\d{1,2}|one|two|three|six|un|deux|trois|six)\s*(months?|mois)/.exec(s)?.[1];
  return { months: n === undefined ? 1 : (NUMBER_WORDS[n] ?? (Number(n) || 1)) };
}

/** The 0–10 score in an answer ("8", "a solid 7", "huit sur dix"), or null when there is none. */
export function npsScore(t: string): number | null {
  const s = fold(t);
  const digit = /(?<![\d.%])(10|[0-9])(?![\d%])(\s*(\/|sur|out of)\s*10)?/.exec(s);
  if (digit) return Number(digit[1]);
  // number words only in a short answer ("eight", "huit sur dix"): in a sentence "un" and "one" are articles
  const words = s.split(/[^a-zàâçéèêëîïôûùüÿ]+/).filter(Boolean);
  if (words.length > 4) return null;
  for (const w of words) if (w in NUMBER_WORDS) return NUMBER_WORDS[w]!;
  return null;
}
