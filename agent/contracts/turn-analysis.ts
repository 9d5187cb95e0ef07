import { z } from 'zod';
import { Confidence, Lang, Offset, type Play, Provider, SentimentLabel } from './common';
import type { ChurnCategory } from './churn-reason';
import { Id } from '../../ingest/scalars';

// CONTRACTS.md section 4: what the analyzers say about one customer turn, and the one table that
// turns what was heard into a signal family, a suggested human action and an agent play.

export const RiskFamily = z.enum([
  'hesitation',
  'competitor',
  'no_results',
  'budget',
  'conditional_future',
  'ultimatum',
  'repeated_request',
  'data_export',
  'cancellation',
  'pause',
  'price',
  'quality',
  'support',
]);
export type RiskFamily = z.infer<typeof RiskFamily>;

export const Formality = z.enum(['informal', 'neutral', 'formal']);
export type Formality = z.infer<typeof Formality>;

export const Sentiment = z.strictObject({ score: z.number().min(-1).max(1), label: SentimentLabel });

/** A risk phrase found in the turn: its family and where it is ([start, end) offsets). */
export const RiskMatch = z
  .strictObject({ family: RiskFamily, start: Offset, end: Offset, text: z.string().min(1), confidence: Confidence })
  .refine((r) => r.start <= r.end, { path: ['end'], message: 'end must not be before start' });

export const TurnAnalysis = z.strictObject({
  conversation_id: Id,
  turn_id: Id,
  lang: Lang,
  sentiment: Sentiment,
  risks: z.array(RiskMatch),
  competitors: z.array(z.strictObject({ name: z.string().min(1) })),
  // `key` is the product's feature key the words were matched to.
  features: z.array(z.strictObject({ text: z.string().min(1), key: z.string().min(1) })),
  formality: Formality,
  cancellation_intent: z.boolean(),
  provider: Provider,
  provider_version: z.string().min(1),
});
export type TurnAnalysis = z.infer<typeof TurnAnalysis>;

/** What an analyzer can say from the words alone; the caller adds the conversation and turn ids. */
export const TurnAnalysisBody = TurnAnalysis.omit({ conversation_id: true, turn_id: true });
export type TurnAnalysisBody = z.infer<typeof TurnAnalysisBody>;

/** A turn is at risk when it has any risk family, a stated churn reason, or cancellation intent. */
export function isAtRisk(
  analysis: Pick<TurnAnalysis, 'risks' | 'cancellation_intent'>,
  options: { statedReason?: { category: ChurnCategory } | null } = {},
): boolean {
  return analysis.risks.length > 0 || analysis.cancellation_intent || options.statedReason != null;
}

// ---- The mapping table -------------------------------------------------------------------------

/** What scoring, alerts and the planner reason about: coarser than risk families on purpose. */
export const SignalFamily = z.enum([
  'competitor_comparison',
  'disappointment', // results not seen, value not realized, expectations missed
  'unresolved_technical', // quality, support, the same request repeated
  'budget_pressure',
  'wavering_commitment', // hesitation and "if we continue" without a stated cause
  'cancellation_intent', // cancellation, pause, data export, ultimatum
  'disengagement', // dormant, forgot, no longer needed
  'stakeholder_change', // relationship, sponsor or business change
  'payment_problem', // involuntary churn, worked by dunning
]);
export type SignalFamily = z.infer<typeof SignalFamily>;

export const HumanAction = z.enum([
  'sales_strategic_review',
  'csm_value_audit',
  'escalate_open_tickets',
  'management_rebalance_call',
  'csm_check_in',
  'owner_save_call',
  'csm_adoption_plan',
  'sponsor_realignment',
  'review_dunning_case',
]);
export type HumanAction = z.infer<typeof HumanAction>;

export interface Suggestion {
  action: HumanAction;
  /** Deadline for the human action; the alerts issue fixes 48 h and 72 h, the others are defaults. */
  withinHours: number;
  /** The play for an active account; the planner extends this with account states (cancelled → win_back). */
  play: Play;
  text: string;
}

export const RISK_SIGNAL: Record<RiskFamily, SignalFamily> = {
  hesitation: 'wavering_commitment',
  conditional_future: 'wavering_commitment',
  competitor: 'competitor_comparison',
  no_results: 'disappointment',
  budget: 'budget_pressure',
  price: 'budget_pressure',
  quality: 'unresolved_technical',
  support: 'unresolved_technical',
  repeated_request: 'unresolved_technical',
  // "this is the last time we…": the customer has a date in mind, same urgency as cancelling
  ultimatum: 'cancellation_intent',
  cancellation: 'cancellation_intent',
  pause: 'cancellation_intent',
  data_export: 'cancellation_intent',
};

export const CATEGORY_SIGNAL: Record<ChurnCategory, SignalFamily> = {
  price: 'budget_pressure',
  budget: 'budget_pressure',
  competitor: 'competitor_comparison',
  missing_feature: 'disappointment',
  value_not_realized: 'disappointment',
  onboarding: 'disappointment',
  product_quality: 'unresolved_technical',
  support_experience: 'unresolved_technical',
  no_longer_needed: 'disengagement',
  forgot: 'disengagement',
  business_change: 'stakeholder_change',
  relationship: 'stakeholder_change',
  payment_failure: 'payment_problem',
  // no specific lever named: a person asks
  other: 'wavering_commitment',
};

export const SIGNAL_SUGGESTION: Record<SignalFamily, Suggestion> = {
  competitor_comparison: {
    action: 'sales_strategic_review',
    withinHours: 48,
    play: 'health_check',
    text: 'Sales callback within 48 h with a strategic review',
  },
  disappointment: {
    action: 'csm_value_audit',
    withinHours: 120,
    play: 'health_check',
    text: 'Value audit by the CSM',
  },
  unresolved_technical: {
    action: 'escalate_open_tickets',
    withinHours: 72,
    play: 'health_check',
    text: 'Escalate the open tickets; customer feedback within 72 h',
  },
  budget_pressure: {
    action: 'management_rebalance_call',
    withinHours: 72,
    play: 'health_check',
    text: 'Management callback proposing a rebalance or a pause',
  },
  wavering_commitment: {
    action: 'csm_check_in',
    withinHours: 120,
    play: 'health_check',
    text: 'CSM check-in call to find what is holding them back',
  },
  cancellation_intent: {
    action: 'owner_save_call',
    withinHours: 24,
    play: 'health_check',
    text: 'Account owner calls within 24 h to understand and save',
  },
  disengagement: {
    action: 'csm_adoption_plan',
    withinHours: 168,
    play: 'win_back',
    text: 'CSM proposes a re-engagement and adoption plan',
  },
  stakeholder_change: {
    action: 'sponsor_realignment',
    withinHours: 168,
    play: 'health_check',
    text: 'Executive sponsor meets the new contact to re-establish the relationship',
  },
  payment_problem: {
    action: 'review_dunning_case',
    withinHours: 72,
    play: 'payment_recovery',
    text: 'Finance reviews the open dunning case',
  },
};

export function suggestionForRisk(family: RiskFamily): Suggestion & { signal: SignalFamily } {
  const signal = RISK_SIGNAL[family];
  return { signal, ...SIGNAL_SUGGESTION[signal] };
}

export function suggestionForCategory(category: ChurnCategory): Suggestion & { signal: SignalFamily } {
  const signal = CATEGORY_SIGNAL[category];
  return { signal, ...SIGNAL_SUGGESTION[signal] };
}
