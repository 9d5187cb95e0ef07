import type { Queryable } from '../db/transaction';

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
