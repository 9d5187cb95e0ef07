import type { Clock } from '../db/clock';
import type { Database } from '../db/database';
import type { Config } from '../server/config';
import { ModelClient, modelSettings } from './models/client';
import type { ToolPolicy } from './models/policy';
import { RemoteUnderstanding } from './models/understanding';
import { Conversations } from './graph/port';
import { offlineProvider } from './understanding';

// The agent as the app runs it: the configured limits, the remote model when one is set (with the
// offline provider behind it), the scripted dialogue otherwise.

/** Above TENURE_MAX_DISCOUNT_PERCENT and up to this, a CSM may approve; above it, refused. */
export const APPROVAL_CEILING_PERCENT = 50;

export function toolPolicy(config: Pick<Config, 'TENURE_MAX_DISCOUNT_PERCENT'>): ToolPolicy {
  return { maxDiscountPercent: config.TENURE_MAX_DISCOUNT_PERCENT, approvalCeilingPercent: Math.max(APPROVAL_CEILING_PERCENT, config.TENURE_MAX_DISCOUNT_PERCENT), maxPauseMonths: 1 };
}

export function startAgent(config: Config, db: Database, clock: Clock): Promise<Conversations> {
  const settings = modelSettings(config);
  const remote = settings ? new RemoteUnderstanding(settings, { clock }) : null;
  return Conversations.create({
    db, clock, policy: toolPolicy(config),
    understanding: remote ?? offlineProvider,
    chat: settings ? new ModelClient(settings, { clock }) : null,
  });
}

const started = new WeakMap<Database, Promise<Conversations>>();

/** One agent per database in this process (its checkpointer shares the database's pool). */
export function agentFor(config: Config, db: Database, clock: Clock): Promise<Conversations> {
  let agent = started.get(db);
  if (!agent) {
    agent = startAgent(config, db, clock);
    agent.catch(() => started.delete(db));
    started.set(db, agent);
  }
  return agent;
}
