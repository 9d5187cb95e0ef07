import type { Clock } from '../../db/clock';
import type { Queryable } from '../../db/transaction';
import { openEscalations } from '../escalations/open';
import { raiseAlerts } from './detect';

// What follows a batch of score rows (run by ./batches.ts, in a transaction of its own after the
// batch's): alerts and escalations read the rows the batch wrote, set-based, by their shared as-of
// time. A backfill writes the past, which alerts no one. An account already likely to churn when this
// arrived gets its escalation with its next score row (the nightly recompute writes one for all).
export async function afterScores(tx: Queryable, o: { asOf: Date; now: Date; kind: string; /** named statements (PostgreSQL; db/prepared.ts) */ prepared?: boolean }): Promise<void> {
  if (o.kind === 'backfill') return;
  const clock: Clock = { kind: 'fixed', now: () => o.now };
  await raiseAlerts(tx, o);
  await openEscalations(tx, clock, o);
}
