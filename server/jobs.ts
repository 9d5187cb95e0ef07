import { dueWorkJob } from '../db/due-work';
import type { JobDefinition } from '../db/queue';
import type { AppContext } from './context';

// Every job type, registered in this order. Later issues append theirs (and their due work).
export function allJobs(ctx: AppContext): JobDefinition[] {
  return [dueWorkJob(ctx.dueWork)];
}
