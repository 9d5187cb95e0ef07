import crypto from 'node:crypto';
import { hear } from './analyze';
import { CATEGORY_CLASSES, type LabeledCase } from './cases';
import { featurize, toneFeatures } from './classifier';
import { CATEGORY_PERCEPTRON, SENTIMENT_PERCEPTRON } from './model';
import { trainPerceptron } from './perceptron';
import type { ModelFile } from './model';

// Training: the same cases always give the same model (no randomness, sorted features, integer
// counts), so a test can retrain and compare with the committed model.json.

export const SENTIMENT_CLASSES = ['positive', 'neutral', 'negative'];

export function trainModel(cases: LabeledCase[], source: { file: string; text: string }): ModelFile {
  const featured = cases.map((c) => {
    const h = hear(c.text, c.lang);
    return { c, h, features: featurize(h) };
  });
  // Each case twice: as heard, and with its lexicon evidence alone. Unseen sentences often share no
  // word with the training cases but do trip a lexicon cue; the second copy teaches the model to
  // trust a cue on its own instead of falling back to "no reason".
  const category = featured.flatMap(({ c, features }) => {
    if (c.expect.category === undefined) return [];
    const label = c.expect.category;
    return [{ features, label }, { features: features.filter((f) => f.startsWith('x:')), label }];
  });
  const sentiment = featured.flatMap(({ c, h, features }) => (c.expect.sentiment !== undefined ? [{ features: toneFeatures(h, features), label: c.expect.sentiment }] : []));
  return {
    version: 1,
    trained_on: { file: source.file, sha256: sha256(source.text), cases: cases.length },
    category: trainPerceptron(category, CATEGORY_CLASSES, CATEGORY_PERCEPTRON),
    sentiment: trainPerceptron(sentiment, SENTIMENT_CLASSES, SENTIMENT_PERCEPTRON),
  };
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** The model as written to model.json: compact, one trailing newline. */
export function serializeModel(model: ModelFile): string {
  return `${JSON.stringify(model)}\n`;
}

/** k folds by position (case i goes to fold i mod k): deterministic. */
export function folds<T>(items: T[], k: number): { train: T[]; test: T[] }[] {
  return Array.from({ length: k }, (_, f) => ({
    train: items.filter((_, i) => i % k !== f),
    test: items.filter((_, i) => i % k === f),
  }));
}
