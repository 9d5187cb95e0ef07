import type { TurnAnalysisBody } from '../contracts';
import { hear, OFFLINE_VERSION, toBody } from './analyze';
import { featurize } from './classifier';
import { classifySentiment } from './model';
import { registerProvider, type UnderstandingProvider } from './provider';
import { extractReason } from './reason';
import { summarize } from './summarize';

// The offline provider: deterministic, no network. Lexicons and patterns (lexicon/) for what was
// said, averaged perceptrons (model.json) for the tone, whether a reason is stated, and its category.

/** The turn analysis of one customer turn; lang is detected (en, fr, ru) when omitted. With a
 * `scope` (the transcript being read), a turn already heard in it is not heard again (analyze.ts). */
export function analyzeTurn(text: string, lang?: string, scope?: object): TurnAnalysisBody {
  const h = hear(text, lang, scope);
  const body = toBody(h);
  const label = classifySentiment(h, featurize(h));
  if (label !== body.sentiment.label) body.sentiment = { score: agree(body.sentiment.score, label), label };
  return body;
}

/** The lexicon score pulled into the classifier's label, so score and label never disagree. */
function agree(score: number, label: 'positive' | 'neutral' | 'negative'): number {
  if (label === 'positive') return Math.max(score, 0.25);
  if (label === 'negative') return Math.min(score, -0.25);
  return Math.max(-0.2, Math.min(0.2, score));
}

export { extractReason, summarize };

export const offlineProvider: UnderstandingProvider = {
  name: 'offline',
  version: OFFLINE_VERSION,
  analyzeTurn,
  extractReason,
  summarize,
};

registerProvider(offlineProvider);
