import type { Queryable } from '../../db/transaction';

// The one door to the demo's truth for the churn predictor's backtest: when each churner's trouble
// really began. Only the backtest's scoring of results reads it ("first signal to flag"); no feature,
// score or model does (test/ingest/demo/truth-apart.test.ts keeps the table's name inside ingest/demo/).

export interface DemoOnset {
  account_id: string;
  onset_at: Date;
  churn_at: Date;
}

/** Each demo churner's onset and churn dates (latent churners included); empty without a demo company. */
export async function demoOnsets(db: Queryable): Promise<DemoOnset[]> {
  const { rows } = await db.query<DemoOnset>('SELECT account_id, onset_at, churn_at FROM demo_truth ORDER BY account_id');
  return rows;
}
