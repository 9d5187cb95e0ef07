import type { ChurnCategory, ChurnReason, RiskFamily } from '../contracts';
import { hear, type Heard } from './analyze';
import { featurize } from './classifier';
import { classifyCategory, classifySentiment, type CategoryGuess } from './model';
import type { Hit } from './patterns';
import type { Transcript } from './provider';
import { sentenceAround } from './text';

// extractReason: the churn reason a customer gave in a conversation, classified over their turns,
// with the verbatim cut from the customer turn that says it (the sentence holding the evidence).

/** Risk families that are evidence for a category (to find the sentence that states it). */
const EVIDENCE: Partial<Record<ChurnCategory, RiskFamily[]>> = {
  price: ['price'],
  budget: ['budget'],
  competitor: ['competitor'],
  product_quality: ['quality'],
  support_experience: ['support', 'repeated_request'],
  value_not_realized: ['no_results'],
  other: ['cancellation'],
  no_longer_needed: ['cancellation'],
};

const LABEL: Record<ChurnCategory, string> = {
  price: 'Price',
  budget: 'Budget',
  competitor: 'Competitor',
  missing_feature: 'Missing feature',
  product_quality: 'Product quality',
  support_experience: 'Support experience',
  value_not_realized: 'Value not realized',
  onboarding: 'Onboarding',
  no_longer_needed: 'No longer needed',
  business_change: 'Business change',
  forgot: 'Forgot to cancel',
  payment_failure: 'Payment failure',
  relationship: 'Relationship',
  other: 'Other',
};

/** Where in the turn the category is stated: its risk phrase or reason cue, else the first risk heard. */
function evidence(h: Heard, category: ChurnCategory): Hit | null {
  const families = EVIDENCE[category] ?? [];
  const risk = h.risks.find((r) => families.includes(r.family));
  if (risk) return risk;
  const cue = h.reasonHits.find(([c]) => c === category)?.[1][0];
  if (cue) return cue;
  return h.risks[0] ?? null;
}

export interface TurnReason {
  heard: Heard;
  guess: CategoryGuess;
}

/** Each turn's reason per transcript, while it lives: the summary and the wrap-up both ask for it. */
const reasonsIn = new WeakMap<object, Map<string, TurnReason>>();

/** The category of one turn (none when it gives no reason); with a `scope`, worked out once in it. */
export function reasonOfTurn(text: string, lang?: string, scope?: object): TurnReason {
  if (!scope) return classifyTurn(text, lang);
  let memo = reasonsIn.get(scope);
  if (!memo) reasonsIn.set(scope, (memo = new Map()));
  const key = `${lang ?? ''}\u0000${text}`;
  let r = memo.get(key);
  if (!r) memo.set(key, (r = classifyTurn(text, lang, scope)));
  return r;
}

function classifyTurn(text: string, lang?: string, scope?: object): TurnReason {
  const heard = hear(text, lang, scope);
  const features = featurize(heard);
  const guess = classifyCategory(heard, features);
  // A happy customer who says nothing risky is not giving a reason to leave, even when the words are
  // about a topic ("the price is fair", "support sorted it in an hour"): no reason.
  if (guess.category !== 'none' && heard.risks.length === 0 && classifySentiment(heard, features) === 'positive') {
    return { heard, guess: { ...guess, category: 'none', confidence: guess.ranked.find((r) => r.category === 'none')?.p ?? 0 } };
  }
  // A risk phrase that names a topic ("hesitating because of the price", "support never answers") is a
  // stated reason even when the wording around it is new to the classifier: the best category that
  // phrase is evidence for, rather than none.
  if (guess.category === 'none') {
    const heardFamilies = new Set(heard.risks.map((r) => r.family));
    const named = guess.ranked.find((r) => r.category !== 'none' && r.category !== 'other' && r.category !== 'no_longer_needed' && (EVIDENCE[r.category]?.some((f) => heardFamilies.has(f)) ?? false));
    if (named) return { heard, guess: { ...guess, category: named.category, confidence: named.p } };
  }
  // "No reason" is the classifier's answer for wording it never saw. A customer who is unhappy (the
  // tone model says negative, and the lexicon agrees or heard a risk phrase) is telling why: take the
  // best category it has rather than none (chosen by cross-writer validation of the training files).
  if (guess.category === 'none' && guess.ranked.length > 1 && classifySentiment(heard, features) === 'negative' && (heard.sentiment.label === 'negative' || heard.risks.length > 0)) {
    const best = guess.ranked.find((r) => r.category !== 'none')!;
    return { heard, guess: { ...guess, category: best.category, confidence: best.p } };
  }
  return { heard, guess };
}

export function extractReason(transcript: Transcript): ChurnReason | null {
  let best: { turnId: string; r: TurnReason } | null = null;
  for (const turn of transcript.turns) {
    if (turn.speaker !== 'customer' || !turn.text.trim()) continue;
    const r = reasonOfTurn(turn.text, turn.lang ?? transcript.lang, transcript);
    if (r.guess.category === 'none') continue;
    if (!best || r.guess.confidence > best.r.guess.confidence) best = { turnId: turn.id, r };
  }
  if (!best) return null;
  const { heard, guess } = best.r;
  const category = guess.category as ChurnCategory;
  const ev = evidence(heard, category);
  const [start, end] = ev ? sentenceAround(heard.text, ev.start, ev.end) : sentenceAround(heard.text, 0, heard.text.length);
  const span: [number, number] = start < end ? [start, end] : [0, heard.text.length];
  const competitor = heard.competitors[0]?.name;
  const feature = heard.features[0];
  const detail = category === 'competitor' && competitor ? `${LABEL[category]}: ${competitor}` : category === 'missing_feature' && feature ? `${LABEL[category]}: ${feature.key}` : LABEL[category];
  const alternatives = guess.ranked
    .filter((g) => g.category !== category && g.category !== 'none' && g.p >= 0.1)
    .slice(0, 2)
    .map((g) => ({ provider: 'offline' as const, category: g.category as ChurnCategory, confidence: round(g.p) }));
  return {
    category,
    detail,
    verbatim: heard.text.slice(span[0], span[1]),
    ...(competitor ? { competitor } : {}),
    ...(feature && category === 'missing_feature' ? { feature: feature.key } : {}),
    voluntary: category !== 'payment_failure',
    sentiment: classifySentiment(heard),
    confidence: round(guess.confidence),
    conversation_id: transcript.conversation_id,
    turn_id: best.turnId,
    span,
    source: 'conversation',
    ...(alternatives.length ? { alternatives } : {}),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
