import { z } from 'zod';
import type { Lang } from '../contracts/common';
import { E164, Id, Timestamp } from '../../ingest/scalars';

// CONTRACTS.md section 6: the one home of every contact rule. Everything that reaches a customer
// asks `evaluate` first (when scheduling, and again inside the send job's transaction).

export const PolicyChannel = z.enum(['voice', 'sms', 'email']);
export type PolicyChannel = z.infer<typeof PolicyChannel>;

/** Consent and caps are per purpose: payment recovery is transactional, win-back is marketing. */
export const Purpose = z.enum(['transactional', 'service', 'marketing']);
export type Purpose = z.infer<typeof Purpose>;

/** Why a contact is or is not allowed; `consent_assumed` is informational (an unknown number). */
export const PolicyReason = z.enum([
  'consent_assumed',
  'no_consent',
  'suppressed',
  'outside_calling_hours',
  'public_holiday',
  'outside_business_hours',
  'frequency_cap',
  'refusal_cooldown',
  'open_conversation',
  'daily_budget',
  // voice or text to a contact whose zone Tenure cannot tell: no local time can be checked
  'unknown_time_zone',
]);
export type PolicyReason = z.infer<typeof PolicyReason>;

/** A known contact or a bare phone number: exactly one, so the rules never guess which applies. */
const Target = z.strictObject({ contactId: Id.optional(), phone: E164.optional() });
function exactlyOneTarget(t: z.infer<typeof Target>, ctx: z.RefinementCtx): void {
  if ((t.contactId === undefined) === (t.phone === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['contactId'], message: 'give exactly one of contactId or phone' });
  }
}

export const EvaluateInput = Target.extend({ channel: PolicyChannel, purpose: Purpose, at: Timestamp }).superRefine(
  exactlyOneTarget,
);
export type EvaluateInput = z.infer<typeof EvaluateInput>;

export const EvaluateResult = z
  .strictObject({
    allowed: z.boolean(),
    reasons: z.array(PolicyReason),
    // the earliest time the same request would pass; null when allowed now or when no time will do
    // (suppressed, no consent)
    next_allowed_at: Timestamp.nullable(),
  })
  .refine((r) => r.allowed || r.reasons.length > 0, { path: ['reasons'], message: 'a refusal names its reasons' });
export type EvaluateResult = z.infer<typeof EvaluateResult>;

export const SuppressionReason = z.enum(['opt_out_keyword', 'do_not_contact', 'carrier_block', 'admin']);
export type SuppressionReason = z.infer<typeof SuppressionReason>;

export const SuppressInput = Target.extend({
  // absent: every channel
  channel: PolicyChannel.optional(),
  reason: SuppressionReason,
  at: Timestamp,
}).superRefine(exactlyOneTarget);
export type SuppressInput = z.infer<typeof SuppressInput>;

export interface OutreachPolicy {
  evaluate(input: EvaluateInput): Promise<EvaluateResult>;
  /** The one write to `suppressions`: telephony's opt-out words and the agent's do-not-contact tool. */
  suppress(input: SuppressInput): Promise<void>;
  /** The opt-out keyword lists, per language; returns the keyword matched, or null. */
  matchOptOut(text: string, lang?: Lang): string | null;
}
