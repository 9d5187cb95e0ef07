// Named statements: PostgreSQL parses and plans them once per connection. On a hot path that is
// much of the work: a single account's re-score's measures statement takes about 2 ms to parse and
// plan and 0.5 ms to run (bench/score.ts); a conversation's store-the-turn statement 1.0–1.5 ms
// unnamed against 0.4–0.7 ms named (bench/conversation.ts). PostgreSQL only: the embedded PGlite
// serves every connection from one backend, where a name one client prepared collides with the
// same name from the next client.

import type { Queryable } from './transaction';

/** A statement's text, or its text under the name it is prepared as on each connection. */
export type Statement = string | { name: string; text: string };

/** `text` as a statement named `name`, or as itself when `name` is null (the embedded database). */
export function named(name: string | null, text: string): Statement {
  // a fresh object each call: pg writes the values into the config it is given
  return name === null ? text : { name, text };
}

/** `text` named `name` when `q` (a database or a transaction) is PostgreSQL, else as itself. */
export function namedOn(q: Queryable, name: string, text: string): Statement {
  return named(q.kind === 'postgres' ? name : null, text);
}
