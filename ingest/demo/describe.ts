import type { Queryable } from '../../db/transaction';
import { notFound } from '../../server/errors';
import type { DemoParameters } from './parameters';

// `tenure demo describe`: the stored company's parameters beside the figures it realised, read back
// from the tables (not from the generator), so what is described is what is there.

export interface DemoDescription {
  seed: number;
  parameters: DemoParameters;
  history: { start: string; as_of: string };
  seeded_at: string;
  seconds: number;
  realised: {
    accounts: number;
    active: number;
    churned_in_history: number;
    churn_rate: number;
    voluntary: number;
    involuntary: number;
    /** euros */
    arr_start: number;
    arr_now: number;
    average_arr_start: number;
    plans: Record<string, number>;
    countries: Record<string, number>;
    contacts: number;
    languages: Record<string, number>;
    consents: number;
    team_members: number;
    events: Record<string, number>;
    conversations: number;
    churn_reasons: Record<string, number>;
    /** active accounts that are (secretly) on their way out */
    latent_churners: number;
  };
}

const tally = (rows: { k: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.k, r.n]));

export async function describeDemo(db: Queryable): Promise<DemoDescription> {
  const meta = await db.query<{ seed: string; parameters: DemoParameters; history_start: Date; as_of: Date; seeded_at: Date; seconds: number }>(
    'SELECT seed, parameters, history_start, as_of, seeded_at, seconds FROM demo_company',
  );
  const m = meta.rows[0];
  if (!m) throw notFound('demo company', 'in this database (run `tenure demo seed`)');
  const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows;

  const [accounts] = await q<{ accounts: number; active: number; churned: number; voluntary: number; involuntary: number; arr_now: string; arr_start: string }>(
    `WITH downgrades AS (
       SELECT account_id, sum((payload->>'mrr_before')::bigint - (payload->>'mrr_after')::bigint) AS lost
       FROM events WHERE kind = 'subscription.downgraded' AND occurred_at >= $1 GROUP BY account_id
     ), cancelled AS (
       SELECT account_id, bool_or((payload->>'voluntary')::boolean) AS voluntary
       FROM events WHERE kind = 'subscription.cancelled' AND occurred_at >= $1 AND occurred_at < $2 GROUP BY account_id
     )
     SELECT count(*)::int AS accounts,
            count(*) FILTER (WHERE a.status = 'active')::int AS active,
            count(*) FILTER (WHERE a.churned_at >= $1 AND a.churned_at < $2)::int AS churned,
            count(*) FILTER (WHERE c.voluntary)::int AS voluntary,
            count(*) FILTER (WHERE c.voluntary = false)::int AS involuntary,
            coalesce(sum(a.mrr_minor) FILTER (WHERE a.status = 'active'), 0) * 12 / 100.0 AS arr_now,
            coalesce(sum(a.mrr_minor + coalesce(d.lost, 0)) FILTER (WHERE a.started_at < $1), 0) * 12 / 100.0 AS arr_start
     FROM accounts a LEFT JOIN downgrades d ON d.account_id = a.id LEFT JOIN cancelled c ON c.account_id = a.id`,
    [m.history_start, m.as_of],
  );
  const a = accounts!;
  const arrStart = Number(a.arr_start);
  return {
    seed: Number(m.seed),
    parameters: m.parameters,
    history: { start: m.history_start.toISOString(), as_of: m.as_of.toISOString() },
    seeded_at: m.seeded_at.toISOString(),
    seconds: Math.round(m.seconds * 10) / 10,
    realised: {
      accounts: a.accounts,
      active: a.active,
      churned_in_history: a.churned,
      churn_rate: a.accounts ? Math.round((a.churned / a.accounts) * 1000) / 1000 : 0,
      voluntary: a.voluntary,
      involuntary: a.involuntary,
      arr_start: Math.round(arrStart),
      arr_now: Math.round(Number(a.arr_now)),
      average_arr_start: a.accounts ? Math.round(arrStart / a.accounts) : 0,
      plans: tally(await q('SELECT plan AS k, count(*)::int AS n FROM accounts GROUP BY plan ORDER BY plan')),
      countries: tally(await q('SELECT country AS k, count(*)::int AS n FROM accounts GROUP BY country ORDER BY country')),
      contacts: (await q<{ n: number }>('SELECT count(*)::int AS n FROM contacts'))[0]!.n,
      languages: tally(await q('SELECT language AS k, count(*)::int AS n FROM contacts GROUP BY language ORDER BY language')),
      consents: (await q<{ n: number }>('SELECT count(*)::int AS n FROM consents'))[0]!.n,
      team_members: (await q<{ n: number }>('SELECT count(*)::int AS n FROM team_members'))[0]!.n,
      events: tally(await q('SELECT kind AS k, count(*)::int AS n FROM events GROUP BY kind ORDER BY kind')),
      conversations: (await q<{ n: number }>('SELECT count(*)::int AS n FROM conversations'))[0]!.n,
      churn_reasons: tally(await q('SELECT category AS k, count(*)::int AS n FROM churn_reasons GROUP BY category ORDER BY category')),
      latent_churners: (await q<{ n: number }>('SELECT count(*)::int AS n FROM demo_truth WHERE churn_at >= $1', [m.as_of]))[0]!.n,
    },
  };
}
