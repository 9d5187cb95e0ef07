// The one place that decides which accounts of a scored batch are likely to churn.
//
// Until the churn predictor (issue 16) lands, an account is likely to churn when its zone has
// `escalate`. The predictor plugs in here and nowhere else: add
//   UNION ALL SELECT b.account_id, b.id, 'probability', p.probability FROM <batch> b JOIN <its view> p
//   ON p.account_id = b.account_id WHERE p.probability >= <threshold>
// (the threshold is alertSettings().likelyChurn, passed as the parameter named below, default 0.6).
// An account listed twice opens one escalation (the first reason wins).

/**
 * Rows `(account_id, score_id, trigger, probability, threshold)` from the batch CTE named `batch`;
 * `threshold` is a SQL parameter reference (returned as a column, so the statement always uses it).
 */
export function likelyChurnSql(batch: string, threshold: string): string {
  return `SELECT b.account_id, b.id AS score_id, 'zone'::text AS trigger, NULL::float8 AS probability, ${threshold}::float8 AS threshold FROM ${batch} b WHERE b.escalate`;
}
