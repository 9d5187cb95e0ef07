import { dueWorkJob, type DueWork } from '../db/due-work';
import type { JobDefinition } from '../db/queue';
import { rescoreSweep } from '../ingest/rescore';
import type { AppContext } from './context';

// Every piece of due work, run in this order by the one-minute `due-work` job. Later issues append theirs.
export function allDueWork(ctx: AppContext): DueWork[] {
  return [rescoreSweep(ctx.rescorers)];
}

// Every job type, registered in this order. Later issues append theirs.
export function allJobs(ctx: AppContext): JobDefinition[] {
  return [dueWorkJob(allDueWork(ctx))];
}
