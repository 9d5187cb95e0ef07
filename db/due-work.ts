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
  /**
   * When this work handled something, another tick follows at once instead of at the next minute
   * (the sandbox clock: it moved time to when something is due). Once: a follow-up tick is not
   * followed up again.
   */
  followUp?: boolean;
  /** `signal` is aborted when Tenure stops: work that loops checks it between steps. */
  run(db: Database, now: Date, log: Logger, signal?: AbortSignal): Promise<number>;
}

export async function runDueWork(list: readonly DueWork[], db: Database, clock: Clock, log: Logger, signal?: AbortSignal): Promise<Record<string, number>> {
  const now = clock.now();
  const handled: Record<string, number> = {};
  for (const work of list) {
    if (signal?.aborted) break;
    try {
      handled[work.name] = await work.run(db, now, log, signal);
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
    schema: z.object({ follow_up: z.boolean().optional() }),
    cron: '* * * * *',
    policy: 'singleton',
    retryLimit: 0,
    async handler(data, ctx) {
      const handled = await runDueWork(list, ctx.db, ctx.clock, ctx.log, ctx.signal);
      if (Object.values(handled).some((n) => n !== 0)) ctx.log.info({ handled }, 'due work');
      const followUp = list.some((w) => w.followUp && (handled[w.name] ?? 0) > 0);
      if (followUp && !data.follow_up && !ctx.signal?.aborted) await ctx.queue.send('due-work', { follow_up: true });
    },
  });
}
