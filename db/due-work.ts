import { z } from 'zod';
import type { Clock } from './clock';
import type { Database } from './database';
import { defineJob, type Logger } from './queue';

/**
 * Due work (CONTRACTS.md section 9): rows with a `due_at` that a one-minute job processes once
 * `due_at <= clock.now()`. Each capability registers one entry; `run` claims its due rows (in its own
 * transaction, e.g. `UPDATE … SET claimed_at = $now WHERE due_at <= $now AND claimed_at IS NULL …
 * RETURNING`) and returns how many it handled. `now` is passed in, so tests choose the time.
 */
export interface DueWork {
  name: string;
  run(db: Database, now: Date, log: Logger): Promise<number>;
}

export async function runDueWork(list: readonly DueWork[], db: Database, clock: Clock, log: Logger): Promise<Record<string, number>> {
  const now = clock.now();
  const handled: Record<string, number> = {};
  for (const work of list) {
    try {
      handled[work.name] = await work.run(db, now, log);
    } catch (err) {
      // one capability's failure must not starve the others; the next tick retries it
      log.error({ err, dueWork: work.name }, 'due work failed');
      handled[work.name] = -1;
    }
  }
  return handled;
}

export function dueWorkJob(list: readonly DueWork[]) {
  return defineJob({
    name: 'due-work',
    schema: z.object({}),
    cron: '* * * * *',
    policy: 'singleton',
    retryLimit: 0,
    async handler(_data, ctx) {
      const handled = await runDueWork(list, ctx.db, ctx.clock, ctx.log);
      if (Object.values(handled).some((n) => n !== 0)) ctx.log.info({ handled }, 'due work');
    },
  });
}
