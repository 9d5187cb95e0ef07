import type { Queryable } from '../../db/transaction';
import { named } from '../../db/prepared';
import { enqueueNotifications } from '../../insights/notify/store';
import { alertNotification, type AlertRow } from './message';
import { alertSettings, type AlertSettings } from './settings';
import { dominantFamilySql, suggestionsJson } from './suggest';

// Alerts, set-based, after a batch of score writes: one statement over the rows the batch wrote (all
// share its as-of time). A row raises an alert when its zone differs from the account's previous
// row (a zone transition), or when the highest score of the window before it minus this one is at
// least the drop threshold (a steep drop, even inside one zone). Limits:
// - at most one alert a day per account (24 hours back, and one per UTC day by a unique key, which also
//   makes a re-run or two racing batches write one);
// - a steep drop raises one trajectory alert per window, not one per day the score stays low (nor
//   after another alert of the window already reported a score this low);
// - an account's first score has nothing to compare with and raises none, and neither does a new
//   configuration version (the rules moved, not the account): both compare within one version.
// Each new alert is handed to notify for its owner in the same transaction.


const ALERTS_SQL = `
WITH batch AS (
  SELECT s.id, s.account_id, s.as_of, s.score, s.zone, s.reason_codes, s.config_version
  FROM scores s WHERE s.as_of = $1 AND s.kind <> 'backfill'
),
seen AS (
  SELECT b.*, p.score AS prev_score, p.zone AS prev_zone, p.config_version AS prev_version, w.peak
  FROM batch b
  JOIN LATERAL (SELECT p.score, p.zone, p.config_version FROM scores p WHERE p.account_id = b.account_id AND p.as_of < b.as_of ORDER BY p.as_of DESC, p.id DESC LIMIT 1) p ON true
  JOIN LATERAL (SELECT max(w.score) AS peak FROM scores w WHERE w.account_id = b.account_id AND w.as_of >= b.as_of - make_interval(days => $4::int) AND w.as_of < b.as_of
                AND w.config_version = b.config_version) w ON true
),
cand AS (
  SELECT s.*, s.zone <> s.prev_zone AND s.prev_version = s.config_version AS zone_change,
         s.peak - s.score >= $3 AND NOT EXISTS (
           SELECT 1 FROM alerts a WHERE a.account_id = s.account_id AND a.as_of > s.as_of - make_interval(days => $4::int)
             AND ('trajectory' = ANY (a.kinds) OR a.score <= s.score)
         ) AS steep
  FROM seen s
  WHERE (s.zone <> s.prev_zone AND s.prev_version = s.config_version) OR s.peak - s.score >= $3
),
raise AS (
  SELECT c.* FROM cand c
  WHERE (c.zone_change OR c.steep)
    AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.account_id = c.account_id AND a.as_of > c.as_of - interval '1 day')
),
ins AS (
  INSERT INTO alerts (account_id, day, kinds, score_id, as_of, score, zone, previous_score, previous_zone, drop_points, signals,
                      signal_family, suggested_action, owner_id, last_interaction_at, created_at)
  SELECT r.account_id, (r.as_of AT TIME ZONE 'UTC')::date,
         CASE WHEN r.zone_change AND r.steep THEN ARRAY['zone', 'trajectory'] WHEN r.zone_change THEN ARRAY['zone'] ELSE ARRAY['trajectory'] END,
         r.id, r.as_of, r.score, r.zone,
         CASE WHEN r.steep THEN r.peak ELSE r.prev_score END, r.prev_zone, greatest(r.peak - r.score, 0),
         r.reason_codes, f.family, $5::jsonb -> f.family, a.owner_id,
         (SELECT max(d.contact_last_at) FROM score_rare_days d WHERE d.account_id = r.account_id AND d.known <= (r.as_of AT TIME ZONE 'UTC')::date),
         $2
  FROM raise r
  CROSS JOIN LATERAL (SELECT ${dominantFamilySql('r')} AS family) f
  LEFT JOIN accounts a ON a.id = r.account_id
  ORDER BY r.account_id
  ON CONFLICT (account_id, day) DO NOTHING
  RETURNING *
)
SELECT ins.id::text, ins.account_id, a.name AS account_name, ins.kinds, ins.score, ins.zone, ins.previous_score, ins.previous_zone,
       ins.drop_points, ins.as_of, ins.signals, ins.signal_family, ins.suggested_action, ins.owner_id, ins.last_interaction_at
FROM ins LEFT JOIN accounts a ON a.id = ins.account_id
ORDER BY ins.id`;

/** Raises the alerts of the batch scored at `asOf`; returns them. */
export async function raiseAlerts(tx: Queryable, o: { asOf: Date; now: Date; settings?: AlertSettings; prepared?: boolean }): Promise<AlertRow[]> {
  const s = o.settings ?? alertSettings();
  const { rows } = await tx.query<AlertRow>(named(o.prepared ? 'tenure_alerts_raise' : null, ALERTS_SQL), [o.asOf, o.now, s.dropPoints, s.dropWindowDays, suggestionsJson()]);
  await enqueueNotifications(tx, rows.map(alertNotification), o.now);
  return rows;
}
export { ALERTS_SQL as ALERTS_SQL_FOR_DEBUG };
