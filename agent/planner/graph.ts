import { END, START, StateGraph, StateSchema } from '@langchain/langgraph';
import { z } from 'zod';
import type { Clock } from '../../db/clock';
import type { Queryable } from '../../db/transaction';
import { TenureError } from '../../server/errors';
import { Play } from '../contracts/common';
import { EvaluateResult, PolicyChannel } from '../policy/contract';
import { evaluate } from '../policy/evaluate';
import type { PolicySettings } from '../policy/rules';
import { assess } from './assess';
import { choosePlay, DEFAULT_CHANNEL, PLAY_PURPOSE } from './plays';
import { Trigger, storeDecision } from './store';

// The planner: assess → choose a play → check the policy → schedule at the next allowed time, or
// drop with its reason. A small in-process LangGraph graph without a checkpointer: one run is one
// transaction, and what it decided is in planner_decisions (with its inputs) and outreach.

const PlannerState = new StateSchema({
  accountId: z.string(),
  trigger: Trigger,
  at: z.string(),
  /** a play asked for by a person (on demand, a campaign); absent: the planner chooses */
  requestedPlay: Play.nullable().default(null),
  requestedChannel: PolicyChannel.nullable().default(null),
  campaignId: z.string().nullable().default(null),
  /** a campaign's dry run stores the decision and schedules nothing */
  dryRun: z.boolean().default(false),
  plannedDayCounts: z.record(z.string(), z.number()).default(() => ({})),
  assessment: z.any().nullable().default(null),
  play: Play.nullable().default(null),
  why: z.string().default(''),
  contactId: z.string().nullable().default(null),
  channel: PolicyChannel.nullable().default(null),
  policy: EvaluateResult.nullable().default(null),
  decisionId: z.string().nullable().default(null),
  outreachId: z.string().nullable().default(null),
  status: z.enum(['scheduled', 'blocked', 'no_play']).nullable().default(null),
  scheduledFor: z.string().nullable().default(null),
  reasons: z.array(z.string()).default(() => []),
});
type S = typeof PlannerState.State;

export interface PlannerDeps {
  db: Queryable;
  clock: Clock;
  settings: PolicySettings;
}

export function buildPlanner(deps: PlannerDeps) {
  return new StateGraph(PlannerState)
    .addNode('assess', async (s: S) => {
      const a = await assess(deps.db, s.accountId);
      return { assessment: a, contactId: a.contactId };
    })
    .addNode('choose', (s: S) => {
      if (s.requestedPlay) {
        if (s.requestedPlay === 'payment_recovery' && !s.assessment.state.dunningCaseId) {
          // a campaign lists the account as left out; asked for one account, it is the caller's mistake
          if (s.campaignId) return { play: null, why: 'no open dunning case', reasons: ['no_dunning_case'] };
          throw new TenureError('conflict', `Account ${s.accountId} has no open dunning case to recover`);
        }
        return { play: s.requestedPlay, why: s.campaignId ? `campaign ${s.campaignId}` : 'asked for', channel: s.requestedChannel ?? DEFAULT_CHANNEL[s.requestedPlay] };
      }
      const c = choosePlay(s.assessment.state);
      return { play: c.play, why: c.why, channel: c.play ? (s.requestedChannel ?? DEFAULT_CHANNEL[c.play]) : null };
    })
    .addNode('check', async (s: S) => {
      if (!s.contactId) return { policy: { allowed: false, reasons: [], next_allowed_at: null }, reasons: ['no_contact'] };
      const policy = await evaluate(
        deps.db,
        { contactId: s.contactId, channel: s.channel!, purpose: PLAY_PURPOSE[s.play!], at: s.at },
        { play: s.play, settings: deps.settings, plannedDayCounts: s.plannedDayCounts },
      );
      return { policy, reasons: policy.reasons };
    })
    .addNode('schedule', async (s: S) => {
      const when = s.policy!.allowed ? s.at : s.policy!.next_allowed_at!;
      return storeDecision(deps, s, 'scheduled', new Date(when).toISOString());
    })
    .addNode('drop', async (s: S) => storeDecision(deps, s, s.play ? 'blocked' : 'no_play', null))
    .addEdge(START, 'assess')
    .addEdge('assess', 'choose')
    .addConditionalEdges('choose', (s: S) => (s.play ? 'check' : 'drop'), ['check', 'drop'])
    .addConditionalEdges('check', (s: S) => (s.policy!.allowed || s.policy!.next_allowed_at ? 'schedule' : 'drop'), ['schedule', 'drop'])
    .addEdge('schedule', END)
    .addEdge('drop', END)
    .compile();
}

export type Planner = ReturnType<typeof buildPlanner>;
export type PlannerInput = Pick<S, 'accountId' | 'trigger' | 'at'> & Partial<Pick<S, 'requestedPlay' | 'requestedChannel' | 'campaignId' | 'dryRun' | 'plannedDayCounts'>>;
export type PlannerResult = S;

export async function plan(planner: Planner, input: PlannerInput): Promise<PlannerResult> {
  return (await planner.invoke(input)) as PlannerResult;
}
