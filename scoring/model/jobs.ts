import { z } from 'zod';
import { defineJob } from '../../db/queue';
import { withTransaction } from '../../db/transaction';
import { trainVersion } from './versions';

// The weekly training: a new candidate each Monday at 04:00 UTC, kept as a version and promoted
// only when it is not worse than the production model (scoring/model/versions.ts).
export function weeklyTraining(threshold: () => number) {
  return defineJob({
    name: 'model-train',
    schema: z.object({}),
    cron: '0 4 * * 1',
    policy: 'singleton',
    retryLimit: 1,
    async handler(_data, ctx) {
      const r = await withTransaction(ctx.db, (tx) => trainVersion(tx, ctx.clock, { threshold: threshold() }));
      ctx.log.info({ status: r.status, version: r.version?.version, churned_accounts: r.churned_accounts }, r.message);
    },
  });
}
