import type { DueWork } from '../db/due-work';
import { withTransaction, type Queryable, type Tx } from '../db/transaction';

/**
 * Hands the accounts waiting for a new score to the scorer, oldest first, removing their marks in
 * the caller's transaction: if scoring fails the transaction rolls back and the marks stay. Many
 * events for one account since the last sweep make one mark, so one rescore. Concurrent sweepers
 * on PostgreSQL take disjoint accounts (SKIP LOCKED).
 */
export async function takeRescoreDue(tx: Queryable & { inTransaction: true }, limit: number): Promise<{ account_id: string; since: Date }[]> {
  const { rows } = await tx.query<{ account_id: string; since: Date }>(
    `DELETE FROM rescore_due WHERE account_id IN (
       SELECT account_id FROM rescore_due ORDER BY since, account_id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING account_id, since`,
    [limit],
  );
  return rows.sort((a, b) => a.since.getTime() - b.since.getTime());
}

/** Scoring's entry point: re-score these accounts, inside the sweep's transaction. */
export type Rescorer = (tx: Tx, accountIds: string[]) => Promise<void>;

/**
 * The sweeper (due work, every minute): drains the marks in batches and hands each batch to the
 * registered rescorers. With none registered (before scoring exists) it leaves the marks in place,
 * so the first scorer to arrive finds every account that changed.
 */
export function rescoreSweep(rescorers: readonly Rescorer[], batch = 200): DueWork {
  return {
    name: 'rescore',
    async run(db) {
      if (rescorers.length === 0) return 0;
      let handled = 0;
      for (;;) {
        const taken = await withTransaction(db, async (tx) => {
          const due = await takeRescoreDue(tx, batch);
          const ids = due.map((d) => d.account_id);
          if (ids.length) for (const rescore of rescorers) await rescore(tx, ids);
          return ids.length;
        });
        handled += taken;
        if (taken < batch) return handled;
      }
    },
  };
}
