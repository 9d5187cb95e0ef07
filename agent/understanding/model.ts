import fs from 'node:fs';
import type { SentimentLabel } from '../contracts';
import type { Heard } from './analyze';
import { CATEGORY_CLASSES, NO_REASON, type CategoryOrNone } from './cases';
import { featurize, probabilities, toneFeatures } from './classifier';
import { perceptronScores, preparePerceptron, type PerceptronModel, type PerceptronOptions, type PerceptronScorer } from './perceptron';

// The trained classifiers, read once from model.json (written by `tenure nlu train`). Without the
// file (a fresh checkout before training) the lexicon alone decides: tone from the lexicon score,
// no reason category.

export const MODEL_FILE = new URL('./model.json', import.meta.url);

/** Feature values by kind: w word, b word pair, m word stem, c character 4-gram, x lexicon evidence, and
 *  the margins (in the same units) under which a right answer still updates the weights. The stem and
 *  lexicon values and both margins were chosen by three-way cross-writer validation (trained on two
 *  writers' files, scored on the third, rotated): a lexicon value of 10 rather than 20 and a margin
 *  make the models lean less on any one cue, which is what carries over to another writer's wording. */
export const CATEGORY_PERCEPTRON: PerceptronOptions = { epochs: 8, margin: 1000, values: { w: 6, b: 4, m: 6, x: 10, c: 6 } };
export const SENTIMENT_PERCEPTRON: PerceptronOptions = { epochs: 10, margin: 3000, values: { w: 3, b: 2, m: 1, x: 12, c: 2 } };

export interface ModelFile {
  version: 2;
  /** The training files, in training order. */
  trained_on: { file: string; sha256: string; cases: number }[];
  category: PerceptronModel;
  /** Is a reason stated at all (stated | none), from the same cases: all categories' evidence pooled. */
  stated: PerceptronModel;
  sentiment: PerceptronModel;
}

export const STATED = 'stated';
export const STATED_CLASSES = [STATED, NO_REASON];

type Scorers = { category: PerceptronScorer; stated: PerceptronScorer; sentiment: PerceptronScorer };
let loaded: Scorers | null | undefined;

const prepareAll = (file: ModelFile): Scorers => ({
  category: preparePerceptron(file.category, CATEGORY_PERCEPTRON),
  stated: preparePerceptron(file.stated, CATEGORY_PERCEPTRON),
  sentiment: preparePerceptron(file.sentiment, SENTIMENT_PERCEPTRON),
});

function scorers(): Scorers | null {
  if (loaded !== undefined) return loaded;
  let file: ModelFile | null = null;
  try {
    file = JSON.parse(fs.readFileSync(MODEL_FILE, 'utf8')) as ModelFile;
  } catch {
    file = null;
  }
  loaded = file ? prepareAll(file) : null;
  return loaded;
}

/** Replaces the model in use (cross-validation and tests); null goes back to model.json. */
export function useModel(file: ModelFile | null): void {
  loaded = file ? prepareAll(file) : undefined;
}

export interface CategoryGuess {
  category: CategoryOrNone;
  confidence: number;
  ranked: { category: CategoryOrNone; p: number }[];
}

/** Perceptron margins are not probabilities: a softmax at this temperature gives usable confidences (the
 *  temperature with the lowest log loss on three-way cross-writer predictions, 0.72 nats). */
const TEMPERATURE = 700;
/** How far the stated model must lean to "a reason is given" to overrule a none (averaged-weight units). */
const STATED_MARGIN = 1000;

export function classifyCategory(h: Heard, features = featurize(h)): CategoryGuess {
  const s = scorers();
  if (!s) return { category: 'none', confidence: 0, ranked: [] };
  const p = probabilities(perceptronScores(s.category, features), TEMPERATURE);
  const ranked = s.category.classes.map((c, i) => ({ category: c as CategoryOrNone, p: p[i]! })).sort((a, b) => b.p - a.p);
  // The category model splits the evidence that a reason is given over fourteen classes, so wording it
  // never saw falls to "none"; the stated model pools it. When the stated model is sure enough (a
  // margin, in averaged-weight units) and the lexicon does not hear a happy customer, the best category
  // wins over none (chosen by cross-writer validation of the training files).
  if (ranked[0]!.category === NO_REASON && ranked.length > 1 && h.sentiment.label !== 'positive') {
    const st = perceptronScores(s.stated, features);
    if (st[0]! - st[1]! > STATED_MARGIN) {
      const best = ranked.find((r) => r.category !== NO_REASON)!;
      return { category: best.category, confidence: best.p, ranked };
    }
  }
  return { category: ranked[0]!.category, confidence: ranked[0]!.p, ranked };
}

/** The lexicon's praise score above which a turn with no negative evidence is never negative (the
 *  classifier's own "strong praise" bin, x:pos2). */
const STRONG_PRAISE = 3.5;

export function classifySentiment(h: Heard, features = featurize(h)): SentimentLabel {
  const s = scorers();
  if (!s) return h.sentiment.label;
  const sc = perceptronScores(s.sentiment, toneFeatures(h, features));
  let best = 0;
  for (let i = 1; i < sc.length; i++) if (sc[i]! > sc[best]!) best = i;
  const label = s.sentiment.classes[best] as SentimentLabel;
  // The lexicon hears strong praise and nothing negative, no sarcasm ("we love it, it saves us hours"):
  // the words' model may still lean negative on a topic word it mostly saw in complaints ("hours",
  // "reporting"); praise like that is not negative, so the better of positive and neutral. Rare
  // enough to leave the four-way cross-writer sentiment figure unchanged (0.787 → 0.786).
  if (label === 'negative' && h.sentiment.neg === 0 && !h.sentiment.sarcasm && h.sentiment.pos > STRONG_PRAISE) {
    const positive = s.sentiment.classes.indexOf('positive');
    const neutral = s.sentiment.classes.indexOf('neutral');
    return sc[positive]! >= sc[neutral]! ? 'positive' : 'neutral';
  }
  return label;
}

export { CATEGORY_CLASSES };
