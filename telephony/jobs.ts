import { z } from 'zod';
import { policySettings } from '../agent/policy/evaluate';
import { agentFor } from '../agent/runtime';
import type { DueWork } from '../db/due-work';
import { defineJob, type JobDefinition, type Logger } from '../db/queue';
import type { AppContext } from '../server/context';
import { INBOUND_JOB, SEND_JOB, type SmsDeps } from './sms/deps';
import { sendText } from './sms/send';
import { notificationSms } from './sms/notify';
import { sendDueSmsOutreach } from './sms/outreach';
import { handleInbound } from './sms/turn';
import { smsSweep } from './sms/work';
import { twilioFor } from './twilio';
import type { VoiceDeps } from './voice/deps';
import { voiceSettings } from './voice/settings';
import { voiceSweep } from './voice/work';

// SMS's jobs (server/jobs.ts registers them): the send job and the inbound-turn job, both keyed
// by the message row, plus the sweep as due work.

export function smsDeps(ctx: AppContext, log: Logger): SmsDeps {
  return {
    db: ctx.db, clock: ctx.clock, config: ctx.config, log,
    queue: () => queueOf(ctx),
    agent: () => agentFor(ctx.config, ctx.db, ctx.clock),
    twilio: () => twilioFor(ctx.config),
  };
}

/** The queue once the context has one (a CLI process without one leaves rows to the sweep). */
function queueOf(ctx: AppContext) {
  try {
    return ctx.queue;
  } catch {
    return null;
  }
}

const MessageJob = z.object({ messageId: z.string().min(1) });

export function smsJobs(ctx: AppContext): JobDefinition[] {
  return [
    // retryLimit 0 on sending: the row's state is the truth and the sweep picks up what is left
    defineJob({ name: SEND_JOB, schema: MessageJob, retryLimit: 0, handler: async (d, j) => void (await sendText(smsDeps(ctx, j.log), d.messageId)) }),
    defineJob({ name: INBOUND_JOB, schema: MessageJob, retryLimit: 2, handler: (d, j) => handleInbound(smsDeps(ctx, j.log), d.messageId) }),
  ];
}

export const smsDueWork = (ctx: AppContext) => smsSweep((log) => smsDeps(ctx, log));

/** The planner's scheduled texts, once due: the policy asked again, then the conversation opened. */
export const smsOutreachDueWork = (ctx: AppContext): DueWork => ({
  name: 'sms-outreach',
  run: (_db, _now, log) => sendDueSmsOutreach(smsDeps(ctx, log), policySettings(ctx.config)),
});

/** Notifications by SMS (insights/notify's SmsPort): queued in the outbox, sent by the send job. */
export const notificationSmsFor = (ctx: AppContext) => notificationSms(() => smsDeps(ctx, quiet));
const quiet = { info() {}, warn() {}, error() {} };

/** Voice: the SMS work's dependencies without the queue, and voice's own settings. */
export function voiceDeps(ctx: AppContext, log: Logger): VoiceDeps {
  const { queue: _queue, ...rest } = smsDeps(ctx, log);
  return { ...rest, voice: voiceSettings(), afterReply: (work) => ctx.afterReply.start(work, (err) => log.error({ err }, 'voice: work after a webhook failed')) };
}

/** The planner's due calls become call legs, and every leg due is dialled. */
export const voiceDueWork = (ctx: AppContext) => voiceSweep((log) => voiceDeps(ctx, log));
