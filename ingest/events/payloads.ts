import { z } from 'zod';
import { Currency, Id, MinorUnits, Timestamp } from '../scalars';
import { DunningOutcome, ReasonClass } from '../../dunning/contract';
import { OutcomeKind } from '../../agent/contracts/outcome';

// Payload schemas of the event kinds (CONTRACTS.md section 2). Where the contract names fields they
// are kept as named; the rest are ours, chosen so scoring can join events to each other (ticket_id,
// invoice_id, promise_id). All payloads are strict: an unknown field is an error, never silently
// dropped, so a payload can only grow through this file. Money is integer minor units plus an ISO
// 4217 currency; MRR is minor units per month.

const Count = z.number().int().nonnegative();

// ---- usage
export const UsageDaily = z.strictObject({
  active_users: Count,
  sessions: Count,
  key_actions: Count,
  features_used: z.array(z.string().min(1)),
});
export const Login = z.strictObject({ user_id: Id.optional() });
export const FeatureUsed = z.strictObject({
  feature: z.string().min(1),
  user_id: Id.optional(),
  count: z.number().int().positive().default(1),
});

// ---- support
export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export const TicketOpened = z.strictObject({
  ticket_id: Id,
  category: z.string().min(1).optional(),
  priority: TicketPriority.optional(),
});
export const TicketReopened = z.strictObject({ ticket_id: Id });
export const TicketResolved = z.strictObject({
  ticket_id: Id,
  category: z.string().min(1),
  hours_open: z.number().nonnegative(),
});

// ---- voice of customer
export const NpsAnswered = z.strictObject({ score: z.number().int().min(0).max(10), comment: z.string().optional() });
/** CSAT on the usual 1-5 scale. */
export const CsatAnswered = z.strictObject({ score: z.number().int().min(1).max(5), comment: z.string().optional() });
export const CallTopic = z.enum(['technical', 'strategic', 'other']);
export const CallCompleted = z.strictObject({
  duration_s: Count,
  topic: CallTopic,
  direction: z.enum(['inbound', 'outbound']).optional(),
  conversation_id: Id.optional(),
});
export const PromiseParty = z.enum(['customer', 'vendor']);
export const PromiseMade = z.strictObject({
  promise_id: Id,
  by: PromiseParty,
  text: z.string().min(1),
  due_at: Timestamp.optional(),
  conversation_id: Id.optional(),
});
export const PromiseKept = z.strictObject({ promise_id: Id });
/** A note a person wrote about the account (a CSM after a meeting, an email summarised): text scoring listens to. */
export const NoteLogged = z.strictObject({
  text: z.string().trim().min(1).max(10_000),
  lang: z.string().regex(/^[a-z]{2,3}$/, 'expected a language code such as en or fr').optional(),
  author_id: Id.optional(),
});
export const DataExportRequested = z.strictObject({ scope: z.string().min(1).optional() });
export const ContactRole = z.enum(['main', 'sponsor']);
/** The envelope's contact_id is the new contact; the previous one, when known, is here. */
export const ContactChanged = z.strictObject({ role: ContactRole, previous_contact_id: Id.optional() });

// ---- billing
export const InvoiceIssued = z.strictObject({
  invoice_id: Id,
  amount_due: MinorUnits,
  currency: Currency,
  due_at: Timestamp.optional(),
});
export const InvoicePaid = z.strictObject({ invoice_id: Id, amount_paid: MinorUnits, currency: Currency });
/** The raw decline code may be stored for finance; only reason_class travels on to the agent. */
export const PaymentFailed = z.strictObject({
  invoice_id: Id,
  amount_due: MinorUnits,
  currency: Currency,
  decline_code: z.string().min(1).optional(),
  reason_class: ReasonClass,
  attempt: z.number().int().positive().optional(),
});
export const SubscriptionRenewed = z.strictObject({
  subscription_id: Id,
  plan: z.string().min(1).optional(),
  mrr: MinorUnits,
  currency: Currency,
});
export const SubscriptionDowngraded = z.strictObject({
  subscription_id: Id,
  from_plan: z.string().min(1).optional(),
  to_plan: z.string().min(1).optional(),
  mrr_before: MinorUnits,
  mrr_after: MinorUnits,
  currency: Currency,
});
/** The churn label. `voluntary` is false for a cancellation after failed payments. */
export const SubscriptionCancelled = z.strictObject({
  subscription_id: Id,
  voluntary: z.boolean().optional(),
  effective_at: Timestamp.optional(),
});

// ---- results
export const DunningCaseClosed = z.strictObject({ case_id: Id, outcome: DunningOutcome, reason_class: ReasonClass });
export const OutcomeRecorded = z.strictObject({ action_id: Id, outcome: OutcomeKind });
