import type { Queryable } from '../../db/transaction';

// Point-in-time features of the churn predictor: one row per account and as-of time, computed in
// one set-based statement from what Tenure knew at that time. Every input is filtered on both
// clocks (CONTRACTS.md section 2): the daily rollups by `day` and `known` (the day an event was
// received), text analyses by `known_at`, scores by `as_of`, raw events by `occurred_at` and
// `received_at`. So appending events after the as-of time leaves the features unchanged
// (test/scoring/model/features.db.test.ts). As-of times are UTC midnights: the rollups are daily.
//
// Levels are compared with the account's own baseline (the 90 days before the recent window), so a
// large account and a small one read alike. Accounts' current attributes that change as an account
// leaves (status, plan, seats, MRR) are not read: the invoices known at the time stand for them.

export const DAY_MS = 86_400_000;

/** The model's inputs, in order, with what each one means (shown in reasons). */
export const FEATURES = {
  usage_ratio_14: 'active users over the last 14 days against the account’s own baseline',
  usage_ratio_28: 'active users over the last 28 days against the account’s own baseline',
  actions_ratio_28: 'key actions over the last 28 days against the account’s own baseline',
  depth_ratio_28: 'features used per active day against the account’s own baseline',
  usage_trend: 'active users in the last 14 days against the 14 days before',
  usage_ratio_long: 'active users over the last 28 days against the same account 4 to 7 months ago',
  tickets_ratio_long: 'tickets over the last 60 days against the same account 4 to 7 months ago',
  active_days_28: 'days with any use in the last 28',
  days_since_use: 'days since the last use',
  tickets_30: 'tickets opened in the last 30 days',
  tickets_vs_base: 'tickets opened in the last 30 days minus the account’s usual month',
  reopened_60: 'tickets reopened in the last 60 days',
  backlog_60: 'tickets opened and not resolved in the last 60 days',
  payments_failed_60: 'failed payments in the last 60 days',
  downgrades_120: 'downgrades in the last 120 days',
  exports_90: 'data exports requested in the last 90 days',
  contact_changes_120: 'main contact or sponsor changes in the last 120 days',
  calls_120: 'calls in the last 120 days',
  technical_share_180: 'share of technical calls in the last 180 days',
  nps_365: 'mean NPS answer over the last year',
  days_since_contact: 'days since the last call, survey answer or stated reason',
  reasons_180: 'churn reasons stated in the last 180 days',
  negative_texts_90: 'negative customer words (calls, notes, NPS comments) in the last 90 days',
  risk_texts_90: 'customer words with a risk family (competitor, price, cancellation…) in the last 90 days',
  cancel_intent_120: 'customer words saying they mean to cancel in the last 120 days',
  sentiment_90: 'mean sentiment of the customer’s words in the last 90 days',
  score: 'health score',
  score_change_28: 'health score change over the last 28 days',
  score_min_28: 'lowest health score in the last 28 days',
  tenure_days: 'days as a customer',
  log_invoice: 'size of the last invoice (log)',
  billing_cycle_days: 'days between the last two invoices (about 30 monthly, 365 annual)',
  days_to_renewal: 'days to the next invoice or renewal',
} as const;
export type FeatureName = keyof typeof FEATURES;
export const FEATURE_NAMES = Object.keys(FEATURES) as FeatureName[];

export interface FeatureRow {
  account_id: string;
  as_of: Date;
  values: Record<FeatureName, number | null>;
}

/** UTC midnight at or before t: the as-of time features are computed for. */
export const asOfMidnight = (t: Date) => new Date(Math.floor(t.getTime() / DAY_MS) * DAY_MS);

// $1: as-of times (UTC midnights); $2: account ids or null for every account active at each time.
// `d` is the last whole day before the as-of midnight: rollup rows with day and known <= d are
// exactly the events with occurred_at and received_at <= as_of (see 0007_score_days.sql).
const FEATURES_SQL = `
WITH w AS (
  SELECT t AS as_of, ((t - interval '1 microsecond') AT TIME ZONE 'UTC')::date AS d FROM unnest($1::timestamptz[]) t
),
cancelled AS (
  SELECT account_id, min(occurred_at) AS at, min(greatest(occurred_at, received_at)) AS known FROM events
  WHERE kind = 'subscription.cancelled' GROUP BY account_id
),
base AS (
  SELECT a.id AS account_id, w.as_of, w.d, a.started_at
  FROM w CROSS JOIN accounts a
  LEFT JOIN cancelled c ON c.account_id = a.id
  WHERE ($2::text[] IS NULL OR a.id = ANY ($2::text[]))
    AND coalesce(a.started_at, a.created_at) <= w.as_of
    AND (c.known IS NULL OR c.known > w.as_of)
),
usage AS (
  SELECT b.account_id, b.as_of,
    sum(s.active_users) FILTER (WHERE s.day > b.d - 14)::float8 / 14 AS au14,
    sum(s.active_users) FILTER (WHERE s.day > b.d - 28 AND s.day <= b.d - 14)::float8 / 14 AS au_prev14,
    sum(s.active_users) FILTER (WHERE s.day > b.d - 28)::float8 / 28 AS au28,
    sum(s.active_users) FILTER (WHERE s.day <= b.d - 28 AND s.day > b.d - 118)::float8 / 90 AS au_base,
    sum(s.active_users) FILTER (WHERE s.day <= b.d - 118)::float8 / nullif(count(DISTINCT s.day) FILTER (WHERE s.day <= b.d - 118), 0) * 5 / 7 AS au_long,
    sum(s.tickets_opened) FILTER (WHERE s.day <= b.d - 118)::float8 / 90 * 60 AS tickets_long,
    sum(s.key_actions) FILTER (WHERE s.day > b.d - 28)::float8 / 28 AS ka28,
    sum(s.key_actions) FILTER (WHERE s.day <= b.d - 28 AND s.day > b.d - 118)::float8 / 90 AS ka_base,
    sum(s.features) FILTER (WHERE s.day > b.d - 28)::float8 / nullif(sum(s.usage_n) FILTER (WHERE s.day > b.d - 28), 0) AS depth28,
    sum(s.features) FILTER (WHERE s.day <= b.d - 28)::float8 / nullif(sum(s.usage_n) FILTER (WHERE s.day <= b.d - 28 AND s.day > b.d - 118), 0) AS depth_base,
    count(DISTINCT s.day) FILTER (WHERE s.day > b.d - 28 AND s.usage_n > 0) AS active_days_28,
    b.d - max(s.day) FILTER (WHERE s.usage_n > 0) AS days_since_use,
    sum(s.tickets_opened) FILTER (WHERE s.day > b.d - 30) AS tickets_30,
    sum(s.tickets_opened) FILTER (WHERE s.day <= b.d - 30 AND s.day > b.d - 118)::float8 / 88 * 30 AS tickets_base,
    sum(s.tickets_reopened) FILTER (WHERE s.day > b.d - 60) AS reopened_60,
    sum(s.tickets_opened) FILTER (WHERE s.day > b.d - 60) AS tickets_60,
    sum(s.tickets_opened - s.tickets_resolved) FILTER (WHERE s.day > b.d - 60) AS backlog_60
  FROM base b JOIN score_days s ON s.account_id = b.account_id AND s.day > b.d - 208 AND s.day <= b.d AND s.known <= b.d
  GROUP BY b.account_id, b.as_of, b.d
),
rare AS (
  SELECT b.account_id, b.as_of,
    sum(r.payments_failed) FILTER (WHERE r.day > b.d - 60) AS payments_failed_60,
    sum(r.downgrades) FILTER (WHERE r.day > b.d - 120) AS downgrades_120,
    sum(r.exports) FILTER (WHERE r.day > b.d - 90) AS exports_90,
    sum(r.contact_changes) FILTER (WHERE r.day > b.d - 120) AS contact_changes_120,
    sum(r.calls) FILTER (WHERE r.day > b.d - 120) AS calls_120,
    sum(r.calls_technical) FILTER (WHERE r.day > b.d - 180)::float8 / nullif(sum(r.calls) FILTER (WHERE r.day > b.d - 180), 0) AS technical_share_180,
    sum(r.nps_sum)::float8 / nullif(sum(r.nps_n), 0) AS nps_365,
    extract(epoch FROM b.as_of - max(r.contact_last_at)) / 86400 AS days_since_contact,
    sum(r.reasons) FILTER (WHERE r.day > b.d - 180) AS reasons_180
  FROM base b JOIN score_rare_days r ON r.account_id = b.account_id AND r.day > b.d - 365 AND r.day <= b.d AND r.known <= b.d
  GROUP BY b.account_id, b.as_of, b.d
),
texts AS (
  SELECT b.account_id, b.as_of,
    count(*) FILTER (WHERE t.sentiment < -0.2 AND t.at > b.as_of - interval '90 days') AS negative_texts_90,
    count(*) FILTER (WHERE cardinality(t.risk_families) > 0 AND t.at > b.as_of - interval '90 days') AS risk_texts_90,
    count(*) FILTER (WHERE t.cancellation_intent) AS cancel_intent_120,
    avg(t.sentiment) FILTER (WHERE t.at > b.as_of - interval '90 days') AS sentiment_90
  FROM base b JOIN text_analyses t ON t.account_id = b.account_id AND t.at > b.as_of - interval '120 days' AND t.at <= b.as_of AND t.known_at <= b.as_of
  GROUP BY b.account_id, b.as_of
),
scored AS (
  SELECT b.account_id, b.as_of, now_s.score, now_s.score - then_s.score AS score_change_28,
    (SELECT min(s.score) FROM scores s WHERE s.account_id = b.account_id AND s.as_of > b.as_of - interval '28 days' AND s.as_of <= b.as_of) AS score_min_28
  FROM base b
  LEFT JOIN LATERAL (SELECT s.score FROM scores s WHERE s.account_id = b.account_id AND s.as_of <= b.as_of AND s.as_of > b.as_of - interval '7 days'
                     ORDER BY s.as_of DESC, s.id DESC LIMIT 1) now_s ON true
  LEFT JOIN LATERAL (SELECT s.score FROM scores s WHERE s.account_id = b.account_id AND s.as_of <= b.as_of - interval '28 days' AND s.as_of > b.as_of - interval '35 days'
                     ORDER BY s.as_of DESC, s.id DESC LIMIT 1) then_s ON true
),
invoices AS (
  SELECT b.account_id, b.as_of, i.at, i.amount,
         row_number() OVER (PARTITION BY b.account_id, b.as_of ORDER BY i.at DESC) AS k
  FROM base b
  JOIN (SELECT account_id, occurred_at AS at, greatest(occurred_at, received_at) AS known, (payload->>'amount_due')::float8 AS amount
        FROM events WHERE kind = 'invoice.issued') i
    ON i.account_id = b.account_id AND i.known <= b.as_of AND i.at > b.as_of - interval '800 days'
),
billing AS (
  SELECT account_id, as_of,
    ln(1 + max(amount) FILTER (WHERE k = 1)) AS log_invoice,
    extract(epoch FROM max(at) FILTER (WHERE k = 1) - max(at) FILTER (WHERE k = 2)) / 86400 AS billing_cycle_days,
    extract(epoch FROM as_of - max(at) FILTER (WHERE k = 1)) / 86400 AS since_invoice
  FROM invoices WHERE k <= 2 GROUP BY account_id, as_of
)
SELECT b.account_id, b.as_of,
  u.au14 / nullif(u.au_base, 0) AS usage_ratio_14,
  u.au28 / nullif(u.au_base, 0) AS usage_ratio_28,
  u.ka28 / nullif(u.ka_base, 0) AS actions_ratio_28,
  u.depth28 / nullif(u.depth_base, 0) AS depth_ratio_28,
  u.au14 / nullif(u.au_prev14, 0) AS usage_trend,
  u.au28 / nullif(u.au_long, 0) AS usage_ratio_long,
  (coalesce(u.tickets_60, 0) + 1) / (u.tickets_long + 1) AS tickets_ratio_long,
  coalesce(u.active_days_28, 0) AS active_days_28,
  coalesce(u.days_since_use, 118) AS days_since_use,
  coalesce(u.tickets_30, 0) AS tickets_30,
  coalesce(u.tickets_30, 0) - coalesce(u.tickets_base, 0) AS tickets_vs_base,
  coalesce(u.reopened_60, 0) AS reopened_60,
  coalesce(u.backlog_60, 0) AS backlog_60,
  coalesce(r.payments_failed_60, 0) AS payments_failed_60,
  coalesce(r.downgrades_120, 0) AS downgrades_120,
  coalesce(r.exports_90, 0) AS exports_90,
  coalesce(r.contact_changes_120, 0) AS contact_changes_120,
  coalesce(r.calls_120, 0) AS calls_120,
  r.technical_share_180,
  r.nps_365,
  least(coalesce(r.days_since_contact, 365), 365) AS days_since_contact,
  coalesce(r.reasons_180, 0) AS reasons_180,
  coalesce(t.negative_texts_90, 0) AS negative_texts_90,
  coalesce(t.risk_texts_90, 0) AS risk_texts_90,
  coalesce(t.cancel_intent_120, 0) AS cancel_intent_120,
  t.sentiment_90,
  s.score, s.score_change_28, s.score_min_28,
  extract(epoch FROM b.as_of - b.started_at) / 86400 AS tenure_days,
  bi.log_invoice, bi.billing_cycle_days,
  bi.billing_cycle_days - bi.since_invoice AS days_to_renewal
FROM base b
LEFT JOIN usage u ON u.account_id = b.account_id AND u.as_of = b.as_of
LEFT JOIN rare r ON r.account_id = b.account_id AND r.as_of = b.as_of
LEFT JOIN texts t ON t.account_id = b.account_id AND t.as_of = b.as_of
LEFT JOIN scored s ON s.account_id = b.account_id AND s.as_of = b.as_of
LEFT JOIN billing bi ON bi.account_id = b.account_id AND bi.as_of = b.as_of
ORDER BY b.as_of, b.account_id`;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Features of every account active at each as-of time (no cancellation known by then), or of the
 * given accounts only. As-of times are floored to UTC midnight.
 */
export async function computeFeatures(db: Queryable, asOfs: Date[], accountIds: string[] | null = null): Promise<FeatureRow[]> {
  const times = [...new Set(asOfs.map((t) => asOfMidnight(t).toISOString()))];
  const { rows } = await db.query<Record<string, unknown> & { account_id: string; as_of: Date }>(FEATURES_SQL, [times, accountIds]);
  return rows.map((r) => ({
    account_id: r.account_id,
    as_of: r.as_of,
    values: Object.fromEntries(FEATURE_NAMES.map((f) => [f, num(r[f])])) as Record<FeatureName, number | null>,
  }));
}

/**
 * The label of each (account, as-of): 1 when the account cancelled within `horizonDays` after it,
 * from `subscription.cancelled` events (CONTRACTS.md section 8: the churn label). `known` is when the
 * label could first be read: the cancellation's receipt, or the end of the horizon when none came.
 */
export async function cancellations(db: Queryable): Promise<Map<string, Date>> {
  const { rows } = await db.query<{ account_id: string; at: Date }>(
    `SELECT account_id, min(occurred_at) AS at FROM events WHERE kind = 'subscription.cancelled' GROUP BY account_id`,
  );
  return new Map(rows.map((r) => [r.account_id, r.at]));
}
