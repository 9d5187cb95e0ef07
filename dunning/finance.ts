import { z } from 'zod';
import type { Queryable } from '../db/transaction';

// The finance view of payment recovery: per decline reason, per strategy (what recovered it) and per
// channel (how the customer was reached), the cases, how many recovered, the amount recovered and
// the days it took; and the MRR at risk in open cases. Amounts stay per currency: never summed across.

export const FinanceFilters = z.object({
  opened_from: z.coerce.date().optional(),
  opened_to: z.coerce.date().optional(),
});
export type FinanceFilters = z.infer<typeof FinanceFilters>;

export const FinanceRow = z.object({
  key: z.string(),
  currency: z.string(),
  cases: z.number(),
  closed: z.number(),
  recovered: z.number(),
  /** recovered ÷ closed (open cases have no outcome yet); null with none closed */
  recovery_rate: z.number().nullable(),
  recovered_amount: z.number(),
  avg_days_to_recover: z.number().nullable(),
});
export const FinanceView = z.object({
  by_reason: z.array(FinanceRow),
  by_strategy: z.array(FinanceRow),
  by_channel: z.array(FinanceRow),
  mrr_at_risk: z.array(z.object({ currency: z.string(), amount: z.number(), accounts: z.number() })),
});
export type FinanceView = z.infer<typeof FinanceView>;

// One row per case with its strategy and channel, then grouped three ways.
const CASES = `
  WITH c AS (
    SELECT d.id, d.account_id, d.reason_class, d.currency, d.amount_due, d.state, d.opened_at, d.closed_at,
      CASE WHEN d.state <> 'recovered' THEN 'none'
           ELSE coalesce((SELECT CASE r.reason WHEN 'card_updated' THEN 'card_update' ELSE 'tenure_retry' END FROM dunning_retries r
                          WHERE r.case_id = d.id AND r.state = 'succeeded' ORDER BY r.seq DESC LIMIT 1), 'stripe_or_customer') END AS strategy,
      coalesce((SELECT l.channel FROM outreach_log l WHERE l.account_id = d.account_id AND l.play = 'payment_recovery' AND l.at >= d.opened_at
                  AND (d.closed_at IS NULL OR l.at <= d.closed_at) ORDER BY l.at LIMIT 1), 'none') AS channel
    FROM dunning_cases d
    WHERE ($1::timestamptz IS NULL OR d.opened_at >= $1) AND ($2::timestamptz IS NULL OR d.opened_at < $2)
  )`;
const group = (by: string) => `${CASES}
  SELECT ${by} AS key, currency, count(*)::int AS cases, count(closed_at)::int AS closed, count(*) FILTER (WHERE state = 'recovered')::int AS recovered,
    coalesce(sum(amount_due) FILTER (WHERE state = 'recovered'), 0)::float8 AS recovered_amount,
    (avg(extract(epoch FROM closed_at - opened_at)) FILTER (WHERE state = 'recovered') / 86400)::float8 AS avg_days_to_recover
  FROM c GROUP BY 1, 2 ORDER BY 1, 2`;

export async function financeView(db: Queryable, f: FinanceFilters = {}): Promise<FinanceView> {
  const params = [f.opened_from ?? null, f.opened_to ?? null];
  type Raw = Omit<z.infer<typeof FinanceRow>, 'recovery_rate'>;
  const rows = async (by: string) =>
    (await db.query<Raw>(group(by), params)).rows.map((r) => ({ ...r, recovery_rate: r.closed ? Math.round((r.recovered / r.closed) * 1000) / 1000 : null, avg_days_to_recover: r.avg_days_to_recover === null ? null : Math.round(r.avg_days_to_recover * 10) / 10 }));
  const [by_reason, by_strategy, by_channel] = [await rows('reason_class'), await rows('strategy'), await rows('channel')];
  const risk = await db.query<{ currency: string; amount: number; accounts: number }>(
    `SELECT coalesce(a.currency, d.currency) AS currency, sum(coalesce(a.mrr_minor, 0))::float8 AS amount, count(*)::int AS accounts
     FROM accounts a JOIN (SELECT DISTINCT account_id, currency FROM dunning_cases WHERE closed_at IS NULL) d ON d.account_id = a.id
     GROUP BY 1 ORDER BY 1`,
  );
  return { by_reason, by_strategy, by_channel, mrr_at_risk: risk.rows };
}
