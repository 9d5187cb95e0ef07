import type { Queryable } from './transaction';

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * The at-most-once rule for work that touches the outside world (a call, an SMS, a charge): move the
 * row from `from` to `to` (e.g. `queued` → `dialing`) in its own committed statement *before* the
 * call, and make the call only if this returned true. A retried or duplicated job finds the row
 * already moved and does nothing; a crash after the mark leaves it visible for a person, not re-sent.
 * `table` and `column` are code constants, never input.
 */
export async function claimTransition(db: Queryable, table: string, id: string, from: string, to: string, column = 'state'): Promise<boolean> {
  if (!IDENT.test(table) || !IDENT.test(column)) throw new Error(`not an identifier: ${table}.${column}`);
  const r = await db.query(`UPDATE ${table} SET ${column} = $3 WHERE id = $1 AND ${column} = $2`, [id, from, to]);
  return r.rowCount === 1;
}
