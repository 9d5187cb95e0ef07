import type { Queryable } from '../db/transaction';

// The overview's figures beside the save list: active accounts and MRR by zone, zone movement over
// the last week (from the zone alerts scoring raised), the latest alerts and the live escalations with
// their next deadline. Read from scoring's published view and its alert and escalation records.

export interface ZoneFigure {
  zone: string;
  at_risk: boolean;
  accounts: number;
  mrr_minor: number;
}

export interface Movement {
  from_zone: string;
  to_zone: string;
  accounts: number;
}

export interface AlertLine {
  id: string;
  account_id: string;
  account_name: string | null;
  as_of: Date;
  kinds: string[];
  previous_zone: string;
  zone: string;
  previous_score: number;
  score: number;
  action: string | null;
}

export interface EscalationLine {
  id: string;
  account_id: string;
  account_name: string | null;
  state: string;
  zone: string;
  opened_at: Date;
  next_step: string | null;
  next_due_at: Date | null;
}

const WEEK_MS = 7 * 86_400_000;

/** From the maintained figures (insights/refresh.ts), highest zone first. */
export async function zoneFigures(db: Queryable): Promise<ZoneFigure[]> {
  const { rows } = await db.query<ZoneFigure & { mrr_minor: string }>('SELECT zone, at_risk, accounts, mrr_minor FROM insight_zone_figures ORDER BY min_score DESC, zone');
  return rows.map((r) => ({ ...r, mrr_minor: Number(r.mrr_minor) }));
}

export async function movementSince(db: Queryable, now: Date): Promise<Movement[]> {
  const { rows } = await db.query<Movement>(
    `SELECT previous_zone AS from_zone, zone AS to_zone, count(*)::int AS accounts FROM alerts
     WHERE as_of > $1 AND as_of <= $2 AND 'zone' = ANY (kinds) GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
    [new Date(now.getTime() - WEEK_MS), now],
  );
  return rows;
}

export async function recentAlerts(db: Queryable, now: Date, limit: number): Promise<{ total: number; rows: AlertLine[] }> {
  const since = new Date(now.getTime() - WEEK_MS);
  const [count, list] = [
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts WHERE as_of > $1 AND as_of <= $2', [since, now]),
    await db.query<AlertLine>(
      `SELECT al.id::text AS id, al.account_id, a.name AS account_name, al.as_of, al.kinds, al.previous_zone, al.zone, al.previous_score, al.score,
              al.suggested_action->>'text' AS action
       FROM alerts al LEFT JOIN accounts a ON a.id = al.account_id
       WHERE al.as_of > $1 AND al.as_of <= $2 ORDER BY al.as_of DESC, al.id DESC LIMIT $3`,
      [since, now, limit],
    ),
  ];
  return { total: count.rows[0]!.n, rows: list.rows };
}

export async function liveEscalations(db: Queryable, limit: number): Promise<{ total: number; rows: EscalationLine[] }> {
  const [count, list] = [
    await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM escalations WHERE state <> 'resolved'`),
    await db.query<EscalationLine>(
      `SELECT e.id, e.account_id, a.name AS account_name, e.state, e.zone, e.opened_at, st.step AS next_step, st.due_at AS next_due_at
       FROM escalations e LEFT JOIN accounts a ON a.id = e.account_id
       LEFT JOIN LATERAL (SELECT step, due_at FROM escalation_steps s WHERE s.escalation_id = e.id AND s.state = 'pending' ORDER BY s.due_at LIMIT 1) st ON true
       WHERE e.state <> 'resolved' ORDER BY st.due_at NULLS LAST, e.opened_at, e.id LIMIT $1`,
      [limit],
    ),
  ];
  return { total: count.rows[0]!.n, rows: list.rows };
}
