import { CATEGORY_SIGNAL, type SignalFamily } from '../../agent/contracts/turn-analysis';
import { ChurnCategory } from '../../agent/contracts/churn-reason';
import { BASE_END, WINDOW, type Measures } from './measures';

// Measures → signals. A signal exists only where its inputs exist (no usage history, no usage
// signal): missing data is never scored as neutral. Strength is how much risk it carries, 0 to 1;
// the family comes from the mapping table of CONTRACTS.md section 4.

export const SignalKey = [
  'usage_decline', 'feature_depth', 'usage_level', 'silence', 'call_decline', 'technical_calls', 'contact_change',
  'ticket_volume', 'unresolved_tickets', 'reopen_rate', 'sentiment', 'tone_shift', 'formality_shift', 'risk_phrases',
  'cancellation_intent', 'churn_reason', 'repeated_feature', 'nps', 'csat', 'payment_failure', 'unpaid_invoices',
  'downgrade', 'data_export',
] as const;
export type SignalKey = (typeof SignalKey)[number];

export interface Signal {
  key: SignalKey;
  family: SignalFamily;
  /** 0 (no risk) to 1 */
  strength: number;
  /** the measured value the strength comes from */
  value: number;
  window_days: number;
  evidence: { event_ids: string[]; turn_ids: string[] };
  /** in plain words, for the CSM: built only for the reasons a score shows */
  say: () => string;
}

const clamp = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const DAY = 86_400_000;

export function deriveSignals(m: Measures, asOf: Date): Signal[] {
  const out: Signal[] = [];
  const add = (key: SignalKey, family: SignalFamily, strength: number, value: number, window_days: number, say: () => string, event_ids: string[] = [], turn_ids: string[] = []) =>
    out.push({ key, family, strength: round(clamp(strength), 3), value: round(value, 3), window_days, evidence: { event_ids, turn_ids }, say });

  // ---- usage, against the account's own trailing baseline
  const hasUsage = m.usage_days_30 + m.usage_days_base > 0;
  // the account's own baseline: days 61–150, or days 31–60 while the history is younger than that
  const base = m.usage_days_base >= 10
    ? { days: m.usage_days_base, actions: m.actions_base, depth: m.depth_base, span: WINDOW - BASE_END, words: 'two to five months ago' }
    : m.usage_days_mid >= 10 ? { days: m.usage_days_mid, actions: m.actions_mid, depth: m.depth_mid, span: BASE_END - 30, words: 'the month before' } : null;
  if (base) {
    const ratio = m.actions_30 / 30 / (base.actions / base.span);
    add('usage_decline', 'disengagement', (1.05 - ratio) / 0.7, ratio, WINDOW,
      () => ratio < 0.95 ? `Key actions down ${pct(1 - ratio)} over 30 days against the account's own level ${base.words}` : `Key actions at ${pct(ratio)} of the account's own level ${base.words}`);
    const depth30 = m.usage_days_30 ? m.depth_30 / m.usage_days_30 : 0;
    const depthBase = base.depth / base.days;
    if (depthBase > 0) {
      const r = depth30 / depthBase;
      add('feature_depth', 'disengagement', (1.02 - r) / 0.45, r, WINDOW, () => r < 0.9 ? `Features used per active day down ${pct(1 - r)} against its own level ${base.words}` : `Feature depth steady (${pct(r)} of its own level ${base.words})`);
    }
  }
  if (hasUsage && m.seats && m.seats > 0) {
    const adoption = m.usage_days_30 ? m.users_30 / m.usage_days_30 / m.seats : 0;
    add('usage_level', 'disengagement', 1 - adoption / 0.75, adoption, 30, () => `${pct(Math.min(adoption, 9.99))} of ${m.seats} seats active on a typical day over the last 30 days`);
  }

  // ---- relationship
  if (m.inputs_through) {
    // with no contact on record, the silence is as long as the account's inputs go back, and no longer:
    // an account whose history Tenure received last week has not been silent for a year
    const known = m.last_contact_at != null;
    const days = known ? (asOf.getTime() - m.last_contact_at!.getTime()) / DAY : (m.observed_days ?? 0);
    const active = m.usage_days_30 > 0;
    // the rule of thumb: 90 days without a word from an account that still uses the product is critical
    const strength = days < 90 ? 0 : Math.min(1, (active ? 0.3 : 0.2) + ((days - 90) / 180) * 0.4);
    const span = days >= 365 ? 'over a year' : `${Math.round(days)} days`;
    add('silence', 'disengagement', strength, days, 365,
      () => days >= 90 ? `${active ? 'Active account with no' : 'No'} call, survey answer or support request ${known ? `for ${span}` : `in the ${span} of inputs on record`}${active ? ' (critical)' : ''}`
        : known ? `Last call, survey or support request ${Math.round(days)} days ago` : `No call, survey answer or support request in the ${span} of inputs on record`);
  }
  if (m.calls_base > 0) {
    const expected = (m.calls_base / 275) * 90;
    const fewer = 1 - (m.calls_90 + 0.25) / (expected + 0.25);
    const shorter = m.duration_180 != null && m.duration_base ? 1 - m.duration_180 / m.duration_base : 0;
    add('call_decline', 'disengagement', 0.6 * fewer + 0.8 * shorter, fewer, 365,
      () => `${m.calls_90} call(s) in 90 days against about ${expected.toFixed(1)} before${shorter > 0.1 ? `; calls ${pct(shorter)} shorter` : ''}`, m.call_ids);
  }
  if (m.technical_180 + m.strategic_180 >= 2) {
    const share = m.technical_180 / (m.technical_180 + m.strategic_180);
    add('technical_calls', 'unresolved_technical', (share - 0.5) / 0.5, share, 180, () => `${m.technical_180} technical against ${m.strategic_180} strategic call(s) over 180 days`, m.call_ids);
  }
  if (m.contact_changes_90 > 0) {
    add('contact_change', 'stakeholder_change', 0.35 + 0.2 * m.contact_changes_90, m.contact_changes_90, 90, () => `The customer's main contact or sponsor changed (${m.contact_changes_90} change(s) in 90 days)`, m.contact_change_ids);
  }

  // ---- support
  const hadTickets = m.tickets_30 + m.tickets_base + m.resolved_90 + m.reopened_90 > 0;
  if (hadTickets) {
    const ratio = (m.tickets_30 + 0.5) / (m.tickets_base / 3 + 0.5);
    add('ticket_volume', 'unresolved_technical', (ratio - 1.5) / 4, ratio, 120, () => `${m.tickets_30} ticket(s) opened in 30 days, ${ratio.toFixed(1)}× its own previous rate`, m.ticket_ids);
    add('unresolved_tickets', 'unresolved_technical', (m.unresolved - 1) / 8, m.unresolved, 120, () => m.unresolved ? `${m.unresolved} ticket(s) still open` : 'No ticket left open', m.ticket_ids);
  }
  if (m.resolved_90 + m.reopened_90 > 0) {
    const rate = m.reopened_90 / Math.max(m.resolved_90, 1);
    add('reopen_rate', 'unresolved_technical', rate >= 0.3 && m.reopened_90 >= 2 ? 0.5 + (rate - 0.3) : 0, rate, 90,
      () => rate >= 0.3 ? `${pct(rate)} of resolved tickets reopened in 90 days (high risk above 30%)` : `${pct(rate)} of resolved tickets reopened in 90 days`, m.reopen_ids);
  }

  // ---- what the customer said
  const { sentiment_90: s90, sentiment_14: s14, sentiment_before: sBefore, nps_avg: nps, csat_avg: csat } = m;
  if (s90 != null && m.texts_90 > 0) {
    add('sentiment', 'disappointment', (0.9 - s90) / 1.4, s90, 90, () => `Average tone ${s90.toFixed(2)} (−1 to 1) over ${m.texts_90} customer turn(s), note(s) and comment(s) in 90 days`, [], m.risk_turn_ids);
  }
  if (s14 != null && sBefore != null) {
    const drop = sBefore - s14;
    add('tone_shift', 'wavering_commitment', (drop - 0.1) / 0.5, drop, 180,
      () => drop > 0.1 ? `Tone fell from ${sBefore.toFixed(2)} to ${s14.toFixed(2)} in the last two weeks` : `Tone steady (${s14.toFixed(2)} lately, ${sBefore.toFixed(2)} before)`);
  }
  if (m.texts_30 > 0 && m.texts_before > 0) {
    const formal = m.formal_30 / m.texts_30;
    const warmBefore = m.informal_before / m.texts_before;
    add('formality_shift', 'wavering_commitment', warmBefore >= 0.3 && formal >= 0.5 ? 0.5 : 0, formal, 180,
      () => warmBefore >= 0.3 && formal >= 0.5 ? 'The customer moved from a warm to a formal register' : 'No change of register');
  }
  if (m.turns_90 > 0) {
    const density = m.risk_turns_90 / m.turns_90;
    const families = Object.entries(m.families).sort((a, b) => b[1] - a[1]);
    const family = (families[0]?.[0] as SignalFamily | undefined) ?? 'wavering_commitment';
    // complaints about bugs and support come with every bad month; a competitor, the budget or leaving weigh more
    const leaving = families.some(([f]) => !['unresolved_technical', 'wavering_commitment'].includes(f));
    add('risk_phrases', family, (density / 0.5) * (leaving ? 1 : 0.4), density, 90,
      () => `${m.risk_turns_90} of ${m.turns_90} customer turns in 90 days carried a risk phrase${families.length ? ` (${families.map(([f]) => f.replace(/_/g, ' ')).join(', ')})` : ''}`, [], m.risk_turn_ids);
  }
  if (m.intent_90 > 0) add('cancellation_intent', 'cancellation_intent', 0.9, m.intent_90, 90, () => 'The customer said they intend to cancel or pause', [], m.intent_ids);
  if (m.reason_categories.length > 0) {
    const categories = m.reason_categories.flatMap((c) => (ChurnCategory.safeParse(c).success ? [c as ChurnCategory] : []));
    const first = categories[0] ?? 'other';
    add('churn_reason', CATEGORY_SIGNAL[first], 0.9, m.reason_categories.length, 180, () => `The customer stated a reason to leave: ${[...new Set(categories)].map((c) => c.replace(/_/g, ' ')).join(', ')}`, m.reason_ids);
  }
  if (m.repeated_features.length > 0) {
    add('repeated_feature', 'disappointment', 0.5, m.repeated_features.length, 180, () => `The same undelivered feature asked for 3 or more times: ${m.repeated_features.join(', ')}`);
  }
  if (m.nps_n > 0 && nps != null) {
    add('nps', 'disappointment', (8.5 - nps) / 7, nps, 180, () => `NPS ${nps.toFixed(1)} (${nps <= 6 ? 'detractor' : nps < 9 ? 'passive' : 'promoter'}) over 180 days`, m.nps_ids);
  }
  if (csat != null) add('csat', 'disappointment', (4 - csat) / 3, csat, 90, () => `CSAT ${csat.toFixed(1)} of 5 over 90 days`);

  // ---- billing
  if (m.invoices_120 > 0 || m.payment_failed_90 > 0) {
    add('payment_failure', 'payment_problem', m.payment_failed_90 ? 0.4 + 0.15 * (m.payment_failed_90 - 1) : 0, m.payment_failed_90, 90,
      () => m.payment_failed_90 ? `${m.payment_failed_90} failed payment(s) in 90 days` : 'Paid on time (no failed payment in 90 days)', m.payment_failed_ids);
    const unpaid = Math.max(0, m.invoices_120 - m.paid_120);
    add('unpaid_invoices', 'payment_problem', unpaid * 0.35, unpaid, 120, () => unpaid ? `${unpaid} invoice(s) of the last 120 days unpaid` : 'Invoices of the last 120 days paid');
  }
  if (m.downgrades_180 > 0) add('downgrade', 'budget_pressure', 0.6, m.downgrades_180, 180, () => `Downgraded ${m.downgrades_180} time(s) in 180 days`, m.downgrade_ids);
  if (m.exports_90 > 0) add('data_export', 'cancellation_intent', 0.7, m.exports_90, 90, () => `Requested a data export (${m.exports_90} in 90 days)`, m.export_ids);
  return out;
}
