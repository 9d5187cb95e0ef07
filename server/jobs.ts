import { idleSweep } from '../agent/conversations/idle';
import { outcomeSweep } from '../agent/outcomes/due';
import { agentFor } from '../agent/runtime';
import { dueWorkJob, type DueWork } from '../db/due-work';
import type { JobDefinition } from '../db/queue';
import { intakeJob, intakeSweep, type IntakeDeps } from '../dunning/intake';
import { stripeFor } from '../dunning/stripe';
import { retryDueWork } from '../dunning/retry/execute';
import { sandboxBillingWork } from '../dunning/sandbox-month';
import { predunningWork } from '../dunning/predunning';
import { dunningSettings } from '../dunning/retry/settings';
import { rescoreSweep } from '../ingest/rescore';
import { historyBackfill, nightlyRecompute } from '../scoring/jobs';
import { escalationSweep } from '../scoring/escalations/due';
import { scoreAlerts } from '../scoring/alerts/batches';
import { notificationDelivery, notifiersFor } from '../insights/notify';
import { notificationSmsFor, smsDueWork, smsJobs, smsOutreachDueWork, voiceDueWork } from '../telephony/jobs';
import { plannerSweep } from '../agent/planner/due';
import { policySettings } from '../agent/policy/evaluate';
import { predictionRefresh } from '../scoring/model/predictions';
import { weeklyTraining } from '../scoring/model/jobs';
import { insightsRefresh } from '../insights/refresh';
import { sandboxClockWork } from '../telephony/voice/sandbox-clock';
import type { AppContext } from './context';

// Every piece of due work, run in this order by the one-minute `due-work` job. Later issues append theirs,
// before the score history's backfill (time-budgeted per tick: it runs after the work customers wait
// on) and the sandbox clock (last: it moves time when nothing is due).
export function allDueWork(ctx: AppContext): DueWork[] {
  return [rescoreSweep(ctx.rescorers), scoreAlerts(), intakeSweep(() => dunningDeps(ctx)), sandboxBillingWork(() => ({ db: ctx.db, clock: ctx.clock, config: ctx.config, settings: dunningSettings() })), retryDueWork(() => ({ ...dunningDeps(ctx), settings: dunningSettings() })), predunningWork(() => ({ ...dunningDeps(ctx), settings: dunningSettings() })), outcomeSweep(ctx.clock), idleSweep(() => agentFor(ctx.config, ctx.db, ctx.clock), ctx.config.TENURE_SMS_IDLE_HOURS), escalationSweep(), notificationDelivery(() => notifiersFor(ctx.config, notificationSmsFor(ctx))), smsDueWork(ctx), plannerSweep(ctx.clock, () => policySettings(ctx.config)), smsOutreachDueWork(ctx), voiceDueWork(ctx), predictionRefresh(ctx.clock, () => ctx.config.TENURE_LIKELY_CHURN), insightsRefresh(() => ctx.config.TENURE_LIKELY_CHURN), historyBackfill(ctx.clock), sandboxClockWork(ctx.clock, () => ctx.afterReply.settled())];
}

// Every job type, registered in this order. Later issues append theirs.
export function allJobs(ctx: AppContext): JobDefinition[] {
  return [dueWorkJob(allDueWork(ctx)), intakeJob(() => dunningDeps(ctx)), nightlyRecompute, ...smsJobs(ctx), weeklyTraining(() => ctx.config.TENURE_LIKELY_CHURN)];
}

function dunningDeps(ctx: AppContext): Omit<IntakeDeps, 'log'> {
  return { db: ctx.db, clock: ctx.clock, stripe: () => stripeFor(ctx.config) };
}
