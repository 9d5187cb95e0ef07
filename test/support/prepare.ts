import { systemClock } from '../../db/clock';
import type { Database } from '../../db/database';
import { migrate } from '../../db/migrate';
import { Queue } from '../../db/queue';

const quiet = { info() {}, warn() {}, error() {} };

/** What a template database holds: every migration and the queue's own tables. */
export async function prepareTemplate(db: Database): Promise<void> {
  await migrate(db);
  const queue = new Queue(db, { clock: systemClock, log: quiet });
  await queue.start({ work: false });
  await queue.stop();
}
