import type { RiskFamily, SentimentLabel } from '../contracts';
import type { Compiled } from './lexicon';
import { negatedAfter, negatedAt } from './negation';
import { test } from './patterns';
import type { Token } from './text';

// Lexicon sentiment in the manner of VADER: word valences, scaled by degree words, flipped (and
// damped) under negation, weighed towards what follows a contrast ("…, but"), amplified by "!",
// turned negative by sarcasm cues, plus the weight of the risk phrases heard.

const POSITIVE_EMOJI = /(?:[😀😃😄😁😊🙂😍🥰👍🙏❤💯🎉✅👏😉☺💪🤩😎]|[:;]-?[)D]|<3)/gu;
const NEGATIVE_EMOJI = /(?:[😠😡🤬😤😞😒🙄👎😢😭💩😩😫😕🤦]|:-?\(|>:)/gu;

/** How much each risk heard weighs on the tone (a budget review is said calmly, an outage is not). */
export const RISK_VALENCE: Record<RiskFamily, number> = {
  hesitation: -0.4,
  competitor: -0.2,
  no_results: -1.6,
  budget: -0.2,
  conditional_future: -0.3,
  ultimatum: -2.2,
  repeated_request: -1.6,
  data_export: -0.1,
  cancellation: -0.4,
  pause: -0.2,
  price: -1.4,
  quality: -1.8,
  support: -1.8,
};

export interface SentimentResult {
  score: number;
  label: SentimentLabel;
  /** Sum of positive and of negative contributions before normalisation (classifier features). */
  pos: number;
  neg: number;
  sarcasm: boolean;
}

export interface SentimentInput {
  c: Compiled;
  text: string;
  folded: string;
  tokens: Token[];
  risks: readonly { family: RiskFamily }[];
}

export const THRESHOLD = { positive: 0.35, negative: -0.3 };

export function lexiconValence(c: Compiled, word: string): number {
  const exact = c.sentimentExact.get(word);
  if (exact !== undefined) return exact;
  for (let k = Math.min(word.length, c.maxStem); k >= 3; k--) {
    const v = c.sentimentStems.get(word.slice(0, k));
    if (v !== undefined) return v;
  }
  return 0;
}

export function sentiment({ c, text, folded, tokens, risks }: SentimentInput): SentimentResult {
  const sarcasm = test(c.sarcasm, folded);
  let pos = 0;
  let neg = 0;
  // where the last contrast word of the text is: what follows weighs more, what precedes less
  let contrastAt = -1;
  for (let i = 0; i < tokens.length; i++) if (c.contrast.has(tokens[i]!.text) && i > 0) contrastAt = i;
  const add = (v: number, at: number) => {
    let w = v;
    if (contrastAt >= 0) w *= at > contrastAt ? 1.4 : 0.6;
    if (sarcasm && w > 0) w = -w * 0.8;
    if (w > 0) pos += w;
    else neg += w;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let v = lexiconValence(c, t.text);
    if (v === 0) continue;
    const prev = i > 0 && !t.clauseBreak ? c.intensifiers.get(tokens[i - 1]!.text) : undefined;
    if (prev !== undefined) v *= prev;
    // SHOUTING: an all-caps word of three letters or more weighs more
    const raw = text.slice(t.start, t.end);
    if (raw.length >= 3 && raw === raw.toUpperCase() && raw !== raw.toLowerCase()) v *= 1.3;
    if (negatedAt(c, tokens, i) || negatedAfter(c, tokens, i)) v *= v > 0 ? -0.6 : -0.5;
    add(v, i);
  }
  if (c.phrases) {
    c.phrases.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = c.phrases.exec(folded)) !== null) {
      const found = c.phraseList.find(([re]) => re.test(m![0]));
      if (!found) continue;
      let at = 0;
      while (at < tokens.length && tokens[at]!.start < m.index) at++;
      let v = found[1];
      if (v > 0 && negatedAt(c, tokens, at)) v *= -0.6;
      add(v, at);
    }
  }
  for (const r of risks) add(RISK_VALENCE[r.family], tokens.length);
  const posEmoji = text.match(POSITIVE_EMOJI)?.length ?? 0;
  const negEmoji = text.match(NEGATIVE_EMOJI)?.length ?? 0;
  if (posEmoji) add(sarcasm ? -1.2 * posEmoji : 1.5 * posEmoji, tokens.length);
  if (negEmoji) add(-1.8 * negEmoji, tokens.length);
  let sum = pos + neg;
  const bangs = Math.min(4, text.split('!').length - 1);
  if (bangs && sum !== 0) sum += Math.sign(sum) * 0.3 * bangs;
  const score = sum / Math.sqrt(sum * sum + 8);
  const label: SentimentLabel = score >= THRESHOLD.positive ? 'positive' : score <= THRESHOLD.negative ? 'negative' : 'neutral';
  return { score: Math.round(score * 1000) / 1000, label, pos, neg, sarcasm };
}
