import { StateSchema } from '@langchain/langgraph';
import { z } from 'zod';
import { Channel, CloseReason, EndReason } from '../contracts/conversation-port';
import { Play } from '../contracts/common';
import { CustomerAction } from '../../dunning/contract';

// The conversation's working state, checkpointed after every node. The `turns` table stays the
// queryable record; this is what the agent needs to carry on after a restart: where the dialogue
// is, what it heard and what it captured but has not written back yet.

export const Line = z.object({ seq: z.number().int(), role: z.enum(['agent', 'customer']), text: z.string(), turnId: z.string() });
export type Line = z.infer<typeof Line>;

/** What the opening and the dialogue need from the dossier, kept so a restart need not re-read it. */
export const Thread = z.object({
  contact: z.string(),
  account: z.string(),
  ownerId: z.string().nullable(),
  // the last complaint as a phrase in each prompt language, or null: no history, nothing to name
  complaint: z.record(z.string(), z.string()).nullable(),
  amount: z.string().nullable(),
  atRisk: z.boolean(),
  caseId: z.string().nullable(),
  // what the open payment case asks of the customer (CONTRACTS.md section 7's customer_action): the
  // payment-recovery opening is worded by it; absent in checkpoints written before it existed
  payAction: CustomerAction.nullable().default(null),
});
export type Thread = z.infer<typeof Thread>;

export const Captured = z.object({
  nps: z.number().int().min(0).max(10).nullable(),
  // the customer turn that explained the score
  npsWhyTurn: z.string().nullable(),
  // a reason the model recorded with its quote (located in a customer turn at wrap-up)
  reasonQuote: z.string().nullable(),
  promises: z.array(z.object({ by: z.enum(['customer', 'vendor']), text: z.string(), turnId: z.string(), dueInDays: z.number().nullable() })),
});
export type Captured = z.infer<typeof Captured>;

export const ConversationState = new StateSchema({
  conversationId: z.string(),
  accountId: z.string().default(''),
  contactId: z.string(),
  play: Play,
  channel: Channel,
  lang: z.string(),
  promptVersion: z.string().default(''),
  thread: Thread.nullable().default(null),
  opening: z.string().default(''),
  // which question of the play comes next: 0 the opening's, then follow, then more; 3 is done
  step: z.number().int().default(0),
  askedAgain: z.boolean().default(false),
  lines: z.array(Line).default([]),
  // the last customer turn answered; customer turns after it in the `turns` table are unheard
  heardSeq: z.number().int().default(-1),
  // the newest customer turn stored (the input of each run): above heardSeq, there is one to answer
  deliveredSeq: z.number().int().default(-1),
  captured: Captured.default({ nps: null, npsWhyTurn: null, reasonQuote: null, promises: [] }),
  ended: z.object({ reason: EndReason, summary: z.string().optional() }).nullable().default(null),
  closed: CloseReason.nullable().default(null),
  wrapped: z.boolean().default(false),
});
export type ConversationState = typeof ConversationState.State;
export type ConversationUpdate = typeof ConversationState.Update;
