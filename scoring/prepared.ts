import type pg from 'pg';
import type { Queryable } from '../db/transaction';

// Named statements: PostgreSQL parses and plans them once per connection. For a single account's
// re-score that is most of the work (the measures statement: about 2 ms to parse and plan, 0.5 ms to
// run; bench/score.ts). PostgreSQL only: the embedded PGlite serves every connection from one backend,
// where a name one client prepared collides with the same name from the next client.

/** `text` as a statement named `name` (parsed and planned once per connection), or as itself when `name` is null. */
export function maybeNamed<R extends pg.QueryResultRow>(db: Queryable, name: string | null, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
  if (name === null) return db.query<R>(text, values);
  // pg's query() takes a config with a name where it takes the text; a fresh object each call, as pg writes the values into it
  return db.query<R>({ name, text } as unknown as string, values);
}
