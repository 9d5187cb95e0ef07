import type { Database } from '../../db/database';
import type { DueWork } from '../../db/due-work';
import { withTransaction } from '../../db/transaction';
import { afterScores } from './after-scores';

// The batches of score rows written since the last pass (score_batches_pending, migration 0020),
// oldest first, each in its own transaction: claim the row (SKIP LOCKED: two workers take different
// batches), raise the batch's alerts, open its escalations, delete the row. A failure rolls the batch
// back and leaves its row for the next pass.

/** Raises the alerts and escalations of every pending batch; returns how many batches it handled. */
export async function alertScoreBatches(db: Database, o: { prepared?: boolean; signal?: AbortSignal } = {}): Promise<number> {
  let handled = 0;
  while (!o.signal?.aborted) {
    const done = await withTransaction(db, async (tx) => {
      const { rows } = await tx.query<{ as_of: Date; scored_at: Date }>(
        'SELECT as_of, scored_at FROM score_batches_pending ORDER BY as_of LIMIT 1 FOR UPDATE SKIP LOCKED',
      );
      const batch = rows[0];
      if (!batch) return false;
      await afterScores(tx, { asOf: batch.as_of, now: batch.scored_at, kind: 'change', prepared: o.prepared });
      await tx.query('DELETE FROM score_batches_pending WHERE as_of = $1', [batch.as_of]);
      return true;
    });
    if (!done) break;
    handled++;
  }
  return handled;
}

/** Due work, run right after the re-score sweep: a re-score's alerts come in the same tick. */
export function scoreAlerts(): DueWork {
  return { name: 'score-alerts', run: (db, _now, _log, signal) => alertScoreBatches(db, { prepared: db.kind === 'postgres', signal }) };
}
