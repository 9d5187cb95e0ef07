import type { Queryable } from '../db/transaction';

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Inserts a row, or updates the one with the same external id — only the columns given, so a CSV
 * with fewer columns never blanks the others — and says which happened. Sending identical values
 * again changes nothing (not even updated_at): a re-delivery is a no-op.
 */
export async function upsertByExternalId(
  tx: Queryable,
  table: 'accounts' | 'contacts',
  insert: { id: string; external_id: string; now: Date },
  values: Record<string, unknown>,
  /** values Tenure worked out (a zone from a phone number): they fill a blank, never replace a stored value */
  derived: Record<string, unknown> = {},
): Promise<{ id: string; outcome: UpsertOutcome }> {
  const given = Object.keys(values).filter((c) => values[c] !== undefined);
  const filled = Object.keys(derived).filter((c) => derived[c] !== undefined && !given.includes(c));
  const cols = [...given, ...filled];
  for (const c of cols) if (!IDENT.test(c)) throw new Error(`bad column ${c}`);
  const params = [insert.id, insert.external_id, insert.now, ...given.map((c) => values[c]), ...filled.map((c) => derived[c])];
  const placeholders = cols.map((_, i) => `$${i + 4}`);
  const next = (c: string) => (filled.includes(c) ? `COALESCE(${table}.${c}, EXCLUDED.${c})` : `EXCLUDED.${c}`);
  const changed = cols.length ? `(${cols.map((c) => `${table}.${c}`).join(', ')}) IS DISTINCT FROM (${cols.map(next).join(', ')})` : 'false';
  const { rows } = await tx.query<{ id: string; inserted: boolean }>(
    `INSERT INTO ${table} (id, external_id, created_at, updated_at${cols.map((c) => `, ${c}`).join('')})
     VALUES ($1, $2, $3, $3${placeholders.map((p) => `, ${p}`).join('')})
     ON CONFLICT (external_id) DO UPDATE SET updated_at = EXCLUDED.updated_at${cols.map((c) => `, ${c} = ${next(c)}`).join('')}
       WHERE ${changed}
     RETURNING id, (xmax = 0) AS inserted`,
    params,
  );
  if (rows[0]) return { id: rows[0].id, outcome: rows[0].inserted ? 'created' : 'updated' };
  const existing = await tx.query<{ id: string }>(`SELECT id FROM ${table} WHERE external_id = $1`, [insert.external_id]);
  return { id: existing.rows[0]!.id, outcome: 'unchanged' };
}
