import { type Component, zoneOf, type ScoreConfig, type Zone } from './config';
import type { Signal, SignalKey } from './signals/derive';

// Signals → component sub-scores → the health score. A component's sub-score is
// 100 × Π(1 − strength) over its signals; a component without any signal has no data, and its weight
// is shared among the others in proportion ("based on 3 of 5 components"). The total is a pure
// function of the stored sub-scores and the config's weights (recomputeTotal), so every stored row
// can be checked.

export const COMPONENT_SIGNALS: Record<Component, readonly SignalKey[]> = {
  sentiment: ['sentiment', 'tone_shift', 'formality_shift'],
  risk_phrases: ['risk_phrases', 'cancellation_intent', 'churn_reason', 'repeated_feature'],
  engagement: ['usage_decline', 'feature_depth', 'silence', 'contact_change'],
  support: ['ticket_volume', 'unresolved_tickets', 'reopen_rate', 'technical_calls'],
  business: ['usage_level', 'feature_depth', 'payment_failure', 'unpaid_invoices', 'nps', 'csat', 'downgrade', 'data_export'],
  usage: ['usage_decline', 'feature_depth', 'usage_level', 'silence'],
  outcome: ['nps', 'csat', 'sentiment', 'tone_shift', 'risk_phrases', 'cancellation_intent', 'churn_reason', 'repeated_feature'],
  relationship: ['call_decline', 'technical_calls', 'contact_change', 'formality_shift', 'ticket_volume', 'unresolved_tickets', 'reopen_rate'],
  financial: ['payment_failure', 'unpaid_invoices', 'downgrade', 'data_export'],
};

export const COMPONENT_LABEL: Record<Component, string> = {
  sentiment: 'recent sentiment',
  risk_phrases: 'risk phrases',
  engagement: 'engagement against its own baseline',
  support: 'support resolution',
  business: 'business indicators',
  usage: 'usage',
  outcome: 'outcome',
  relationship: 'relationship',
  financial: 'financial',
};

export interface ComponentScore {
  /** 0–100, null when the component had no data */
  score: number | null;
  /** the configured weight */
  weight: number;
  /** the weight it carried after missing components' weight was shared out */
  effective_weight: number;
  signals: Signal[];
}

export interface ReasonCode {
  code: SignalKey;
  component: Component;
  family: Signal['family'];
  /** points of the 100 this signal took away */
  points: number;
  text: string;
  window_days: number;
  evidence: Signal['evidence'];
}

export interface ScoreResult {
  score: number;
  zone: Zone;
  based_on: number;
  components_total: number;
  components: Partial<Record<Component, ComponentScore>>;
  reason_codes: ReasonCode[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The total from sub-scores and weights alone: what every stored row must recompute to. */
export function recomputeTotal(subScores: Partial<Record<string, number | null>>, weights: Partial<Record<string, number>>): number | null {
  let sum = 0;
  let weight = 0;
  for (const [name, w] of Object.entries(weights)) {
    const s = subScores[name];
    if (s == null || !w) continue;
    sum += w * s;
    weight += w;
  }
  return weight > 0 ? Math.round(sum / weight) : null;
}

const MAX_REASONS = 5;

// the weighted components of a configuration, worked out once per configuration, not once per account
const weightedOf = new WeakMap<object, [Component, number][]>();

/** `reasons: false`: without reason codes, for a score that is compared and not stored. */
export function computeScore(signals: readonly Signal[], config: Pick<ScoreConfig, 'weights' | 'zones'>, o: { reasons?: boolean } = {}): ScoreResult | null {
  let weighted = weightedOf.get(config.weights);
  if (!weighted) weightedOf.set(config.weights, (weighted = Object.entries(config.weights).filter(([, w]) => (w ?? 0) > 0) as [Component, number][]));
  const byKey: Partial<Record<SignalKey, Signal>> = {};
  for (const s of signals) byKey[s.key] = s;
  const components: Partial<Record<Component, ComponentScore>> = {};
  const subScores: Partial<Record<Component, number | null>> = {};
  let present = 0;
  let based_on = 0;
  for (const [name, weight] of weighted) {
    const own: Signal[] = [];
    let kept = 1;
    for (const k of COMPONENT_SIGNALS[name]) {
      const s = byKey[k];
      if (s) {
        own.push(s);
        kept *= 1 - s.strength;
      }
    }
    const score = own.length ? round1(100 * kept) : null;
    if (score != null) {
      present += weight;
      based_on++;
    }
    components[name] = { score, weight, effective_weight: 0, signals: own };
    subScores[name] = score;
  }
  if (present === 0) return null;
  for (const [name] of weighted) {
    const c = components[name]!;
    c.effective_weight = c.score == null ? 0 : Math.round((c.weight / present) * 10_000) / 10_000;
  }
  const score = recomputeTotal(subScores, config.weights)!;
  const zone = zoneOf(score, config.zones);
  if (o.reasons === false) return { score, zone, based_on, components_total: weighted.length, components, reason_codes: [] };

  // Each component's lost points, shared among its signals by −log(1 − strength): their product made the loss.
  const moved: { signal: Signal; component: Component; points: number }[] = [];
  for (const [name] of weighted) {
    const c = components[name]!;
    if (c.score == null) continue;
    const lost = (c.weight / present) * (100 - c.score);
    const logs = c.signals.map((s) => -Math.log(Math.max(1e-6, 1 - s.strength)));
    const total = logs.reduce((a, b) => a + b, 0);
    if (total <= 0) continue;
    c.signals.forEach((signal, i) => {
      const points = round1((lost * logs[i]!) / total);
      if (points >= 0.5) moved.push({ signal, component: name, points });
    });
  }
  moved.sort((a, b) => b.points - a.points || (a.signal.key < b.signal.key ? -1 : a.signal.key > b.signal.key ? 1 : 0));
  // plain words only for the reasons shown
  const reasons: ReasonCode[] = moved.slice(0, MAX_REASONS).map(({ signal: s, component, points }) => ({
    code: s.key,
    component,
    family: s.family,
    points,
    text: s.say(),
    window_days: s.window_days,
    evidence: { event_ids: s.evidence.event_ids.slice(0, 5), turn_ids: s.evidence.turn_ids.slice(0, 5) },
  }));
  return {
    score,
    zone,
    based_on,
    components_total: weighted.length,
    components,
    reason_codes: reasons,
  };
}

/** "based on 3 of 5 components" and the reasons, in plain words. */
export function explain(r: Pick<ScoreResult, 'score' | 'based_on' | 'components_total' | 'reason_codes'> & { zone: string | Zone }): string[] {
  const zone = typeof r.zone === 'string' ? r.zone : r.zone.name;
  const lines = [`Health ${r.score}/100, ${zone}, based on ${r.based_on} of ${r.components_total} components.`];
  for (const reason of r.reason_codes) lines.push(`−${reason.points} points: ${reason.text} (${COMPONENT_LABEL[reason.component]}; ${reason.family.replace(/_/g, ' ')}).`);
  if (r.reason_codes.length === 0) lines.push('Nothing pulls it down.');
  return lines;
}
