import { z } from 'zod';
import { Id, Timestamp } from '../../ingest/scalars';

// CONTRACTS.md section 8: what became of an action; the churn model trains on these rows.
// "saved" means at risk, contacted, and still active 30 days later; the churn label itself is the
// `subscription.cancelled` event, not an outcome.

export const OutcomeKind = z.enum(['replied', 'saved', 'churned', 'recovered', 'renewed', 'no_response']);
export type OutcomeKind = z.infer<typeof OutcomeKind>;

export const Outcome = z.strictObject({
  account_id: Id,
  action_id: Id.optional(),
  kind: OutcomeKind,
  at: Timestamp,
  // what the outcome was judged on, so it can be audited and recomputed
  evidence: z.strictObject({
    event_ids: z.array(Id).default([]),
    conversation_ids: z.array(Id).default([]),
    note: z.string().max(1000).optional(),
  }),
});
export type Outcome = z.infer<typeof Outcome>;
