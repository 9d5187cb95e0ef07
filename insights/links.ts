import type { ReasonFilter } from './filters';

// The links that let a rollup count each account once per row without grouping every reason by
// account (db/migrations/0021_insight_reason_links.sql): each reason fact keeps when the same
// account's previous reason was captured, within the same row (account, category, or category and
// detail), ordered by (captured_at, reason_id). In a period starting at `from`, an account's first
// reason of a row is the one whose link is null or before `from`, so accounts are a count and their
// MRR a sum. A per-reason filter (channel, language, voluntary) splits an account's reasons, so each
// has its own links taken within its value; account filters (segment, plan, owner) need none.
// Defined here once: the refresh writes them, the rollup picks the ones its filters need.

const DIMENSIONS = { '': null, _channel: "coalesce(channel, 'none')", _lang: 'lang', _voluntary: 'voluntary' } as const;
type Dimension = keyof typeof DIMENSIONS;
const LEVELS = { account: [], category: ['category'], detail: ['category', 'detail'] } as const;
type Level = keyof typeof LEVELS;

const column = (level: Level, dim: Dimension) => `prev_${level}${dim}`;

const LINKS = (Object.keys(DIMENSIONS) as Dimension[]).flatMap((dim) =>
  (Object.keys(LEVELS) as Level[]).map((level) => ({
    column: column(level, dim),
    window: `lag(captured_at) OVER (PARTITION BY ${['account_id', ...(DIMENSIONS[dim] ? [DIMENSIONS[dim]] : []), ...LEVELS[level]].join(', ')} ORDER BY captured_at, reason_id)`,
  })),
);

/** Every link column, for the reads that pick among them. */
export const LINK_COLUMNS = LINKS.map((l) => l.column);

/** The links computed over rows with the facts' columns (account_id, captured_at, reason_id, category, detail, channel, lang, voluntary). */
export const LINK_WINDOWS = LINKS.map((l) => `${l.window} AS ${l.column}`).join(',\n  ');

/** `UPDATE insight_reason_facts f … FROM <l>`: the SET list and the "changed" test taking the links from `l`. */
export const LINK_SET = LINKS.map((l) => `${l.column} = l.${l.column}`).join(', ');
export const LINKS_CHANGED = `(${LINKS.map((l) => `f.${l.column}`).join(', ')}) IS DISTINCT FROM (${LINKS.map((l) => `l.${l.column}`).join(', ')})`;

/** Recomputes the links of the given accounts' facts; $1 is the text[] of their ids. */
export const RELINK_SQL = `
  UPDATE insight_reason_facts f SET ${LINK_SET}
  FROM (SELECT reason_id, ${LINK_WINDOWS} FROM insight_reason_facts WHERE account_id = ANY($1::text[])) l
  WHERE f.reason_id = l.reason_id AND ${LINKS_CHANGED}`;

/** The link columns (of `insight_reason_facts`) that count accounts once per detail, category and total under these filters. */
export interface Links {
  detail: string;
  category: string;
  total: string;
}

/**
 * The links that are exact for these filters, or null when none are (two per-reason filters at once,
 * a competitor or feature, a detail without its category): the rollup then groups by account.
 */
export function linksFor(f: ReasonFilter): Links | null {
  if (f.competitor !== undefined || f.feature !== undefined) return null;
  const split = (['_channel', '_lang', '_voluntary'] as const).filter((d) => f[d.slice(1) as 'channel' | 'lang' | 'voluntary'] !== undefined);
  if (split.length > 1) return null;
  const dim: Dimension = split[0] ?? '';
  const detail = column('detail', dim);
  // a filter on the row itself: its accounts are those of the row
  if (f.detail !== undefined) return f.category !== undefined ? { detail, category: detail, total: detail } : null;
  const category = column('category', dim);
  if (f.category !== undefined) return { detail, category, total: category };
  return { detail, category, total: column('account', dim) };
}
