import { RISK_SIGNAL, type SignalFamily, type TurnAnalysisBody } from '../../agent/contracts/turn-analysis';
import { analyzeTurn } from '../../agent/understanding';

// Scoring's one door to conversation understanding: everything it hears about the customer's words
// goes through here, so the provider can change without touching the signals.

export interface Heard {
  sentiment: number;
  riskFamilies: string[];
  signalFamilies: SignalFamily[];
  cancellationIntent: boolean;
  formality: TurnAnalysisBody['formality'];
  features: string[];
  providerVersion: string;
}

/** What scoring keeps of a turn analysis, its risk families mapped to signal families (CONTRACTS.md section 4). */
export function fromAnalysis(a: Pick<TurnAnalysisBody, 'sentiment' | 'risks' | 'cancellation_intent' | 'formality' | 'features' | 'provider' | 'provider_version'>): Heard {
  const risk = [...new Set(a.risks.map((r) => r.family))];
  const signals = new Set<SignalFamily>(risk.map((f) => RISK_SIGNAL[f]));
  if (a.cancellation_intent) signals.add('cancellation_intent');
  return {
    sentiment: a.sentiment.score,
    riskFamilies: risk,
    signalFamilies: [...signals],
    cancellationIntent: a.cancellation_intent,
    formality: a.formality,
    features: [...new Set(a.features.map((f) => f.key))],
    providerVersion: `${a.provider}:${a.provider_version}`,
  };
}

export function hearText(text: string, lang?: string | null): Heard {
  return fromAnalysis(analyzeTurn(text, lang ?? undefined));
}
