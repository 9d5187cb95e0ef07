import { SIGNAL_SUGGESTION, type SignalFamily } from '../../agent/contracts/turn-analysis';

// The suggested action of an alert or an escalation comes from the mapping table of CONTRACTS.md
// section 4 (agent/contracts): sent to SQL as one JSON object, so a set-based insert stores it.

export interface StoredSuggestion {
  family: SignalFamily;
  action: string;
  within_hours: number;
  text: string;
}

let json: string | null = null;

export function suggestionsJson(): string {
  if (json) return json;
  const out: Record<string, StoredSuggestion> = {};
  for (const [family, s] of Object.entries(SIGNAL_SUGGESTION) as [SignalFamily, (typeof SIGNAL_SUGGESTION)[SignalFamily]][]) {
    out[family] = { family, action: s.action, within_hours: s.withinHours, text: s.text };
  }
  return (json = JSON.stringify(out));
}

/**
 * SQL for the dominant signal family of a score row's reason codes (the family that took the most
 * points), given the row's alias; null when nothing pulls the score down.
 */
export const dominantFamilySql = (alias: string) =>
  `(SELECT r->>'family' FROM jsonb_array_elements(${alias}.reason_codes) r GROUP BY r->>'family' ORDER BY sum((r->>'points')::numeric) DESC, r->>'family' LIMIT 1)`;
