import type { Queryable } from '../../db/transaction';
import { CURRENT_CONFIG_JSON, configFromJson, type StoredConfig } from '../config';
import { named } from '../../db/prepared';
import { textsPending } from './texts';

// What scoring measures about each account at one as-of time, in one set-based statement: one
// scan of the daily rollup of the frequent event kinds (score_days: usage, tickets, invoices) over
// 150 days, one of the rollup of the rare kinds (score_rare_days: calls, NPS, billing troubles, churn
// reasons…) over a year, and the analysed customer texts. Only inputs with occurred_at and received_at
// (known_at for texts) at or before the as-of count.

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
  actions_30: number;
  actions_base: number;
  depth_30: number;
  depth_base: number;
  /** days 31–60: the baseline of a young history, when days 61–150 hold too little */
  usage_days_mid: number;
  actions_mid: number;
  depth_mid: number;
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
  /** days of the account's inputs this read sees (the rollups' windows: at most a year): how far back "no contact" is known */
  observed_days: number | null;
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
  /** the account's current score (null: none), read with every account's measures only */
  current_fingerprint?: string | null;
  current_inputs_through?: Date | null;
}

// The event kinds come from the daily rollups db/migrations/0007_score_days.sql keeps: score_days
// (usage.daily, login, feature.used, ticket.*, invoice.issued/paid) and score_rare_days (the rest).

/** The usage baseline is the 90 days before the last 60: a drift that began two months ago is not yet in it. */
export const BASE_END = 60;
export const WINDOW = BASE_END + 90;

// Window edges are parameters computed here: `$2 - interval` is only stable, so PostgreSQL would
// evaluate it again for every row and every FILTER. Raw events and texts take timestamps (D); the
// daily rollup takes days (DD), where day 0 is the as-of's own day (see 0007_score_days.sql: a day
// runs from midnight, exclusive, to the next midnight, inclusive).
const EDGES: number[] = [];
const DAY_EDGES: number[] = [];
const D = (n: number) => {
  if (!EDGES.includes(n)) EDGES.push(n);
  return `$${3 + EDGES.indexOf(n)}::timestamptz`;
};
const DD = (n: number) => {
  if (!DAY_EDGES.includes(n)) DAY_EDGES.push(n);
  return `$${1000 + DAY_EDGES.indexOf(n)}::date`;
};

const MEASURES_TEMPLATE = `
WITH acc AS (
  SELECT a.id, a.seats, floor(extract(epoch FROM ($2::timestamptz - a.started_at)) / 86400)::int AS tenure_days
  FROM accounts a
  WHERE ($1::text[] IS NULL OR a.id = ANY($1))
    AND (a.started_at IS NULL OR a.started_at <= $2)
    AND (a.churned_at IS NULL OR a.churned_at > $2) AND (a.status = 'active' OR a.churned_at IS NOT NULL)
),
-- the frequent kinds in two steps: each account's days summed into five 30-day buckets (one CASE
-- per row instead of two dozen FILTERs), then the windows taken from the buckets
fb AS (
  SELECT d.account_id,
    CASE WHEN d.day > ${DD(30)} THEN 0 WHEN d.day > ${DD(BASE_END)} THEN 1 WHEN d.day > ${DD(90)} THEN 2 WHEN d.day > ${DD(120)} THEN 3 ELSE 4 END AS b,
    max(d.received_max) AS received_max, min(d.day) AS first_day,
    -- integers again, so the second step sums bigints, not numerics
    sum(d.usage_n)::int AS usage_n, sum(d.active_users)::int AS active_users, sum(d.key_actions)::int AS key_actions, sum(d.features)::int AS features,
    sum(d.tickets_opened)::int AS opened, sum(d.tickets_resolved)::int AS resolved, sum(d.tickets_reopened)::int AS reopened,
    sum(d.tickets_opened + d.tickets_reopened - d.tickets_resolved)::int AS open_delta,
    max(d.ticket_opened_id) AS ticket_id, max(d.ticket_reopened_id) AS reopen_id,
    min(d.ticket_first_at) AS first_at, max(d.ticket_last_at) AS last_at,
    sum(d.invoices_issued)::int AS issued, sum(d.invoices_paid)::int AS paid
  FROM score_days d
  WHERE d.day > ${DD(WINDOW)} AND d.day <= ${DD(0)} AND d.known <= ${DD(0)}
    AND ($1::text[] IS NULL OR d.account_id = ANY($1))
  GROUP BY 1, 2
),
-- buckets: 0 the last 30 days, 1 days 31–60, 2 days 61–90, 3 days 91–120, 4 days 121–150
f AS (
  SELECT account_id,
    max(received_max) AS inputs_through, min(first_day) AS first_day,
    sum(usage_n) FILTER (WHERE b = 0)::int AS usage_days_30,
    sum(usage_n) FILTER (WHERE b >= 2)::int AS usage_days_base,
    sum(active_users) FILTER (WHERE b = 0)::float8 AS users_30,
    sum(key_actions) FILTER (WHERE b = 0)::float8 AS actions_30,
    sum(key_actions) FILTER (WHERE b >= 2)::float8 AS actions_base,
    sum(features) FILTER (WHERE b = 0)::float8 AS depth_30,
    sum(features) FILTER (WHERE b >= 2)::float8 AS depth_base,
    sum(usage_n) FILTER (WHERE b = 1)::int AS usage_days_mid,
    sum(key_actions) FILTER (WHERE b = 1)::float8 AS actions_mid,
    sum(features) FILTER (WHERE b = 1)::float8 AS depth_mid,
    sum(opened) FILTER (WHERE b = 0)::int AS tickets_30,
    sum(opened) FILTER (WHERE b BETWEEN 1 AND 3)::int AS tickets_base,
    sum(opened) FILTER (WHERE b <= 2)::int AS tickets_90,
    sum(resolved) FILTER (WHERE b <= 2)::int AS resolved_90,
    sum(reopened) FILTER (WHERE b <= 2)::int AS reopened_90,
    greatest(sum(open_delta) FILTER (WHERE b <= 3), 0)::int AS unresolved,
    max(ticket_id) FILTER (WHERE b <= 2) AS ticket_id,
    max(reopen_id) FILTER (WHERE b <= 2) AS reopen_id,
    min(first_at) FILTER (WHERE b <= 3) AS first_ticket_at,
    max(last_at) AS last_ticket_at,
    sum(issued) FILTER (WHERE b <= 3)::int AS invoices_120,
    sum(paid) FILTER (WHERE b <= 3)::int AS paid_120
  FROM fb
  GROUP BY account_id
),
-- the rare kinds over a year, from their own rollup
r AS (
  SELECT d.account_id,
    max(d.received_max) AS inputs_through, min(d.day) AS first_day,
    sum(d.payments_failed) FILTER (WHERE d.day > ${DD(90)})::int AS payment_failed_90,
    max(d.payment_failed_id) FILTER (WHERE d.day > ${DD(90)}) AS payment_failed_id,
    sum(d.downgrades) FILTER (WHERE d.day > ${DD(180)})::int AS downgrades_180,
    max(d.downgrade_id) FILTER (WHERE d.day > ${DD(180)}) AS downgrade_id,
    sum(d.exports) FILTER (WHERE d.day > ${DD(90)})::int AS exports_90,
    max(d.export_id) FILTER (WHERE d.day > ${DD(90)}) AS export_id,
    sum(d.contact_changes) FILTER (WHERE d.day > ${DD(90)})::int AS contact_changes_90,
    max(d.contact_change_id) FILTER (WHERE d.day > ${DD(90)}) AS contact_change_id,
    sum(d.calls) FILTER (WHERE d.day > ${DD(90)})::int AS calls_90,
    sum(d.calls) FILTER (WHERE d.day <= ${DD(90)})::int AS calls_base,
    sum(d.call_seconds) FILTER (WHERE d.day > ${DD(180)}) / nullif(sum(d.calls_timed) FILTER (WHERE d.day > ${DD(180)}), 0) AS duration_180,
    sum(d.call_seconds) FILTER (WHERE d.day <= ${DD(180)}) / nullif(sum(d.calls_timed) FILTER (WHERE d.day <= ${DD(180)}), 0) AS duration_base,
    sum(d.calls_technical) FILTER (WHERE d.day > ${DD(180)})::int AS technical_180,
    sum(d.calls_strategic) FILTER (WHERE d.day > ${DD(180)})::int AS strategic_180,
    max(d.call_id) FILTER (WHERE d.day > ${DD(180)}) AS call_id,
    max(d.contact_last_at) AS last_contact_at,
    sum(d.nps_sum) FILTER (WHERE d.day > ${DD(180)}) / nullif(sum(d.nps_n) FILTER (WHERE d.day > ${DD(180)}), 0) AS nps_avg,
    sum(d.nps_n) FILTER (WHERE d.day > ${DD(180)})::int AS nps_n,
    max(d.nps_id) FILTER (WHERE d.day > ${DD(180)}) AS nps_id,
    sum(d.csat_sum) FILTER (WHERE d.day > ${DD(90)}) / nullif(sum(d.csat_n) FILTER (WHERE d.day > ${DD(90)}), 0) AS csat_avg,
    min(d.reason_min) FILTER (WHERE d.day > ${DD(180)}) AS reason_first,
    max(d.reason_max) FILTER (WHERE d.day > ${DD(180)}) AS reason_last,
    max(d.reason_id) FILTER (WHERE d.day > ${DD(180)}) AS reason_id
  FROM score_rare_days d
  WHERE d.day > ${DD(365)} AND d.day <= ${DD(0)} AND d.known <= ${DD(0)}
    AND ($1::text[] IS NULL OR d.account_id = ANY($1))
  GROUP BY d.account_id
),
t AS (
  SELECT x.account_id,
    max(x.known_at) AS inputs_through,
    count(*) FILTER (WHERE x.at > ${D(90)})::int AS texts_90,
    count(*) FILTER (WHERE x.at > ${D(90)} AND x.source = 'turn')::int AS turns_90,
    count(*) FILTER (WHERE x.at > ${D(90)} AND x.source = 'turn' AND (cardinality(x.risk_families) > 0 OR x.cancellation_intent))::int AS risk_turns_90,
    -- evidence newest first, in one order: which ten are kept must not depend on the plan (every account's or one's)
    (array_agg(x.source_id ORDER BY x.at DESC, x.source_id) FILTER (WHERE x.at > ${D(90)} AND (cardinality(x.risk_families) > 0 OR x.cancellation_intent)))[1:10] AS risk_turn_ids,
    avg(x.sentiment) FILTER (WHERE x.at > ${D(90)} AND x.source <> 'note') AS sentiment_90,
    avg(x.sentiment) FILTER (WHERE x.at > ${D(14)} AND x.source <> 'note') AS sentiment_14,
    avg(x.sentiment) FILTER (WHERE x.at <= ${D(14)} AND x.source <> 'note') AS sentiment_before,
    count(*) FILTER (WHERE x.at > ${D(30)} AND x.formality = 'formal')::int AS formal_30,
    count(*) FILTER (WHERE x.at > ${D(30)})::int AS texts_30,
    count(*) FILTER (WHERE x.at <= ${D(30)} AND x.formality = 'informal')::int AS informal_before,
    count(*) FILTER (WHERE x.at <= ${D(30)})::int AS texts_before,
    count(*) FILTER (WHERE x.at > ${D(90)} AND x.cancellation_intent)::int AS intent_90,
    (array_agg(x.source_id ORDER BY x.at DESC, x.source_id) FILTER (WHERE x.at > ${D(90)} AND x.cancellation_intent))[1:10] AS intent_ids
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
  coalesce(f.users_30, 0) AS users_30,
  coalesce(f.actions_30, 0) AS actions_30, coalesce(f.actions_base, 0) AS actions_base,
  coalesce(f.depth_30, 0) AS depth_30, coalesce(f.depth_base, 0) AS depth_base,
  coalesce(f.usage_days_mid, 0) AS usage_days_mid, coalesce(f.actions_mid, 0) AS actions_mid, coalesce(f.depth_mid, 0) AS depth_mid,
  coalesce(f.tickets_30, 0) AS tickets_30, coalesce(f.tickets_base, 0) AS tickets_base, coalesce(f.tickets_90, 0) AS tickets_90,
  coalesce(f.resolved_90, 0) AS resolved_90, coalesce(f.reopened_90, 0) AS reopened_90, coalesce(f.unresolved, 0) AS unresolved,
  CASE WHEN f.unresolved > 0 THEN floor(extract(epoch FROM ($2::timestamptz - f.first_ticket_at)) / 86400)::int END AS oldest_open_days,
  f.ticket_id::text AS ticket_ids,
  f.reopen_id::text AS reopen_ids,
  coalesce(f.invoices_120, 0) AS invoices_120, coalesce(f.paid_120, 0) AS paid_120,
  coalesce(r.payment_failed_90, 0) AS payment_failed_90, r.payment_failed_id::text AS payment_failed_ids,
  coalesce(r.downgrades_180, 0) AS downgrades_180, r.downgrade_id::text AS downgrade_ids,
  coalesce(r.exports_90, 0) AS exports_90, r.export_id::text AS export_ids,
  coalesce(r.contact_changes_90, 0) AS contact_changes_90, r.contact_change_id::text AS contact_change_ids,
  coalesce(r.calls_90, 0) AS calls_90, coalesce(r.calls_base, 0) AS calls_base, r.duration_180, r.duration_base,
  coalesce(r.technical_180, 0) AS technical_180, coalesce(r.strategic_180, 0) AS strategic_180, r.call_id::text AS call_ids,
  greatest(r.last_contact_at, f.last_ticket_at) AS last_contact_at, ${DD(0)} - least(f.first_day, r.first_day) AS observed_days,
  r.nps_avg, coalesce(r.nps_n, 0) AS nps_n, r.nps_id::text AS nps_ids, r.csat_avg,
  array_remove(ARRAY[r.reason_first, nullif(r.reason_last, r.reason_first)], NULL) AS reason_categories, r.reason_id::text AS reason_ids,
  coalesce(t.texts_90, 0) AS texts_90, coalesce(t.turns_90, 0) AS turns_90, coalesce(t.risk_turns_90, 0) AS risk_turns_90,
  coalesce(t.risk_turn_ids, '{}') AS risk_turn_ids, t.sentiment_90, t.sentiment_14, t.sentiment_before,
  coalesce(t.formal_30, 0) AS formal_30, coalesce(t.texts_30, 0) AS texts_30, coalesce(t.informal_before, 0) AS informal_before,
  coalesce(t.texts_before, 0) AS texts_before, coalesce(t.intent_90, 0) AS intent_90, coalesce(t.intent_ids, '{}') AS intent_ids,
  coalesce(fam.families, '{}') AS families, coalesce(feat.repeated_features, '{}') AS repeated_features/*RESCORE*//*CURRENT*/
FROM acc
LEFT JOIN f ON f.account_id = acc.id
LEFT JOIN r ON r.account_id = acc.id
LEFT JOIN t ON t.account_id = acc.id
LEFT JOIN fam ON fam.account_id = acc.id
LEFT JOIN feat ON feat.account_id = acc.id/*CURRENT_JOIN*/
ORDER BY acc.id`;

const DAY = 86_400_000;
// the day edges become numbered after the timestamp edges once the whole statement has named them all
const SQL = MEASURES_TEMPLATE.replace(/\$(1\d{3})::date/g, (_, n: string) => `$${3 + EDGES.length + Number(n) - 1000}::date`);
// Two forms, so neither plan has to allow for the other: every account (one pass over the rollup), or
// some accounts (their rows by the primary keys); the re-score's is the second with two more columns.
const FILTER = /\(\$1::text\[\] IS NULL OR (\w+\.\w+) = ANY\(\$1\)\)/g;
const SOME = SQL.replace(FILTER, '$1 = ANY($$1)');
const withoutCurrent = (sql: string) => sql.replace('/*CURRENT*/', '').replace('/*CURRENT_JOIN*/', '');

export const MEASURES_SQL = {
  // every account: also its current score, which the store compares with (a read of it by 100,000 ids cost more)
  all: SQL.replace(FILTER, '$$1::text[] IS NULL').replace('/*RESCORE*/', '')
    .replace('/*CURRENT*/', ',\n  cs.fingerprint AS current_fingerprint, cs.inputs_through AS current_inputs_through')
    .replace('/*CURRENT_JOIN*/', '\nLEFT JOIN current_scores cs ON cs.account_id = acc.id'),
  some: withoutCurrent(SOME.replace('/*RESCORE*/', '')),
  // the re-score's one read: also whether texts wait for analysis, and the running configuration
  rescore: withoutCurrent(SOME.replace('/*RESCORE*/', `,\n  ${textsPending('$$1')} AS texts_pending,\n  ${CURRENT_CONFIG_JSON} AS config`)),
};

const ONE_ID = ['ticket_ids', 'reopen_ids', 'payment_failed_ids', 'downgrade_ids', 'export_ids', 'contact_change_ids', 'call_ids', 'nps_ids', 'reason_ids'] as const;

const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

export function measureParams(accountIds: readonly string[] | null, asOf: Date): unknown[] {
  // the as-of's day: midnight itself belongs to the day before it
  const day = Math.floor((asOf.getTime() - 1) / DAY);
  return [
    accountIds ? [...accountIds] : null,
    asOf,
    ...EDGES.map((n) => new Date(asOf.getTime() - n * DAY)),
    ...DAY_EDGES.map((n) => isoDay(day - n)),
  ];
}

/**
 * A re-score's read of these accounts in one statement: their measures, whether any of them has
 * customer texts waiting for analysis (then analyse them and read again), and the running
 * configuration (null before version 1 exists, or when none of them is a customer at the as-of).
 * `prepared`: see db/prepared.ts.
 */
export async function measureRescore(db: Queryable, accountIds: readonly string[], asOf: Date, prepared = false): Promise<{ measures: Measures[]; textsPending: boolean; config: StoredConfig | null }> {
  const { rows } = await db.query<Measures & Record<(typeof ONE_ID)[number], string | string[] | null> & { texts_pending: boolean; config: Parameters<typeof configFromJson>[0] | null }>(
    named(prepared ? 'tenure_score_rescore' : null, MEASURES_SQL.rescore),
    measureParams(accountIds, asOf),
  );
  for (const r of rows) for (const k of ONE_ID) r[k] = r[k] == null ? [] : [r[k] as string];
  const first = rows[0]?.config;
  // with no row (none of them a customer at the as-of) the statement could not say: ask analyzePendingTexts
  return { measures: rows, textsPending: rows[0]?.texts_pending ?? true, config: first ? configFromJson(first) : null };
}

/**
 * The measures of these accounts (null: every account) that were customers at `asOf`. `prepared`
 * (PostgreSQL only, see db/prepared.ts): the form for some accounts is parsed and planned once per connection.
 */
export async function measure(db: Queryable, accountIds: readonly string[] | null, asOf: Date, prepared = false): Promise<Measures[]> {
  const { rows } = await db.query<Measures & Record<(typeof ONE_ID)[number], string | string[] | null>>(
    named(accountIds && prepared ? 'tenure_score_measures_some' : null, accountIds ? MEASURES_SQL.some : MEASURES_SQL.all),
    measureParams(accountIds, asOf),
  );
  // the newest evidence id of each kind comes as one value (cheaper to read than an array per row)
  for (const r of rows) for (const k of ONE_ID) r[k] = r[k] == null ? [] : [r[k] as string];
  return rows;
}
