import type { Heard } from './analyze';
import { stem } from './stem';

// The features the trained classifiers (perceptron.ts) read from one turn: words, word pairs, word
// stems (stem.ts) and character 4-grams (so Russian inflections, French conjugations and unseen words share
// evidence) and the lexicon's evidence
// (risk families heard, reason cues, negated or dismissed phrases, lexicon tone, sarcasm, vendors).

/** Character n-grams of each word with its boundaries (<word>): evidence shared by inflections,
 *  compounds, misspellings and words never seen in training (budgétaire/budget, подорожание/дорого). */
const CHAR_GRAM = 4;

/** The features of one turn, each once. Prefixes: w word, b word pair, m word stem, c character 4-gram, x lexicon evidence. */
export function featurize(h: Heard): string[] {
  const out = new Set<string>();
  const toks = h.tokens;
  for (let i = 0; i < toks.length; i++) {
    const w = toks[i]!.text;
    out.add(`w:${w}`);
    if (i > 0 && !toks[i]!.clauseBreak) out.add(`b:${toks[i - 1]!.text} ${w}`);
    // the word without its inflection shares evidence between forms: сомневаемся/сомневались, résilié/résiliation
    out.add(`m:${stem(w, h.lang)}`);
    if (w.length >= CHAR_GRAM) {
      const p = `<${w}>`;
      for (let j = 0; j + CHAR_GRAM <= p.length; j++) out.add(`c:${p.slice(j, j + CHAR_GRAM)}`);
    }
  }
  for (const r of h.risks) out.add(`x:risk:${r.family}`);
  for (const c of h.cancelled) out.add(`x:${c.why}:${c.family}`);
  for (const [cat, found] of h.reasonHits) {
    out.add(`x:cue:${cat}`);
    if (found.length > 1) out.add(`x:cue2:${cat}`);
  }
  for (const cat of h.negatedCues) out.add(`x:negcue:${cat}`);
  if (h.competitors.length) out.add('x:vendor');
  if (h.cancellation) out.add('x:cancel');
  if (h.sentiment.sarcasm) out.add('x:sarcasm');
  const s = h.sentiment;
  out.add(`x:tone:${s.label}`);
  if (s.pos > 1.5) out.add('x:pos');
  if (s.pos > 3.5) out.add('x:pos2');
  if (s.neg < -1.5) out.add('x:neg');
  if (s.neg < -3.5) out.add('x:neg2');
  if (h.tokens.length <= 4) out.add('x:short');
  if (h.text.includes('?')) out.add('x:question');
  return [...out];
}

/** The tone model's features: the shared ones and the lexicon score in bins (it learns the thresholds). */
export function toneFeatures(h: Heard, shared: string[]): string[] {
  return [...shared, `x:score:${Math.round(h.sentiment.score * 5)}`];
}

/** Softmax of scores divided by `temperature`. */
export function probabilities(logScores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const v of logScores) max = Math.max(max, v);
  const out = new Float64Array(logScores.length);
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i] = Math.exp((logScores[i]! - max) / temperature);
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}
