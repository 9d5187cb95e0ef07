import { z } from 'zod';
import type { Clock } from '../db/clock';
import type { Queryable } from '../db/transaction';
import { periodOf } from './filters';

// Recovery figures for finance, from dunning's published v_dunning_cases (never the raw decline
// codes): the cases opened in the period by reason class and by retry strategy, how many and how
// much was recovered, lost or is still open, and the open cases with their next step.

const Group = z.object({
  reason_class: z.string(),
  strategy: z.string().nullable(),
  cases: z.number().int(),
  failed_attempts: z.number().int(),
  amount_due_minor: z.number().int(),
  recovered_cases: z.number().int(),
  recovered_minor: z.number().int(),
  lost_cases: z.number().int(),
  lost_minor: z.number().int(),
  open_cases: z.number().int(),
  open_minor: z.number().int(),
  /** recovered over closed cases; null while none is closed */
  recovery_rate: z.number().nullable(),
});
export type RecoveryGroup = z.infer<typeof Group>;

export const OpenCase = z.object({
  case_id: z.string(),
  account_id: z.string(),
  account_name: z.string().nullable(),
  reason_class: z.string(),
  state: z.string(),
  amount_due_minor: z.number().int(),
  currency: z.string(),
  attempt_count: z.number().int(),
  opened_at: z.date(),
  next_step: z.string(),
  next_retry_at: z.date().nullable(),
});

export const Recovery = z.object({
  period: z.object({ from: z.date(), until: z.date() }),
  total: Group.omit({ reason_class: true, strategy: true }),
  by_reason: z.array(Group),
  by_reason_and_strategy: z.array(Group),
  open_cases: z.array(OpenCase),
});
export type Recovery = z.infer<typeof Recovery>;

export const RECOVERY_CSV_COLUMNS = ['reason_class', 'strategy', 'cases', 'failed_attempts', 'amount_due_minor', 'recovered_cases', 'recovered_minor', 'lost_cases', 'lost_minor', 'open_cases', 'open_minor', 'recovery_rate'] as const;

const SQL = `
SELECT reason_class, CASE WHEN grouping(retry) = 0 THEN retry END AS strategy, grouping(reason_class) AS all_reasons, grouping(retry) AS all_strategies,
       count(*)::int AS cases, coalesce(sum(attempt_count), 0)::int AS failed_attempts, coalesce(sum(amount_due), 0)::bigint AS amount_due_minor,
       count(*) FILTER (WHERE outcome = 'recovered')::int AS recovered_cases, coalesce(sum(amount_due) FILTER (WHERE outcome = 'recovered'), 0)::bigint AS recovered_minor,
       count(*) FILTER (WHERE outcome IN ('lost', 'cancelled'))::int AS lost_cases, coalesce(sum(amount_due) FILTER (WHERE outcome IN ('lost', 'cancelled')), 0)::bigint AS lost_minor,
       count(*) FILTER (WHERE outcome IS NULL)::int AS open_cases, coalesce(sum(amount_due) FILTER (WHERE outcome IS NULL), 0)::bigint AS open_minor
FROM v_dunning_cases
WHERE opened_at >= $1 AND opened_at <= $2
GROUP BY GROUPING SETS ((), (reason_class), (reason_class, retry))`;

// What happens next to a case, in words (dunning's state machine, dunning/cases.ts).
const CASES_SQL = `
SELECT d.case_id, d.account_id, a.name AS account_name, d.reason_class, d.state, d.amount_due AS amount_due_minor, d.currency, d.attempt_count, d.opened_at,
       CASE d.state
         WHEN 'retry_scheduled' THEN 'retry the charge'
         WHEN 'waiting_for_customer' THEN 'customer to ' || replace(d.customer_action, '_', ' ')
         WHEN 'open' THEN 'decide the next step'
         ELSE 'closed: ' || d.state END AS next_step,
       d.next_retry_at
FROM v_dunning_cases d LEFT JOIN accounts a ON a.id = d.account_id
WHERE ($2::boolean OR d.outcome IS NULL)
  AND ($3::timestamptz IS NULL OR (d.opened_at >= $3 AND d.opened_at <= $4))
  AND ($5::text IS NULL OR d.reason_class = $5)
  AND ($6::text IS NULL OR d.retry = $6)
ORDER BY d.opened_at DESC, d.case_id
LIMIT $1`;

/** The cases behind a recovery figure: those opened in the period with this reason (and strategy). */
export async function recoveryCases(db: Queryable, clock: Clock, f: { since: string; until?: string; reason_class?: string; strategy?: string }, limit = 500) {
  const p = periodOf(f, clock);
  const { rows } = await db.query(CASES_SQL, [limit, true, p.from, p.until, f.reason_class ?? null, f.strategy ?? null]);
  return rows.map((r) => OpenCase.parse({ ...r, amount_due_minor: Number(r.amount_due_minor) }));
}

export async function recovery(db: Queryable, clock: Clock, f: { since: string; until?: string }, openLimit = 100): Promise<Recovery> {
  const p = periodOf(f, clock);
  const [groups, open] = [await db.query(SQL, [p.from, p.until]), await db.query(CASES_SQL, [openLimit, false, null, null, null, null])];
  const toGroup = (r: Record<string, unknown>): RecoveryGroup => {
    const closed = Number(r.recovered_cases) + Number(r.lost_cases);
    return Group.parse({
      ...r,
      amount_due_minor: Number(r.amount_due_minor),
      recovered_minor: Number(r.recovered_minor),
      lost_minor: Number(r.lost_minor),
      open_minor: Number(r.open_minor),
      reason_class: r.reason_class ?? '',
      recovery_rate: closed ? Number((Number(r.recovered_cases) / closed).toFixed(4)) : null,
    });
  };
  const rows = groups.rows;
  const total = rows.find((r) => r.all_reasons === 1);
  const byRecovered = (a: RecoveryGroup, b: RecoveryGroup) => b.amount_due_minor - a.amount_due_minor || a.reason_class.localeCompare(b.reason_class) || (a.strategy ?? '').localeCompare(b.strategy ?? '');
  const zero = { cases: 0, failed_attempts: 0, amount_due_minor: 0, recovered_cases: 0, recovered_minor: 0, lost_cases: 0, lost_minor: 0, open_cases: 0, open_minor: 0, recovery_rate: null };
  const { reason_class: _r, strategy: _s, ...totalFigures } = total ? toGroup(total) : { ...zero, reason_class: '', strategy: null };
  return {
    period: { from: p.from, until: p.until },
    total: totalFigures,
    by_reason: rows.filter((r) => r.all_reasons === 0 && r.all_strategies === 1).map(toGroup).sort(byRecovered),
    by_reason_and_strategy: rows.filter((r) => r.all_strategies === 0).map(toGroup).sort(byRecovered),
    open_cases: open.rows.map((r) => OpenCase.parse({ ...r, amount_due_minor: Number(r.amount_due_minor) })),
  };
}
