import { z } from 'zod';
import type { Clock } from '../db/clock';
import type { Queryable } from '../db/transaction';
import { decodeCursor, encodeCursor } from '../server/pagination';

// Reading scores: one account's current score and history, and the filterable list.

/** A data feed that has not delivered for this long makes every score stale. */
export const FEED_STALE_MS = 24 * 3_600_000;

export interface CurrentScore {
  account_id: string;
  score: number;
  zone: string;
  at_risk: boolean;
  escalate: boolean;
  components: Record<string, unknown>;
  reason_codes: { code: string; points: number; text: string }[];
  based_on: number;
  components_total: number;
  config_version: number;
  as_of: Date;
  checked_at: Date;
  inputs_through: Date | null;
}

/**
 * When the newest usage data arrived (the feed every score leans on); null when there is none.
 * Read through the kind index over the last week, so it stays cheap on a large events table.
 */
export async function usageFeedLastAt(db: Queryable, now: Date): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT max(received_at) AS at FROM events WHERE kind = 'usage.daily' AND occurred_at > $1::timestamptz - interval '7 days' AND occurred_at <= $1`,
    [now],
  );
  return rows[0]?.at ?? null;
}

export async function accountScore(db: Queryable, clock: Clock, accountId: string, historyDays: number) {
  const now = clock.now();
  const { rows } = await db.query<CurrentScore & { newest_input: Date | null }>(
    `SELECT v.account_id, v.score, v.zone, v.at_risk, v.escalate, v.components, v.reason_codes, v.based_on, v.components_total, v.config_version,
            v.as_of, v.checked_at, v.inputs_through,
            (SELECT max(e.received_at) FROM events e WHERE e.account_id = v.account_id) AS newest_input
     FROM v_current_scores v WHERE v.account_id = $1`,
    [accountId],
  );
  const history = await db.query<{ as_of: Date; score: number; zone: string; config_version: number; kind: string }>(
    `SELECT as_of, score, zone, config_version, kind FROM scores WHERE account_id = $1 AND as_of > $2::timestamptz - make_interval(days => $3) ORDER BY as_of DESC, id DESC`,
    [accountId, now, historyDays],
  );
  const c = rows[0];
  if (!c) return { current: null, history: history.rows };
  const feed = await usageFeedLastAt(db, now);
  const reasons: string[] = [];
  if (c.newest_input && (!c.inputs_through || c.newest_input > c.inputs_through)) reasons.push('newer input arrived since it was computed');
  if (!feed || now.getTime() - feed.getTime() > FEED_STALE_MS) reasons.push('no usage data received for more than 24 hours');
  const { newest_input: _n, ...current } = c;
  return { current: { ...current, based_on: `${c.based_on} of ${c.components_total} components`, stale: reasons.length > 0, stale_reasons: reasons }, history: history.rows };
}

export const ScoreSort = z.enum(['score', '-score']);

export async function listScores(db: Queryable, f: { zone?: string; sort: z.infer<typeof ScoreSort>; limit: number; cursor?: string }) {
  const desc = f.sort === '-score';
  const after = decodeCursor(f.cursor, z.tuple([z.number(), z.string()]));
  const { rows } = await db.query<CurrentScore & { name: string }>(
    `SELECT v.account_id, a.name, v.score, v.zone, v.at_risk, v.escalate, v.reason_codes, v.based_on, v.components_total, v.config_version, v.as_of, v.checked_at, v.inputs_through
     FROM v_current_scores v JOIN accounts a ON a.id = v.account_id
     WHERE ($1::text IS NULL OR v.zone = $1) AND ($2::int IS NULL OR (v.score, v.account_id) ${desc ? '<' : '>'} ($2::int, $3::text))
     ORDER BY v.score ${desc ? 'DESC' : 'ASC'}, v.account_id ${desc ? 'DESC' : 'ASC'} LIMIT $4`,
    [f.zone ?? null, after?.[0] ?? null, after?.[1] ?? null, f.limit + 1],
  );
  const data = rows.slice(0, f.limit).map((r) => ({ ...r, based_on: `${r.based_on} of ${r.components_total} components`, top_reason: r.reason_codes[0]?.text ?? null }));
  const last = rows.length > f.limit ? data[data.length - 1] : undefined;
  return { data, next_cursor: last ? encodeCursor([last.score, last.account_id]) : null };
}
