import { z } from 'zod';
import type { Clock } from '../db/clock';
import type { Database } from '../db/database';
import { withTransaction, type Queryable, type Tx } from '../db/transaction';
import { periodOf, type Period, type ReasonFilter } from './filters';

// The churn-reason rollups: the one SQL path behind the API, the CSV exports, the CLI and the pages.
// Read from the maintained reason facts (insights/refresh.ts, built from agent's published
// v_churn_reasons and the accounts; the caller makes sure they are fresh) and, for the words, the view. An account counts once per row (two
// "price" reasons of one account are one account and its MRR once); its MRR is "lost" when it has
// churned and "at risk" while it is active. The trend compares with the period just before.

const VERBATIMS_PER_ROW = 3;

/** The reasons of both periods that pass the filters, from the maintained facts; $1..$13 as `params()` orders them. */
const FILTERED = `
  SELECT f.reason_id AS id, f.account_id, f.category, f.detail, f.competitor, f.feature, f.conversation_id, f.channel, f.captured_at, f.voluntary, f.lang,
         f.captured_at >= $2 AS cur, f.churned, f.mrr_minor AS mrr
  FROM insight_reason_facts f
  WHERE f.captured_at >= $1 AND f.captured_at <= $3
    AND ($4::text IS NULL OR f.segment = $4)
    AND ($5::text IS NULL OR f.plan = $5)
    AND ($6::text IS NULL OR f.owner_id = $6)
    AND ($7::text IS NULL OR coalesce(f.channel, 'none') = $7)
    AND ($8::boolean IS NULL OR f.voluntary = $8)
    AND ($9::text IS NULL OR f.lang = $9)
    AND ($10::text IS NULL OR f.category = $10)
    AND ($11::text IS NULL OR f.detail = $11)
    AND ($12::text IS NULL OR f.competitor = $12)
    AND ($13::text IS NULL OR f.feature = $13)`;

function params(f: ReasonFilter, p: Period, previous = true): unknown[] {
  return [previous ? p.previousFrom : p.from, p.from, p.until, f.segment ?? null, f.plan ?? null, f.owner ?? null, f.channel ?? null, f.voluntary ?? null, f.lang ?? null, f.category ?? null, f.detail ?? null, f.competitor ?? null, f.feature ?? null];
}

const AGGREGATES = `
  count(*) FILTER (WHERE cur)::int AS accounts,
  coalesce(sum(n) FILTER (WHERE cur), 0)::int AS reasons,
  coalesce(sum(mrr) FILTER (WHERE cur AND churned), 0)::bigint AS mrr_lost,
  coalesce(sum(mrr) FILTER (WHERE cur AND NOT churned), 0)::bigint AS mrr_at_risk,
  count(*) FILTER (WHERE NOT cur)::int AS previous_accounts,
  coalesce(sum(mrr) FILTER (WHERE NOT cur), 0)::bigint AS previous_mrr`;

const ROLLUP_SQL = `
WITH r AS MATERIALIZED (${FILTERED}),
per_detail AS (SELECT category, detail, account_id, cur, max(mrr) AS mrr, bool_or(churned) AS churned, count(*) AS n FROM r GROUP BY 1, 2, 3, 4),
per_category AS (SELECT category, account_id, cur, max(mrr) AS mrr, bool_or(churned) AS churned, count(*) AS n FROM r GROUP BY 1, 2, 3),
per_account AS (SELECT account_id, cur, max(mrr) AS mrr, bool_or(churned) AS churned, count(*) AS n FROM r GROUP BY 1, 2),
groups AS (
  SELECT 'detail' AS level, category, detail, ${AGGREGATES} FROM per_detail GROUP BY category, detail
  UNION ALL SELECT 'category', category, NULL, ${AGGREGATES} FROM per_category GROUP BY category
  UNION ALL SELECT 'total', NULL, NULL, ${AGGREGATES} FROM per_account),
verbatims AS (
  SELECT x.category, x.detail, x.id, x.account_id, (SELECT v.verbatim FROM v_churn_reasons v WHERE v.id = x.id) AS verbatim, x.conversation_id, x.channel, x.captured_at
  FROM (SELECT category, detail, id, account_id, conversation_id, channel, captured_at,
               row_number() OVER (PARTITION BY category, detail ORDER BY captured_at DESC, id DESC) AS k
        FROM r WHERE cur) x
  WHERE x.k <= ${VERBATIMS_PER_ROW}),
mentions AS (
  SELECT 'competitor' AS kind, competitor AS name, account_id, max(mrr) AS mrr FROM r WHERE cur AND competitor IS NOT NULL GROUP BY 2, 3
  UNION ALL SELECT 'feature', feature, account_id, max(mrr) FROM r WHERE cur AND feature IS NOT NULL GROUP BY 2, 3)
SELECT (SELECT coalesce(json_agg(g), '[]') FROM groups g) AS groups,
       (SELECT coalesce(json_agg(v ORDER BY v.captured_at DESC, v.id DESC), '[]') FROM verbatims v) AS verbatims,
       (SELECT coalesce(json_agg(m ORDER BY m.kind, m.mrr DESC, m.accounts DESC, m.name), '[]')
          FROM (SELECT kind, name, count(*)::int AS accounts, sum(mrr)::bigint AS mrr FROM mentions GROUP BY 1, 2) m) AS mentions`;

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

/** The rollup's one statement (the benchmark EXPLAINs it). */
export const rollupStatement = (f: ReasonFilter, period: Period) => ({ text: ROLLUP_SQL, values: params(f, period) });

export async function reasonRollup(db: Database | Tx, clock: Clock, f: ReasonFilter): Promise<ReasonRollup> {
  const period = periodOf(f, clock);
  const st = rollupStatement(f, period);
  // one statement; its hash aggregates get the memory to stay off disk (a quarter of reasons is tens of MB)
  const { rows } = await withTransaction(db, async (tx) => {
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    return tx.query<{ groups: GroupRow[]; verbatims: (Omit<Verbatim, 'reason_id'> & { id: string; category: string; detail: string })[]; mentions: { kind: string; name: string; accounts: number; mrr: number }[] }>(st.text, st.values);
  });
  const { groups, verbatims, mentions } = rows[0]!;
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
