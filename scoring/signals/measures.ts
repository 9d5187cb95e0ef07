import type { Queryable } from '../../db/transaction';

// What scoring measures about each account at one as-of time, in one set-based statement: one
// scan of the frequent event kinds over 150 days, one of the rare kinds (calls, NPS, billing
// troubles, churn reasons…) over a year by the kind index, and the analysed customer texts.
// Only inputs with occurred_at and received_at (known_at for texts) at or before the as-of count.

export interface Measures {
  account_id: string;
  seats: number | null;
  /** days since the account started, at the as-of */
  tenure_days: number | null;
  inputs_through: Date | null;
  // usage: the last 30 days against days 61–150 (BASE_END)
  usage_days_30: number;
  usage_days_base: number;
  users_30: number;
  users_base: number;
  actions_30: number;
  actions_base: number;
  depth_30: number;
  depth_base: number;
  /** days 31–60: the baseline of a young history, when days 61–150 hold too little */
  usage_days_mid: number;
  actions_mid: number;
  depth_mid: number;
  last_usage_at: Date | null;
  // support
  tickets_30: number;
  tickets_base: number;
  tickets_90: number;
  resolved_90: number;
  reopened_90: number;
  unresolved: number;
  oldest_open_days: number | null;
  ticket_ids: string[];
  reopen_ids: string[];
  last_ticket_at: Date | null;
  // billing
  invoices_120: number;
  paid_120: number;
  payment_failed_90: number;
  payment_failed_ids: string[];
  downgrades_180: number;
  downgrade_ids: string[];
  exports_90: number;
  export_ids: string[];
  // relationship
  contact_changes_90: number;
  contact_change_ids: string[];
  calls_90: number;
  calls_base: number;
  duration_180: number | null;
  duration_base: number | null;
  technical_180: number;
  strategic_180: number;
  call_ids: string[];
  last_contact_at: Date | null;
  // voice of the customer
  nps_avg: number | null;
  nps_n: number;
  nps_ids: string[];
  csat_avg: number | null;
  reason_categories: string[];
  reason_ids: string[];
  // analysed texts
  texts_90: number;
  turns_90: number;
  risk_turns_90: number;
  risk_turn_ids: string[];
  sentiment_90: number | null;
  sentiment_14: number | null;
  sentiment_before: number | null;
  formal_30: number;
  texts_30: number;
  informal_before: number;
  texts_before: number;
  intent_90: number;
  intent_ids: string[];
  families: Record<string, number>;
  repeated_features: string[];
}

const FREQUENT = ['usage.daily', 'login', 'feature.used', 'ticket.opened', 'ticket.resolved', 'ticket.reopened', 'invoice.issued', 'invoice.paid'];
const RARE = [
  'nps.answered', 'csat.answered', 'call.completed', 'note.logged', 'churn_reason.captured', 'data_export.requested',
  'contact.changed', 'payment.failed', 'subscription.downgraded',
];

/** The usage baseline is the 90 days before the last 60: a drift that began two months ago is not yet in it. */
export const BASE_END = 60;
export const WINDOW = BASE_END + 90;

// Window edges are parameters computed here: \`$2 - interval\` is only stable, so PostgreSQL would
// evaluate it again for every row and every FILTER.
const EDGES: number[] = [];
const D = (n: number) => {
  if (!EDGES.includes(n)) EDGES.push(n);
  return `$${3 + EDGES.indexOf(n)}::timestamptz`;
};

export const MEASURES_SQL = `
WITH acc AS (
  SELECT a.id, a.seats, floor(extract(epoch FROM ($2::timestamptz - a.started_at)) / 86400)::int AS tenure_days
  FROM accounts a
  WHERE ($1::text[] IS NULL OR a.id = ANY($1))
    AND (a.started_at IS NULL OR a.started_at <= $2)
    AND (a.churned_at IS NULL OR a.churned_at > $2) AND (a.status = 'active' OR a.churned_at IS NOT NULL)
),
f AS (
  SELECT e.account_id,
    max(e.received_at) AS inputs_through,
    count(*) FILTER (WHERE e.kind = 'usage.daily' AND e.occurred_at > ${D(30)})::int AS usage_days_30,
    count(*) FILTER (WHERE e.kind = 'usage.daily' AND e.occurred_at <= ${D(BASE_END)})::int AS usage_days_base,
    coalesce(sum((e.payload->>'active_users')::int) FILTER (WHERE e.kind = 'usage.daily' AND e.occurred_at > ${D(30)}), 0)::float8 AS users_30,
    coalesce(sum((e.payload->>'active_users')::int) FILTER (WHERE e.kind = 'usage.daily' AND e.occurred_at <= ${D(BASE_END)}), 0)::float8 AS users_base,
    coalesce(sum((e.payload->>'key_actions')::int) FILTER (WHERE e.kind = 'usage.daily' AND e.occurred_at > ${D(30)}), 0)::float8 AS actions_30,
    coalesce(sum((e.payload->>'key_actions')::int) FILTER (WHERE e.kind = 'usage.daily' AND e.occurred_at <= ${D(BASE_END)}), 0)::float8 AS actions_base,
    coalesce(sum(jsonb_array_length(e.payload->'features_used')) FILTER (WHERE e.kind = 'usage.daily' AND e.occurred_at > ${D(30)}), 0)::float8 AS depth_30,
    coalesce(sum(jsonb_array_length(e.payload->'features_used')) FILTER (WHERE e.kind = 'usage.daily' AND e.occurred_at <= ${D(BASE_END)}), 0)::float8 AS depth_base,
    count(*) FILTER (WHERE e.kind = 'usage.daily' AND e.occurred_at <= ${D(30)} AND e.occurred_at > ${D(BASE_END)})::int AS usage_days_mid,
    coalesce(sum((e.payload->>'key_actions')::int) FILTER (WHERE e.kind = 'usage.daily' AND e.occurred_at <= ${D(30)} AND e.occurred_at > ${D(BASE_END)}), 0)::float8 AS actions_mid,
    coalesce(sum(jsonb_array_length(e.payload->'features_used')) FILTER (WHERE e.kind = 'usage.daily' AND e.occurred_at <= ${D(30)} AND e.occurred_at > ${D(BASE_END)}), 0)::float8 AS depth_mid,
    max(e.occurred_at) FILTER (WHERE e.kind IN ('usage.daily', 'login', 'feature.used')) AS last_usage_at,
    count(*) FILTER (WHERE e.kind = 'ticket.opened' AND e.occurred_at > ${D(30)})::int AS tickets_30,
    count(*) FILTER (WHERE e.kind = 'ticket.opened' AND e.occurred_at <= ${D(30)} AND e.occurred_at > ${D(120)})::int AS tickets_base,
    count(*) FILTER (WHERE e.kind = 'ticket.opened' AND e.occurred_at > ${D(90)})::int AS tickets_90,
    count(*) FILTER (WHERE e.kind = 'ticket.resolved' AND e.occurred_at > ${D(90)})::int AS resolved_90,
    count(*) FILTER (WHERE e.kind = 'ticket.reopened' AND e.occurred_at > ${D(90)})::int AS reopened_90,
    greatest(count(*) FILTER (WHERE e.kind IN ('ticket.opened', 'ticket.reopened') AND e.occurred_at > ${D(120)}) - count(*) FILTER (WHERE e.kind = 'ticket.resolved' AND e.occurred_at > ${D(120)}), 0)::int AS unresolved,
    -- the latest of each as evidence: max() aggregates in parallel, array_agg does not (PostgreSQL 15)
    max(e.id) FILTER (WHERE e.kind = 'ticket.opened' AND e.occurred_at > ${D(90)}) AS ticket_id,
    max(e.id) FILTER (WHERE e.kind = 'ticket.reopened' AND e.occurred_at > ${D(90)}) AS reopen_id,
    min(e.occurred_at) FILTER (WHERE e.kind = 'ticket.opened' AND e.occurred_at > ${D(120)}) AS first_ticket_at,
    max(e.occurred_at) FILTER (WHERE e.kind IN ('ticket.opened', 'ticket.reopened')) AS last_ticket_at,
    count(*) FILTER (WHERE e.kind = 'invoice.issued' AND e.occurred_at > ${D(120)})::int AS invoices_120,
    count(*) FILTER (WHERE e.kind = 'invoice.paid' AND e.occurred_at > ${D(120)})::int AS paid_120
  FROM events e
  WHERE e.occurred_at > ${D(WINDOW)} AND e.occurred_at <= $2 AND e.received_at <= $2 AND e.kind IN (${FREQUENT.map((k) => `'${k}'`).join(', ')})
    AND ($1::text[] IS NULL OR e.account_id = ANY($1))
  GROUP BY e.account_id
),
-- the rare kinds over a year, by the kind index; max() keeps the aggregate parallel-safe
r AS (
  SELECT e.account_id,
    max(e.received_at) AS inputs_through,
    count(*) FILTER (WHERE e.kind = 'payment.failed' AND e.occurred_at > ${D(90)})::int AS payment_failed_90,
    max(e.id) FILTER (WHERE e.kind = 'payment.failed' AND e.occurred_at > ${D(90)}) AS payment_failed_id,
    count(*) FILTER (WHERE e.kind = 'subscription.downgraded' AND e.occurred_at > ${D(180)})::int AS downgrades_180,
    max(e.id) FILTER (WHERE e.kind = 'subscription.downgraded' AND e.occurred_at > ${D(180)}) AS downgrade_id,
    count(*) FILTER (WHERE e.kind = 'data_export.requested' AND e.occurred_at > ${D(90)})::int AS exports_90,
    max(e.id) FILTER (WHERE e.kind = 'data_export.requested' AND e.occurred_at > ${D(90)}) AS export_id,
    count(*) FILTER (WHERE e.kind = 'contact.changed' AND e.occurred_at > ${D(90)})::int AS contact_changes_90,
    max(e.id) FILTER (WHERE e.kind = 'contact.changed' AND e.occurred_at > ${D(90)}) AS contact_change_id,
    count(*) FILTER (WHERE e.kind = 'call.completed' AND e.occurred_at > ${D(90)})::int AS calls_90,
    count(*) FILTER (WHERE e.kind = 'call.completed' AND e.occurred_at <= ${D(90)})::int AS calls_base,
    avg((e.payload->>'duration_s')::float8) FILTER (WHERE e.kind = 'call.completed' AND e.occurred_at > ${D(180)}) AS duration_180,
    avg((e.payload->>'duration_s')::float8) FILTER (WHERE e.kind = 'call.completed' AND e.occurred_at <= ${D(180)}) AS duration_base,
    count(*) FILTER (WHERE e.kind = 'call.completed' AND e.occurred_at > ${D(180)} AND e.payload->>'topic' = 'technical')::int AS technical_180,
    count(*) FILTER (WHERE e.kind = 'call.completed' AND e.occurred_at > ${D(180)} AND e.payload->>'topic' = 'strategic')::int AS strategic_180,
    max(e.id) FILTER (WHERE e.kind = 'call.completed' AND e.occurred_at > ${D(180)}) AS call_id,
    max(e.occurred_at) FILTER (WHERE e.kind IN ('call.completed', 'nps.answered', 'csat.answered', 'churn_reason.captured')) AS last_contact_at,
    avg((e.payload->>'score')::float8) FILTER (WHERE e.kind = 'nps.answered' AND e.occurred_at > ${D(180)}) AS nps_avg,
    count(*) FILTER (WHERE e.kind = 'nps.answered' AND e.occurred_at > ${D(180)})::int AS nps_n,
    max(e.id) FILTER (WHERE e.kind = 'nps.answered' AND e.occurred_at > ${D(180)}) AS nps_id,
    avg((e.payload->>'score')::float8) FILTER (WHERE e.kind = 'csat.answered' AND e.occurred_at > ${D(90)}) AS csat_avg,
    min(e.payload->>'category') FILTER (WHERE e.kind = 'churn_reason.captured' AND e.occurred_at > ${D(180)}) AS reason_first,
    max(e.payload->>'category') FILTER (WHERE e.kind = 'churn_reason.captured' AND e.occurred_at > ${D(180)}) AS reason_last,
    count(*) FILTER (WHERE e.kind = 'churn_reason.captured' AND e.occurred_at > ${D(180)})::int AS reasons_180,
    max(e.id) FILTER (WHERE e.kind = 'churn_reason.captured' AND e.occurred_at > ${D(180)}) AS reason_id
  FROM events e
  WHERE e.occurred_at > ${D(365)} AND e.occurred_at <= $2 AND e.received_at <= $2 AND e.kind IN (${RARE.map((k) => `'${k}'`).join(', ')})
    AND ($1::text[] IS NULL OR e.account_id = ANY($1))
  GROUP BY e.account_id
),
t AS (
  SELECT x.account_id,
    max(x.known_at) AS inputs_through,
    count(*) FILTER (WHERE x.at > ${D(90)})::int AS texts_90,
    count(*) FILTER (WHERE x.at > ${D(90)} AND x.source = 'turn')::int AS turns_90,
    count(*) FILTER (WHERE x.at > ${D(90)} AND x.source = 'turn' AND (cardinality(x.risk_families) > 0 OR x.cancellation_intent))::int AS risk_turns_90,
    (array_agg(x.source_id) FILTER (WHERE x.at > ${D(90)} AND (cardinality(x.risk_families) > 0 OR x.cancellation_intent)))[1:10] AS risk_turn_ids,
    avg(x.sentiment) FILTER (WHERE x.at > ${D(90)} AND x.source <> 'note') AS sentiment_90,
    avg(x.sentiment) FILTER (WHERE x.at > ${D(14)} AND x.source <> 'note') AS sentiment_14,
    avg(x.sentiment) FILTER (WHERE x.at <= ${D(14)} AND x.source <> 'note') AS sentiment_before,
    count(*) FILTER (WHERE x.at > ${D(30)} AND x.formality = 'formal')::int AS formal_30,
    count(*) FILTER (WHERE x.at > ${D(30)})::int AS texts_30,
    count(*) FILTER (WHERE x.at <= ${D(30)} AND x.formality = 'informal')::int AS informal_before,
    count(*) FILTER (WHERE x.at <= ${D(30)})::int AS texts_before,
    count(*) FILTER (WHERE x.at > ${D(90)} AND x.cancellation_intent)::int AS intent_90,
    (array_agg(x.source_id) FILTER (WHERE x.at > ${D(90)} AND x.cancellation_intent))[1:10] AS intent_ids
  FROM text_analyses x JOIN acc ON acc.id = x.account_id
  WHERE x.at > ${D(180)} AND x.at <= $2 AND x.known_at <= $2 AND ($1::text[] IS NULL OR x.account_id = ANY($1))
  GROUP BY x.account_id
),
fam AS (
  SELECT account_id, jsonb_object_agg(family, n) AS families FROM (
    SELECT x.account_id, f.family, count(*)::int AS n
    FROM text_analyses x JOIN acc ON acc.id = x.account_id, unnest(x.signal_families) AS f(family)
    WHERE x.at > ${D(90)} AND x.at <= $2 AND x.known_at <= $2
    GROUP BY 1, 2) g
  GROUP BY account_id
),
feat AS (
  SELECT account_id, array_agg(feature ORDER BY feature) AS repeated_features FROM (
    SELECT x.account_id, k.feature
    FROM text_analyses x JOIN acc ON acc.id = x.account_id, unnest(x.features) AS k(feature)
    WHERE x.at > ${D(180)} AND x.at <= $2 AND x.known_at <= $2
    GROUP BY 1, 2 HAVING count(*) >= 3) g
  GROUP BY account_id
)
SELECT acc.id AS account_id, acc.seats, acc.tenure_days,
  greatest(f.inputs_through, r.inputs_through, t.inputs_through) AS inputs_through,
  coalesce(f.usage_days_30, 0) AS usage_days_30, coalesce(f.usage_days_base, 0) AS usage_days_base,
  coalesce(f.users_30, 0) AS users_30, coalesce(f.users_base, 0) AS users_base,
  coalesce(f.actions_30, 0) AS actions_30, coalesce(f.actions_base, 0) AS actions_base,
  coalesce(f.depth_30, 0) AS depth_30, coalesce(f.depth_base, 0) AS depth_base, f.last_usage_at,
  coalesce(f.usage_days_mid, 0) AS usage_days_mid, coalesce(f.actions_mid, 0) AS actions_mid, coalesce(f.depth_mid, 0) AS depth_mid,
  coalesce(f.tickets_30, 0) AS tickets_30, coalesce(f.tickets_base, 0) AS tickets_base, coalesce(f.tickets_90, 0) AS tickets_90,
  coalesce(f.resolved_90, 0) AS resolved_90, coalesce(f.reopened_90, 0) AS reopened_90, coalesce(f.unresolved, 0) AS unresolved,
  CASE WHEN f.unresolved > 0 THEN floor(extract(epoch FROM ($2::timestamptz - f.first_ticket_at)) / 86400)::int END AS oldest_open_days,
  CASE WHEN f.ticket_id IS NULL THEN '{}' ELSE ARRAY[f.ticket_id::text] END AS ticket_ids,
  CASE WHEN f.reopen_id IS NULL THEN '{}' ELSE ARRAY[f.reopen_id::text] END AS reopen_ids, f.last_ticket_at,
  coalesce(f.invoices_120, 0) AS invoices_120, coalesce(f.paid_120, 0) AS paid_120,
  coalesce(r.payment_failed_90, 0) AS payment_failed_90, CASE WHEN r.payment_failed_id IS NULL THEN '{}' ELSE ARRAY[r.payment_failed_id::text] END AS payment_failed_ids,
  coalesce(r.downgrades_180, 0) AS downgrades_180, CASE WHEN r.downgrade_id IS NULL THEN '{}' ELSE ARRAY[r.downgrade_id::text] END AS downgrade_ids,
  coalesce(r.exports_90, 0) AS exports_90, CASE WHEN r.export_id IS NULL THEN '{}' ELSE ARRAY[r.export_id::text] END AS export_ids,
  coalesce(r.contact_changes_90, 0) AS contact_changes_90, CASE WHEN r.contact_change_id IS NULL THEN '{}' ELSE ARRAY[r.contact_change_id::text] END AS contact_change_ids,
  coalesce(r.calls_90, 0) AS calls_90, coalesce(r.calls_base, 0) AS calls_base, r.duration_180, r.duration_base,
  coalesce(r.technical_180, 0) AS technical_180, coalesce(r.strategic_180, 0) AS strategic_180, CASE WHEN r.call_id IS NULL THEN '{}' ELSE ARRAY[r.call_id::text] END AS call_ids,
  greatest(r.last_contact_at, f.last_ticket_at) AS last_contact_at,
  r.nps_avg, coalesce(r.nps_n, 0) AS nps_n, CASE WHEN r.nps_id IS NULL THEN '{}' ELSE ARRAY[r.nps_id::text] END AS nps_ids, r.csat_avg,
  array_remove(ARRAY[r.reason_first, nullif(r.reason_last, r.reason_first)], NULL) AS reason_categories, CASE WHEN r.reason_id IS NULL THEN '{}' ELSE ARRAY[r.reason_id::text] END AS reason_ids,
  coalesce(t.texts_90, 0) AS texts_90, coalesce(t.turns_90, 0) AS turns_90, coalesce(t.risk_turns_90, 0) AS risk_turns_90,
  coalesce(t.risk_turn_ids, '{}') AS risk_turn_ids, t.sentiment_90, t.sentiment_14, t.sentiment_before,
  coalesce(t.formal_30, 0) AS formal_30, coalesce(t.texts_30, 0) AS texts_30, coalesce(t.informal_before, 0) AS informal_before,
  coalesce(t.texts_before, 0) AS texts_before, coalesce(t.intent_90, 0) AS intent_90, coalesce(t.intent_ids, '{}') AS intent_ids,
  coalesce(fam.families, '{}') AS families, coalesce(feat.repeated_features, '{}') AS repeated_features
FROM acc
LEFT JOIN f ON f.account_id = acc.id
LEFT JOIN r ON r.account_id = acc.id
LEFT JOIN t ON t.account_id = acc.id
LEFT JOIN fam ON fam.account_id = acc.id
LEFT JOIN feat ON feat.account_id = acc.id
ORDER BY acc.id`;

export function measureParams(accountIds: readonly string[] | null, asOf: Date): unknown[] {
  return [accountIds ? [...accountIds] : null, asOf, ...EDGES.map((n) => new Date(asOf.getTime() - n * 86_400_000))];
}

/** The measures of these accounts (null: every account) that were customers at `asOf`. */
export async function measure(db: Queryable, accountIds: readonly string[] | null, asOf: Date): Promise<Measures[]> {
  const { rows } = await db.query<Measures>(MEASURES_SQL, measureParams(accountIds, asOf));
  return rows;
}
