import { z } from 'zod';
import type { Clock } from '../../db/clock';
import type { DueWork } from '../../db/due-work';
import type { Queryable } from '../../db/transaction';
import { asOfMidnight, computeFeatures } from './features';
import { predict, priorProbability, reasonCodes } from './predictor';
import { productionModel } from './versions';

// Predictions: each account's churn probability as of the last midnight, with the model version it
// came from (none: the prior) and its reason codes in plain words, kept as history; the published
// view v_current_predictions holds each account's newest one.

export const Prediction = z.object({
  account_id: z.string(),
  probability: z.number(),
  model_version: z.number().nullable(),
  prior: z.boolean(),
  likely_churn: z.boolean(),
  reason_codes: z.array(z.object({ code: z.string(), text: z.string(), effect: z.number() })),
  as_of: z.date(),
  computed_at: z.date(),
});
export type Prediction = z.infer<typeof Prediction>;

/**
 * Predicts for the given accounts (null: every active one) as of the last midnight, with the
 * production model or the prior, and stores each prediction unless the same one is stored already
 * (a re-run has one effect). Returns how many were written.
 */
export async function refreshPredictions(db: Queryable, clock: Clock, o: { accountIds: string[] | null; threshold: number }): Promise<{ accounts: number; written: number; model_version: number | null }> {
  const now = clock.now();
  const rows = await computeFeatures(db, [asOfMidnight(now)], o.accountIds);
  if (!rows.length) return { accounts: 0, written: 0, model_version: null };
  const production = await productionModel(db);
  const p = production ? predict(production.model, rows) : Float64Array.from(rows, (r) => priorProbability(r.values.score, o.threshold));
  const items = rows.map((r, i) => ({
    account_id: r.account_id,
    probability: Number(p[i]!.toFixed(6)),
    reason_codes: reasonCodes(production?.model ?? null, r),
  }));
  const { rowCount } = await db.query(
    `INSERT INTO predictions (account_id, as_of, probability, model_version, prior, reason_codes, computed_at)
     SELECT i.account_id, $2, i.probability, $3, $3::int IS NULL, i.reason_codes, $4
     FROM jsonb_to_recordset($1::jsonb) AS i (account_id text, probability float8, reason_codes jsonb)
     WHERE NOT EXISTS (SELECT 1 FROM predictions p WHERE p.account_id = i.account_id AND p.as_of = $2
                       AND p.model_version IS NOT DISTINCT FROM $3::int AND p.probability = i.probability)`,
    [JSON.stringify(items), rows[0]!.as_of, production?.version ?? null, now],
  );
  return { accounts: rows.length, written: rowCount ?? 0, model_version: production?.version ?? null };
}

/** One account's current prediction, or null when it has none. */
export async function currentPrediction(db: Queryable, accountId: string, threshold: number): Promise<Prediction | null> {
  const { rows } = await db.query<Omit<Prediction, 'likely_churn'>>(
    'SELECT account_id, probability, model_version, prior, reason_codes, as_of, computed_at FROM v_current_predictions WHERE account_id = $1',
    [accountId],
  );
  return rows[0] ? { ...rows[0], likely_churn: rows[0].probability >= threshold } : null;
}

/**
 * Due work: predictions follow the score. Accounts scored since their newest prediction's midnight,
 * or predicted by another model than the production one, are predicted again (a bounded batch a tick).
 */
export function predictionRefresh(clock: Clock, threshold: () => number, batch = 500): DueWork {
  return {
    name: 'predictions',
    async run(db) {
      const at = asOfMidnight(clock.now());
      const { rows } = await db.query<{ account_id: string }>(
        `WITH prod AS (SELECT max(version) AS v FROM model_versions WHERE promoted)
         SELECT c.account_id FROM current_scores c
         JOIN accounts a ON a.id = c.account_id AND a.status = 'active'
         LEFT JOIN v_current_predictions p ON p.account_id = c.account_id
         WHERE p.account_id IS NULL OR p.as_of < $1 OR p.model_version IS DISTINCT FROM (SELECT v FROM prod)
         ORDER BY c.account_id LIMIT $2`,
        [at, batch],
      );
      if (!rows.length) return 0;
      const r = await refreshPredictions(db, clock, { accountIds: rows.map((x) => x.account_id), threshold: threshold() });
      return r.accounts;
    },
  };
}
