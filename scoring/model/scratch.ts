import { PGlite } from '@electric-sql/pglite';
import type { Clock } from '../../db/clock';
import { connect, type Database } from '../../db/database';
import { serveEmbedded } from '../../db/embedded';
import { migrate } from '../../db/migrate';
import { seedDemo } from '../../ingest/demo/seed';

// `tenure model backtest --seed N`: a demo company generated with another seed, in a scratch
// database of its own (an in-memory embedded PostgreSQL, migrated like any other), so the stored
// data is never touched and nothing is left behind. Closing it drops everything.

export async function scratchDemo(clock: Clock, seed: number): Promise<Database> {
  const embedded = await serveEmbedded(await PGlite.create());
  const db = connect(embedded.url, 'pglite', 1, () => embedded.close());
  try {
    await migrate(db);
    await seedDemo(db, clock, { seed });
    return db;
  } catch (e) {
    await db.close();
    throw e;
  }
}
