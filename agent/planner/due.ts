import type { Clock } from '../../db/clock';
import type { DueWork } from '../../db/due-work';
import { withTransaction } from '../../db/transaction';
import type { PolicySettings } from '../policy/rules';
import { planAccounts } from './service';

// The planner's own pass, in the one-minute due work: an account whose current score is at risk
// and an account with an open dunning case get the play that fits them, once per score row and
// once per case (the decision's inputs name both): a blocked account is not planned again until
// its score changes or a new case opens.

const BATCH = 50;

export function plannerSweep(clock: Clock, settings: () => PolicySettings): DueWork {
  return {
    name: 'planner',
    // one batch a tick: the next minute takes the next batch
    async run(db) {
      return withTransaction(db, async (tx) => {
        const { rows } = await tx.query<{ account_id: string; trigger: 'dunning' | 'score_change' }>(
          `(SELECT d.account_id, 'dunning' AS trigger FROM v_dunning_cases d
            WHERE d.closed_at IS NULL
              -- a stopped payment is the customer's decision: a task for the owner, no recovery message
              AND NOT d.cancellation_intent
              AND NOT EXISTS (SELECT 1 FROM planner_decisions p WHERE p.account_id = d.account_id AND p.inputs->'assessment'->'state'->>'dunningCaseId' = d.case_id)
            LIMIT ${BATCH})
           UNION
           (SELECT s.account_id, 'score_change' FROM v_current_scores s
            WHERE s.at_risk
              AND NOT EXISTS (SELECT 1 FROM planner_decisions p WHERE p.account_id = s.account_id AND p.trigger IN ('score_change', 'dunning') AND p.inputs->'assessment'->'state'->>'scoreId' = s.score_id::text)
            LIMIT ${BATCH})`,
        );
        // an account in both lists is planned once: its open case comes first (choosePlay)
        const seen = new Map<string, 'dunning' | 'score_change'>();
        for (const r of rows) if (!seen.has(r.account_id) || r.trigger === 'dunning') seen.set(r.account_id, r.trigger);
        for (const trigger of ['dunning', 'score_change'] as const) {
          const ids = [...seen].filter(([, t]) => t === trigger).map(([id]) => id);
          if (ids.length) await planAccounts(tx, clock, settings(), ids, trigger);
        }
        return seen.size;
      });
    },
  };
}
