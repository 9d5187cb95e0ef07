// The one place that decides which accounts of a scored batch are likely to churn.
//
// An account is likely to churn when its zone has `escalate`, or when the churn predictor's current
// probability (v_current_predictions, scoring/model/) is at or above the likely-churn threshold
// (alertSettings().likelyChurn, passed as the parameter named below, default 0.6). Predictions are
// refreshed after the score, so a batch reads the account's previous prediction.
// An account listed twice opens one escalation (the first reason wins).

/**
 * Rows `(account_id, score_id, trigger, probability, threshold)` from the batch CTE named `batch`;
 * `threshold` is a SQL parameter reference (returned as a column, so the statement always uses it).
 */
export function likelyChurnSql(batch: string, threshold: string): string {
  return `SELECT b.account_id, b.id AS score_id, 'zone'::text AS trigger, NULL::float8 AS probability, ${threshold}::float8 AS threshold FROM ${batch} b WHERE b.escalate
    UNION ALL
    SELECT b.account_id, b.id AS score_id, 'probability'::text AS trigger, p.probability, ${threshold}::float8 AS threshold
    FROM ${batch} b JOIN v_current_predictions p ON p.account_id = b.account_id WHERE p.probability >= ${threshold}::float8`;
}
