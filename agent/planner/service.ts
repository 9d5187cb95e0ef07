import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import { withTransaction, type Queryable } from '../../db/transaction';
import type { Play } from '../contracts/common';
import type { PolicyChannel } from '../policy/contract';
import type { PolicySettings } from '../policy/rules';
import { buildPlanner, plan } from './graph';

// The planner's entry points: a play on demand (POST /v1/plays) and the automatic pass over the
// accounts whose score changed.

export interface PlayRequest {
  accountId: string;
  play: Play;
  channel?: PolicyChannel;
}

export interface PlayAnswer {
  outreach_id: string | null;
  decision_id: string;
  status: 'scheduled' | 'blocked';
  scheduled_for: string | null;
  reasons: string[];
}

export async function requestPlay(db: Database, clock: Clock, settings: PolicySettings, r: PlayRequest): Promise<PlayAnswer> {
  return withTransaction(db, async (tx) => {
    const s = await plan(buildPlanner({ db: tx, clock, settings }), {
      accountId: r.accountId, trigger: 'on_demand', at: clock.now().toISOString(), requestedPlay: r.play, requestedChannel: r.channel ?? null,
    });
    return { outreach_id: s.outreachId, decision_id: s.decisionId!, status: s.status === 'scheduled' ? 'scheduled' : 'blocked', scheduled_for: s.scheduledFor, reasons: s.reasons };
  });
}

/** The planner's own pass (score changes, schedules): each account gets the play that fits it, or none. */
export async function planAccounts(tx: Queryable, clock: Clock, settings: PolicySettings, accountIds: string[], trigger: 'score_change' | 'schedule' | 'dunning' | 'alert') {
  const planner = buildPlanner({ db: tx, clock, settings });
  const out = [];
  for (const accountId of accountIds) out.push(await plan(planner, { accountId, trigger, at: clock.now().toISOString() }));
  return out;
}
