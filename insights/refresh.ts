import type { Clock } from '../db/clock';
import type { Database } from '../db/database';
import type { DueWork } from '../db/due-work';
import { withTransaction, type Queryable, type Tx } from '../db/transaction';
import type { AppContext } from '../server/context';
import { LINK_COLUMNS, LINK_SET, LINK_WINDOWS, LINKS_CHANGED, RELINK_SQL } from './links';

// The maintained rollups (db/migrations/0019_insights.sql), rebuilt from the owners' published views:
// the reason facts (each churn reason with its account's context), the ranked save list and the
// figures by zone. The due work refreshes them every minute; a read that finds them older than a
// minute (or never made: right after a start) refreshes them first, so no figure is staler than that.

export const FRESH_MS = 60_000;

/** Where an account's segment comes from: its `segment` attribute, else its country. One home. */
const SEGMENT_SQL = (a: string) => `coalesce(${a}.attributes->>'segment', ${a}.country)`;

async function refreshFacts(tx: Tx): Promise<void> {
  // New reasons first. Hash joins only: an empty or never-analysed facts table looks free to scan,
  // and a nested-loop anti-join over it would re-read the rows this very insert appends (quadratic).
  await tx.query('SET LOCAL enable_nestloop = off');
  // Their links (insights/links.ts) are computed as they are inserted, over them and the facts already
  // there of the same accounts; an older reason arriving late also relinks the facts after it. In the
  // order they were captured, as the minute's refreshes append them: a period's facts stay together.
  const added = await tx.query(
    `WITH new AS MATERIALIZED (
       SELECT v.id AS reason_id, v.account_id, v.captured_at, v.category, v.detail, v.competitor, v.feature, v.voluntary, v.channel, v.lang, v.conversation_id,
              ${SEGMENT_SQL('a')} AS segment, a.plan, a.owner_id, coalesce(a.mrr_minor, 0) AS mrr_minor, a.status = 'churned' AS churned
       FROM v_churn_reasons v JOIN accounts a ON a.id = v.account_id
       WHERE NOT EXISTS (SELECT 1 FROM insight_reason_facts f WHERE f.reason_id = v.id)),
     linked AS MATERIALIZED (
       SELECT reason_id, is_new, ${LINK_WINDOWS}
       FROM (SELECT reason_id, account_id, captured_at, category, detail, voluntary, channel, lang, true AS is_new FROM new
             UNION ALL
             SELECT reason_id, account_id, captured_at, category, detail, voluntary, channel, lang, false FROM insight_reason_facts
             WHERE account_id IN (SELECT account_id FROM new)) u),
     relinked AS (
       UPDATE insight_reason_facts f SET ${LINK_SET} FROM linked l WHERE NOT l.is_new AND f.reason_id = l.reason_id AND ${LINKS_CHANGED})
     INSERT INTO insight_reason_facts (reason_id, account_id, captured_at, category, detail, competitor, feature, voluntary, channel, lang, conversation_id, segment, plan, owner_id, mrr_minor, churned, ${LINK_COLUMNS.join(', ')})
     SELECT n.*, ${LINK_COLUMNS.map((c) => `l.${c}`).join(', ')} FROM new n JOIN linked l ON l.reason_id = n.reason_id
     ORDER BY n.captured_at
     ON CONFLICT (reason_id) DO NOTHING`,
  );
  await tx.query('SET LOCAL enable_nestloop TO DEFAULT');
  // many new rows (the first build): fresh statistics, so the joins below and the reads plan well
  if ((added.rowCount ?? 0) > 1000) await tx.query('ANALYZE insight_reason_facts');
  // then accounts whose context changed (plan, owner, MRR, churned), and reasons that were corrected
  await tx.query(
    `UPDATE insight_reason_facts f
     SET segment = ${SEGMENT_SQL('a')}, plan = a.plan, owner_id = a.owner_id, mrr_minor = coalesce(a.mrr_minor, 0), churned = a.status = 'churned'
     FROM accounts a
     WHERE a.id = f.account_id
       AND (f.segment, f.plan, f.owner_id, f.mrr_minor, f.churned) IS DISTINCT FROM (${SEGMENT_SQL('a')}, a.plan, a.owner_id, coalesce(a.mrr_minor, 0), a.status = 'churned')`,
  );
  const corrected = await tx.query<{ account_id: string }>(
    `UPDATE insight_reason_facts f
     SET captured_at = v.captured_at, category = v.category, detail = v.detail, competitor = v.competitor, feature = v.feature, voluntary = v.voluntary,
         channel = v.channel, lang = v.lang, conversation_id = v.conversation_id
     FROM v_churn_reasons v
     WHERE v.id = f.reason_id
       AND (f.captured_at, f.category, f.detail, f.competitor, f.feature, f.voluntary, f.channel, f.lang, f.conversation_id)
           IS DISTINCT FROM (v.captured_at, v.category, v.detail, v.competitor, v.feature, v.voluntary, v.channel, v.lang, v.conversation_id)
     RETURNING f.account_id`,
  );
  // a corrected reason (its time, category, detail, channel, language) moves within its account's links
  if (corrected.rows.length > 0) await tx.query(RELINK_SQL, [[...new Set(corrected.rows.map((r) => r.account_id))]]);
}

/**
 * The save list's one definition: active accounts whose current score is in an at-risk zone or whose
 * newest churn probability is at or over the threshold, ranked by MRR × probability (then MRR, id).
 */
async function refreshSaveList(tx: Tx, threshold: number): Promise<void> {
  await tx.query('DELETE FROM insight_save_list');
  await tx.query(
    `INSERT INTO insight_save_list (account_id, rank, value_minor, probability, prior, score, zone, at_risk, owner_id)
     SELECT account_id, row_number() OVER (ORDER BY value DESC, mrr DESC, account_id), value, probability, prior, score, zone, at_risk, owner_id
     FROM (SELECT s.account_id, s.score, s.zone, s.at_risk, p.probability, p.prior, a.owner_id, coalesce(a.mrr_minor, 0) AS mrr,
                  round(coalesce(a.mrr_minor, 0) * coalesce(p.probability, 0))::bigint AS value
           FROM v_current_scores s
           JOIN accounts a ON a.id = s.account_id AND a.status = 'active'
           LEFT JOIN v_current_predictions p ON p.account_id = s.account_id
           WHERE s.at_risk OR p.probability >= $1) c`,
    [threshold],
  );
}

async function refreshZones(tx: Tx): Promise<void> {
  await tx.query('DELETE FROM insight_zone_figures');
  await tx.query(
    `INSERT INTO insight_zone_figures (zone, at_risk, accounts, mrr_minor, min_score)
     SELECT s.zone, bool_or(s.at_risk), count(*), coalesce(sum(a.mrr_minor), 0), min(s.score)
     FROM v_current_scores s JOIN accounts a ON a.id = s.account_id AND a.status = 'active'
     GROUP BY s.zone`,
  );
}

export async function refreshInsights(db: Database | Tx, now: Date, threshold: number): Promise<void> {
  await withTransaction(db, async (tx) => {
    // one refresh at a time: a second one waits, then finds the rollups fresh
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('insights_refresh'))`);
    await refreshFacts(tx);
    await refreshSaveList(tx, threshold);
    await refreshZones(tx);
    await tx.query(
      `INSERT INTO insight_refresh (singleton, refreshed_at) VALUES (true, $1) ON CONFLICT (singleton) DO UPDATE SET refreshed_at = excluded.refreshed_at`,
      [now],
    );
  });
}

async function refreshedAt(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ refreshed_at: Date }>('SELECT refreshed_at FROM insight_refresh');
  return rows[0]?.refreshed_at ?? null;
}

/** Before a read: refresh the rollups when they are older than a minute by the clock (or were never made). */
export async function ensureFresh(db: Database, clock: Clock, threshold: number): Promise<void> {
  const now = clock.now();
  const at = await refreshedAt(db);
  if (at && now.getTime() - at.getTime() < FRESH_MS && at.getTime() <= now.getTime()) return;
  await refreshInsights(db, now, threshold);
}

/** ensureFresh with the app's database, clock and likely-churn threshold. */
export const freshFor = (ctx: AppContext) => ensureFresh(ctx.db, ctx.clock, ctx.config.TENURE_LIKELY_CHURN);

/** Due work: the maintained rollups, once a minute (and expired dashboard sessions removed). */
export function insightsRefresh(threshold: () => number): DueWork {
  return {
    name: 'insights',
    async run(db, now) {
      await db.query('DELETE FROM insight_sessions WHERE expires_at <= $1', [now]);
      const at = await refreshedAt(db);
      if (at && now.getTime() - at.getTime() < FRESH_MS / 2 && at.getTime() <= now.getTime()) return 0;
      await refreshInsights(db, now, threshold());
      return 1;
    },
  };
}
