import crypto from 'node:crypto';
import { hear } from './analyze';
import { CATEGORY_CLASSES, NO_REASON, type LabeledCase } from './cases';
import { featurize, toneFeatures } from './classifier';
import { CATEGORY_PERCEPTRON, SENTIMENT_PERCEPTRON, STATED, STATED_CLASSES } from './model';
import { trainPerceptron } from './perceptron';
import type { ModelFile } from './model';

// Training: the same cases always give the same model (no randomness, sorted features, integer
// counts), so a test can retrain and compare with the committed model.json.

export const SENTIMENT_CLASSES = ['positive', 'neutral', 'negative'];

export interface TrainingSource {
  file: string;
  text: string;
  cases: number;
}

/** Trains on the cases of every source, in the order given (the order is part of the result). */
export function trainModel(cases: LabeledCase[], sources: TrainingSource[]): ModelFile {
  const featured = pruneRare(
    cases.map((c) => {
      const h = hear(c.text, c.lang);
      return { c, h, features: featurize(h) };
    }),
  );
  // Each case three times: as heard; with its lexicon evidence alone; and with its words alone (words,
  // stems, character n-grams: no word pairs, no lexicon). Unseen sentences often share no word with
  // the training cases but do trip a lexicon cue, or share no cue but a word or its stem: the extra
  // copies teach the model to trust each kind of evidence on its own instead of falling back to "no
  // reason" when the other kind is missing (chosen by cross-writer validation of the training files).
  const category = featured.flatMap(({ c, features }) => {
    if (c.expect.category === undefined) return [];
    const label = c.expect.category;
    return [
      { features, label },
      { features: features.filter((f) => f.startsWith('x:')), label },
      { features: wordsOnly(features), label },
    ];
  });
  const sentiment = featured.flatMap(({ c, h, features }) => {
    if (c.expect.sentiment === undefined) return [];
    const label = c.expect.sentiment;
    // as heard, and with its words alone (the lexicon score left out too)
    return [
      { features: toneFeatures(h, features), label },
      { features: wordsOnly(features), label },
    ];
  });
  return {
    version: 2,
    trained_on: sources.map((s) => ({ file: s.file, sha256: sha256(s.text), cases: s.cases })),
    category: trainPerceptron(category, CATEGORY_CLASSES, CATEGORY_PERCEPTRON),
    stated: trainPerceptron(
      category.map((d) => ({ features: d.features, label: d.label === NO_REASON ? NO_REASON : STATED })),
      STATED_CLASSES,
      CATEGORY_PERCEPTRON,
    ),
    sentiment: trainPerceptron(sentiment, SENTIMENT_CLASSES, SENTIMENT_PERCEPTRON),
  };
}

/** A word, pair, stem or n-gram must occur in this many training cases to be learned (lexicon evidence
 *  always is): one seen once is a memorised detail of one sentence. Pruning them shrinks the model by
 *  about a third for no measurable change in three-way cross-writer accuracy (within half a point). */
const MIN_CASES = 2;

function pruneRare<T extends { features: string[] }>(featured: T[]): T[] {
  const seen = new Map<string, number>();
  for (const f of featured) for (const x of f.features) seen.set(x, (seen.get(x) ?? 0) + 1);
  return featured.map((f) => ({ ...f, features: f.features.filter((x) => x.startsWith('x:') || seen.get(x)! >= MIN_CASES) }));
}

/** Words, stems and character n-grams: the features that do not depend on the lexicon or word order. */
function wordsOnly(features: string[]): string[] {
  return features.filter((f) => !f.startsWith('x:') && !f.startsWith('b:'));
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
