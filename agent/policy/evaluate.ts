import type { Clock } from '../../db/clock';
import type { Queryable } from '../../db/transaction';
import type { Config } from '../../server/config';
import { EvaluateInput, EvaluateResult, type OutreachPolicy } from './contract';
import { decide } from './decide';
import { loadFacts } from './facts';
import { matchOptOut } from './opt-out';
import { DEFAULT_SETTINGS, type PolicySettings } from './rules';
import { suppress } from './suppress';

// evaluate() (CONTRACTS.md section 6): load what is known about the contact, then decide. It takes
// any Queryable, so the send job calls it inside the transaction that writes outreach_log and the
// answer cannot go stale between the check and the send.

export interface EvaluateOptions {
  /** the play, for caps that count one play (at most one survey per contact per 90 days) */
  play?: string | null;
  /** the scheduled outreach being sent, which must not count against itself */
  excludeOutreachId?: string | null;
  settings?: PolicySettings;
  /** outreach a dry run has already planned per UTC day, on top of what is stored (a campaign's own) */
  plannedDayCounts?: Record<string, number>;
}

export function policySettings(config: Pick<Config, 'TENURE_BUSINESS_HOURS' | 'TENURE_OUTREACH_DAILY_BUDGET'>): PolicySettings {
  return { businessHours: config.TENURE_BUSINESS_HOURS, dailyBudget: config.TENURE_OUTREACH_DAILY_BUDGET };
}

export async function evaluate(db: Queryable, input: EvaluateInput, opts: EvaluateOptions = {}): Promise<EvaluateResult> {
  const req = EvaluateInput.parse(input);
  const at = new Date(req.at);
  const facts = await loadFacts(db, { contactId: req.contactId, phone: req.phone, channel: req.channel, purpose: req.purpose, at, excludeOutreachId: opts.excludeOutreachId });
  for (const [day, n] of Object.entries(opts.plannedDayCounts ?? {})) facts.dayCounts[day] = (facts.dayCounts[day] ?? 0) + n;
  return EvaluateResult.parse(decide({ channel: req.channel, purpose: req.purpose, play: opts.play ?? null, at }, facts, opts.settings ?? DEFAULT_SETTINGS));
}

/** The OutreachPolicy of the contract, bound to a connection, a clock and the settings. */
export function outreachPolicy(db: Queryable, clock: Clock, settings: PolicySettings = DEFAULT_SETTINGS): OutreachPolicy {
  return {
    evaluate: (input) => evaluate(db, input, { settings }),
    suppress: (input) => suppress(db, clock, input),
    matchOptOut,
  };
}
