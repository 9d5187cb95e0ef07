import { z } from 'zod';
import type { Clock } from '../db/clock';
import type { Database } from '../db/database';
import { withTransaction, type Queryable, type Tx } from '../db/transaction';
import { periodOf, type Period, type ReasonFilter } from './filters';
import { LINK_COLUMNS, linksFor, type Links } from './links';

// The churn-reason rollups: the one SQL path behind the API, the CSV exports, the CLI and the pages.
// Read from the maintained reason facts (insights/refresh.ts, built from agent's published
// v_churn_reasons and the accounts; the caller makes sure they are fresh) and, for the words, the view. An account counts once per row (two
// "price" reasons of one account are one account and its MRR once); its MRR is "lost" when it has
// churned and "at risk" while it is active. The trend compares with the period just before.

const VERBATIMS_PER_ROW = 3;

/** The filters other than the period, on facts `f`, as parameters $at.. in `filterParams()`'s order. */
const MATCHES = (f: string, at = 4) => {
  const [segment, plan, owner, channel, voluntary, lang, category, detail, competitor, feature] = Array.from({ length: 10 }, (_, i) => `$${at + i}`);
  return `
    (${segment}::text IS NULL OR ${f}.segment = ${segment})
    AND (${plan}::text IS NULL OR ${f}.plan = ${plan})
    AND (${owner}::text IS NULL OR ${f}.owner_id = ${owner})
    AND (${channel}::text IS NULL OR coalesce(${f}.channel, 'none') = ${channel})
    AND (${voluntary}::boolean IS NULL OR ${f}.voluntary = ${voluntary})
    AND (${lang}::text IS NULL OR ${f}.lang = ${lang})
    AND (${category}::text IS NULL OR ${f}.category = ${category})
    AND (${detail}::text IS NULL OR ${f}.detail = ${detail})
    AND (${competitor}::text IS NULL OR ${f}.competitor = ${competitor})
    AND (${feature}::text IS NULL OR ${f}.feature = ${feature})`;
};
const filterParams = (f: ReasonFilter): unknown[] => [f.segment ?? null, f.plan ?? null, f.owner ?? null, f.channel ?? null, f.voluntary ?? null, f.lang ?? null, f.category ?? null, f.detail ?? null, f.competitor ?? null, f.feature ?? null];

/** The reasons of both periods that pass the filters, from the maintained facts; $1..$13 as `params()` orders them. */
const FILTERED = `
  SELECT f.reason_id AS id, f.account_id, f.category, f.detail, f.competitor, f.feature, f.conversation_id, f.channel, f.captured_at, f.voluntary, f.lang,
         f.captured_at >= $2 AS cur, f.churned, f.mrr_minor AS mrr,
         ${LINK_COLUMNS.map((c) => `f.${c}`).join(', ')}
  FROM insight_reason_facts f
  WHERE f.captured_at >= $1 AND f.captured_at <= $3 AND ${MATCHES('f')}`;

function params(f: ReasonFilter, p: Period, previous = true): unknown[] {
  return [previous ? p.previousFrom : p.from, p.from, p.until, ...filterParams(f)];
}

/** The figures of one level from rows counted once per account (`accounts`, `mrr`, `churned`, `n` reasons). */
const AGGREGATES_BY_ACCOUNT = `
  count(*) FILTER (WHERE cur)::int AS accounts,
  coalesce(sum(n) FILTER (WHERE cur), 0)::int AS reasons,
  coalesce(sum(mrr) FILTER (WHERE cur AND churned), 0)::bigint AS mrr_lost,
  coalesce(sum(mrr) FILTER (WHERE cur AND NOT churned), 0)::bigint AS mrr_at_risk,
  count(*) FILTER (WHERE NOT cur)::int AS previous_accounts,
  coalesce(sum(mrr) FILTER (WHERE NOT cur), 0)::bigint AS previous_mrr`;

// The three levels (detail, category, total) when the links fit the filters (insights/links.ts): one
// pass over the filtered facts into a row per detail, period and churned-or-not, where only an
// account's first reason of the period counts toward accounts and MRR, once with each level's link
// (its MRR and churned are the account's, the same on all its reasons). A category's accounts are then
// the sum over its details of those first in the category (each account's first reason of a category
// is in exactly one of its details), and the total's the sum of those first overall. The same pass
// keeps the few reasons naming a competitor or a feature, for the mentions.
const FIRST = (link: string) => `(${link} IS NULL OR ${link} < CASE WHEN cur THEN $2::timestamptz ELSE $1::timestamptz END)`;
const firsts = (p: string, link: string) => `count(*) FILTER (WHERE ${FIRST(link)}) AS ${p}_n, sum(mrr) FILTER (WHERE ${FIRST(link)}) AS ${p}_mrr`;
const levelFigures = (p: string) => `
  coalesce(sum(${p}_n) FILTER (WHERE cur), 0)::int AS ${p}_accounts,
  coalesce(sum(${p}_mrr) FILTER (WHERE cur AND churned), 0)::bigint AS ${p}_mrr_lost,
  coalesce(sum(${p}_mrr) FILTER (WHERE cur AND NOT churned), 0)::bigint AS ${p}_mrr_at_risk,
  coalesce(sum(${p}_n) FILTER (WHERE NOT cur), 0)::int AS ${p}_previous_accounts,
  coalesce(sum(${p}_mrr) FILTER (WHERE NOT cur), 0)::bigint AS ${p}_previous_mrr`;
const summed = (p: string) => `coalesce(sum(${p}_accounts), 0)::int, coalesce(sum(reasons), 0)::int, coalesce(sum(${p}_mrr_lost), 0)::bigint,
  coalesce(sum(${p}_mrr_at_risk), 0)::bigint, coalesce(sum(${p}_previous_accounts), 0)::int, coalesce(sum(${p}_previous_mrr), 0)::bigint`;
const named = (col: string) => `
  array_agg(${col}) FILTER (WHERE ${col} IS NOT NULL) AS ${col}_names,
  array_agg(account_id) FILTER (WHERE ${col} IS NOT NULL) AS ${col}_accounts,
  array_agg(mrr) FILTER (WHERE ${col} IS NOT NULL) AS ${col}_mrr`;
const mentionsOf = (col: string) => `
  SELECT '${col}' AS kind, m.name, m.account_id, max(m.mrr) AS mrr
  FROM per_split p CROSS JOIN LATERAL unnest(p.${col}_names, p.${col}_accounts, p.${col}_mrr) m (name, account_id, mrr)
  WHERE p.cur GROUP BY 2, 3`;
const linkedGroups = (l: Links) => `
per_split AS MATERIALIZED (
  SELECT category, detail, cur, churned, count(*) AS reasons, ${firsts('d', l.detail)}, ${firsts('c', l.category)}, ${firsts('t', l.total)},
         ${named('competitor')}, ${named('feature')}
  FROM (${FILTERED}) r GROUP BY category, detail, cur, churned),
per_detail AS MATERIALIZED (
  SELECT category, detail, coalesce(sum(reasons) FILTER (WHERE cur), 0)::int AS reasons, ${levelFigures('d')}, ${levelFigures('c')}, ${levelFigures('t')}
  FROM per_split GROUP BY category, detail),
groups AS MATERIALIZED (
  SELECT 'detail' AS level, category, detail, d_accounts AS accounts, reasons, d_mrr_lost AS mrr_lost, d_mrr_at_risk AS mrr_at_risk,
         d_previous_accounts AS previous_accounts, d_previous_mrr AS previous_mrr FROM per_detail
  UNION ALL SELECT 'category', category, NULL, ${summed('c')} FROM per_detail GROUP BY category
  UNION ALL SELECT 'total', NULL, NULL, ${summed('t')} FROM per_detail),
mentions AS (${mentionsOf('competitor')}
  UNION ALL ${mentionsOf('feature')})`;

// Otherwise (two per-reason filters, a competitor or a feature): each account once per (detail,
// period), per (category, period) and per period, grouped by account in one hash aggregate with three
// grouping sets (GROUPING(category, detail): 0 a detail, 1 a category, 3 the total). Competitors and
// features: the few reasons of the period naming one (an index holds them), each account once per name.
const groupedGroups = `
per AS (
  SELECT category, detail, account_id, cur, max(mrr) AS mrr, bool_or(churned) AS churned, count(*) AS n, GROUPING(category, detail) AS g
  FROM (${FILTERED}) r
  GROUP BY account_id, cur, GROUPING SETS ((category, detail), (category), ())),
groups AS MATERIALIZED (
  SELECT CASE g WHEN 0 THEN 'detail' WHEN 1 THEN 'category' ELSE 'total' END AS level, category, detail, ${AGGREGATES_BY_ACCOUNT}
  FROM per GROUP BY g, category, detail),
mentions AS (
  SELECT m.kind, m.name, r.account_id, max(r.mrr) AS mrr
  FROM (${FILTERED}) r CROSS JOIN LATERAL (VALUES ('competitor', r.competitor), ('feature', r.feature)) m (kind, name)
  WHERE r.captured_at >= $2 AND (r.competitor IS NOT NULL OR r.feature IS NOT NULL) AND m.name IS NOT NULL
  GROUP BY 1, 2, 3)`;

const rollupSql = (l: Links | null) => `
WITH ${l ? linkedGroups(l) : groupedGroups}
SELECT (SELECT coalesce(json_agg(g), '[]') FROM groups g) AS groups,
       (SELECT coalesce(json_agg(m ORDER BY m.kind, m.mrr DESC, m.accounts DESC, m.name), '[]')
          FROM (SELECT kind, name, count(*)::int AS accounts, sum(mrr)::bigint AS mrr FROM mentions GROUP BY 1, 2) m) AS mentions`;

// The verbatims, for the rows shown only (the details with accounts in the period: $13 and $14; the
// period $1 to $2; the filters from $3): the newest few of each, read backwards by the (category,
// detail, captured_at, reason_id) index until enough pass the filters (the row has some in the period,
// so this stops within it), instead of numbering every reason of the period; a category's newest are
// among its details'.
const VERBATIMS_SQL = `
SELECT coalesce(json_agg(v ORDER BY v.captured_at DESC, v.id DESC), '[]') AS verbatims
FROM (SELECT x.category, x.detail, x.id, x.account_id, (SELECT v.verbatim FROM v_churn_reasons v WHERE v.id = x.id) AS verbatim, x.conversation_id, x.channel, x.captured_at
      FROM unnest($13::text[], $14::text[]) g (category, detail) CROSS JOIN LATERAL (
        SELECT f.category, f.detail, f.reason_id AS id, f.account_id, f.conversation_id, f.channel, f.captured_at
        FROM insight_reason_facts f
        WHERE f.category = g.category AND f.detail = g.detail AND f.captured_at >= $1 AND f.captured_at <= $2 AND ${MATCHES('f', 3)}
        ORDER BY f.captured_at DESC, f.reason_id DESC LIMIT ${VERBATIMS_PER_ROW}) x) v`;

export const Verbatim = z.object({
  reason_id: z.string(),
  account_id: z.string(),
  verbatim: z.string(),
  conversation_id: z.string().nullable(),
  channel: z.string().nullable(),
  captured_at: z.coerce.date(),
});
export type Verbatim = z.infer<typeof Verbatim>;

const Figures = z.object({
  accounts: z.number().int(),
  reasons: z.number().int(),
  mrr_lost_minor: z.number().int(),
  mrr_at_risk_minor: z.number().int(),
  previous_accounts: z.number().int(),
  previous_mrr_minor: z.number().int(),
});

export const RollupRow = Figures.extend({
  level: z.enum(['category', 'detail']),
  category: z.string(),
  detail: z.string().nullable(),
  /** this row's MRR (lost and at risk) over the whole period's */
  share: z.number(),
  /** accounts now minus accounts in the previous period */
  trend_accounts: z.number().int(),
  trend: z.enum(['up', 'down', 'flat', 'new']),
  verbatims: z.array(Verbatim),
});
export type RollupRow = z.infer<typeof RollupRow>;

const Mention = z.object({ name: z.string(), accounts: z.number().int(), mrr_minor: z.number().int() });

export const ReasonRollup = z.object({
  period: z.object({ from: z.date(), until: z.date(), previous_from: z.date() }),
  total: Figures,
  /** categories by MRR, each followed by its details */
  rows: z.array(RollupRow),
  competitors: z.array(Mention),
  /** missing features ranked by the MRR of the accounts asking */
  features: z.array(Mention),
});
export type ReasonRollup = z.infer<typeof ReasonRollup>;

interface GroupRow {
  level: 'detail' | 'category' | 'total';
  category: string | null;
  detail: string | null;
  accounts: number;
  reasons: number;
  mrr_lost: number | string;
  mrr_at_risk: number | string;
  previous_accounts: number;
  previous_mrr: number | string;
}

const figures = (g: GroupRow) => ({
  accounts: g.accounts,
  reasons: g.reasons,
  mrr_lost_minor: Number(g.mrr_lost),
  mrr_at_risk_minor: Number(g.mrr_at_risk),
  previous_accounts: g.previous_accounts,
  previous_mrr_minor: Number(g.previous_mrr),
});

/**
 * The rollup's two statements, each with the planner settings it runs with in the rollup's transaction
 * (the benchmark EXPLAINs them the same way). The figures: memory for the fallback's hash aggregate to
 * stay off disk, and the filtered facts read by bitmap; a plain index scan by period (the facts are in
 * capture order, so it looks cheap) filtered out three rows in four for a plan, three times slower. The
 * verbatims: an ordered index scan that stops early; a bitmap read every reason of each detail and
 * sorted them (for an owner and a language, a third of the time).
 */
export const rollupStatements = (f: ReasonFilter, period: Period) => ({
  figures: {
    settings: `SELECT set_config('work_mem', '64MB', true), set_config('enable_indexscan', 'off', true)`,
    text: rollupSql(linksFor(f)),
    values: params(f, period),
  },
  verbatims: (rows: { category: string; detail: string }[]) => ({
    settings: `SELECT set_config('enable_indexscan', 'on', true), set_config('enable_bitmapscan', 'off', true)`,
    text: VERBATIMS_SQL,
    values: [period.from, period.until, ...filterParams(f), rows.map((r) => r.category), rows.map((r) => r.detail)],
  }),
});

type VerbatimRow = Omit<Verbatim, 'reason_id'> & { id: string; category: string; detail: string };

export async function reasonRollup(db: Database | Tx, clock: Clock, f: ReasonFilter): Promise<ReasonRollup> {
  const period = periodOf(f, clock);
  const st = rollupStatements(f, period);
  const { groups, verbatims, mentions } = await withTransaction(db, async (tx) => {
    await tx.query(st.figures.settings);
    const { rows } = await tx.query<{ groups: GroupRow[]; mentions: { kind: string; name: string; accounts: number; mrr: number }[] }>(st.figures.text, st.figures.values);
    const { groups, mentions } = rows[0]!;
    const shown = groups.filter((g): g is GroupRow & { category: string; detail: string } => g.level === 'detail' && g.accounts > 0);
    if (shown.length === 0) return { groups, mentions, verbatims: [] as VerbatimRow[] };
    const v = st.verbatims(shown);
    await tx.query(v.settings);
    const said = await tx.query<{ verbatims: VerbatimRow[] }>(v.text, v.values);
    return { groups, mentions, verbatims: said.rows[0]!.verbatims };
  });
  const empty: GroupRow = { level: 'total', category: null, detail: null, accounts: 0, reasons: 0, mrr_lost: 0, mrr_at_risk: 0, previous_accounts: 0, previous_mrr: 0 };
  const total = figures(groups.find((g) => g.level === 'total') ?? empty);
  const totalMrr = total.mrr_lost_minor + total.mrr_at_risk_minor;
  const said = (category: string, detail: string | null) =>
    verbatims
      .filter((v) => v.category === category && (detail === null || v.detail === detail))
      .slice(0, VERBATIMS_PER_ROW)
      .map((v) => Verbatim.parse({ ...v, reason_id: v.id }));
  const toRow = (g: GroupRow): RollupRow => {
    const fig = figures(g);
    const mrr = fig.mrr_lost_minor + fig.mrr_at_risk_minor;
    const delta = fig.accounts - fig.previous_accounts;
    return {
      level: g.level as 'category' | 'detail',
      category: g.category!,
      detail: g.detail,
      ...fig,
      share: totalMrr ? Number((mrr / totalMrr).toFixed(4)) : 0,
      trend_accounts: delta,
      trend: fig.previous_accounts === 0 && fig.accounts > 0 ? 'new' : delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat',
      verbatims: said(g.category!, g.detail),
    };
  };
  const byMrr = (a: RollupRow, b: RollupRow) => b.mrr_lost_minor + b.mrr_at_risk_minor - (a.mrr_lost_minor + a.mrr_at_risk_minor) || b.accounts - a.accounts || (a.detail ?? a.category).localeCompare(b.detail ?? b.category);
  // rows with no account in this period (only in the previous one) still show, for their trend
  const categories = groups.filter((g) => g.level === 'category').map(toRow).sort(byMrr);
  const details = groups.filter((g) => g.level === 'detail').map(toRow).sort(byMrr);
  const ordered = categories.flatMap((c) => [c, ...details.filter((d) => d.category === c.category)]);
  const mention = (kind: string) => mentions.filter((m) => m.kind === kind).map((m) => ({ name: m.name, accounts: m.accounts, mrr_minor: Number(m.mrr) }));
  return {
    period: { from: period.from, until: period.until, previous_from: period.previousFrom },
    total,
    rows: ordered,
    competitors: mention('competitor').sort((a, b) => b.accounts - a.accounts || b.mrr_minor - a.mrr_minor).slice(0, 10),
    features: mention('feature').slice(0, 20),
  };
}

/** The columns of the rollup's CSV: one line per category and per detail. */
export const ROLLUP_CSV_COLUMNS = ['level', 'category', 'detail', 'accounts', 'reasons', 'mrr_lost_minor', 'mrr_at_risk_minor', 'share', 'previous_accounts', 'previous_mrr_minor', 'trend', 'trend_accounts', 'verbatim', 'conversation_id'] as const;

export function rollupCsvRows(r: ReasonRollup) {
  return r.rows.map((row) => ({ ...row, detail: row.detail ?? '', verbatim: row.verbatims[0]?.verbatim ?? '', conversation_id: row.verbatims[0]?.conversation_id ?? '' }));
}

// ---- the rows behind a figure: every reason of the period that passes the filters ----

export const ReasonItem = z.object({
  reason_id: z.string(),
  account_id: z.string(),
  account_name: z.string(),
  account_status: z.string(),
  mrr_minor: z.number().int(),
  category: z.string(),
  detail: z.string(),
  verbatim: z.string(),
  competitor: z.string().nullable(),
  feature: z.string().nullable(),
  voluntary: z.boolean(),
  channel: z.string().nullable(),
  lang: z.string().nullable(),
  conversation_id: z.string().nullable(),
  captured_at: z.date(),
});
export type ReasonItem = z.infer<typeof ReasonItem>;

export const REASON_CSV_COLUMNS = ['reason_id', 'captured_at', 'account_id', 'account_name', 'account_status', 'mrr_minor', 'category', 'detail', 'competitor', 'feature', 'voluntary', 'channel', 'lang', 'verbatim', 'conversation_id'] as const;

/** Newest first, keyed by (captured_at, id). */
export async function reasonItems(db: Queryable, clock: Clock, f: ReasonFilter, page: { limit: number; after: [string, string] | null }): Promise<ReasonItem[]> {
  const period = periodOf(f, clock);
  const { rows } = await db.query(
    `SELECT x.id AS reason_id, x.account_id, a.name AS account_name, a.status AS account_status, x.mrr::int AS mrr_minor, x.category, x.detail, v.verbatim,
            x.competitor, x.feature, x.voluntary, x.channel, x.lang, x.conversation_id, x.captured_at
     FROM (${FILTERED}
           AND ($14::timestamptz IS NULL OR (f.captured_at, f.reason_id) < ($14::timestamptz, $15::text))
           ORDER BY f.captured_at DESC, f.reason_id DESC LIMIT $16) x
     JOIN v_churn_reasons v ON v.id = x.id JOIN accounts a ON a.id = x.account_id
     ORDER BY x.captured_at DESC, x.id DESC`,
    [...params(f, period, false), page.after?.[0] ?? null, page.after?.[1] ?? null, page.limit],
  );
  return rows.map((r) => ReasonItem.parse(r));
}
