import type { NewNotification } from '../../insights/notify/store';
import type { StoredSuggestion } from './suggest';

// What an alert says to its owner: the account, the current and previous score, the last
// interaction, the signals detected and the suggested action.

export interface AlertRow {
  id: string;
  account_id: string;
  account_name: string | null;
  kinds: string[];
  score: number;
  zone: string;
  previous_score: number;
  previous_zone: string;
  drop_points: number;
  as_of: Date;
  signals: { code: string; family: string; points: number; text: string }[];
  signal_family: string | null;
  suggested_action: StoredSuggestion | null;
  owner_id: string | null;
  last_interaction_at: Date | null;
}

export function alertSubject(a: AlertRow): string {
  const name = a.account_name ?? a.account_id;
  const what = a.kinds.includes('zone') ? `moved from ${a.previous_zone} to ${a.zone}` : `dropped ${a.drop_points} points`;
  return `${name}: health score ${what} (${a.previous_score} → ${a.score})`;
}

export function alertBody(a: AlertRow): string {
  const lines = [
    `Account: ${a.account_name ?? a.account_id} (${a.account_id})`,
    `Score: ${a.score} (${a.zone}), previously ${a.previous_score} (${a.previous_zone})` + (a.kinds.includes('trajectory') ? `; down ${a.drop_points} points` : ''),
    `Last interaction: ${a.last_interaction_at ? a.last_interaction_at.toISOString().slice(0, 10) : 'none recorded'}`,
    'Signals:',
    ...(a.signals.length ? a.signals.slice(0, 5).map((s) => `  - ${s.text} (−${s.points} points; ${s.family.replace(/_/g, ' ')})`) : ['  - none']),
    `Suggested action: ${a.suggested_action ? a.suggested_action.text : 'review the account'}`,
  ];
  return lines.join('\n');
}

export function alertNotification(a: AlertRow): NewNotification {
  return {
    dedupe_key: `alert:${a.id}`,
    source: 'scoring',
    kind: 'score_alert',
    account_id: a.account_id,
    recipient_id: a.owner_id,
    subject: alertSubject(a),
    body: alertBody(a),
    payload: {
      alert_id: a.id, account: { id: a.account_id, name: a.account_name }, kinds: a.kinds, score: a.score, zone: a.zone,
      previous_score: a.previous_score, previous_zone: a.previous_zone, drop_points: a.drop_points, as_of: a.as_of.toISOString(),
      last_interaction_at: a.last_interaction_at?.toISOString() ?? null,
      signals: a.signals.map((s) => ({ code: s.code, family: s.family, points: s.points, text: s.text })),
      suggested_action: a.suggested_action,
    },
  };
}
