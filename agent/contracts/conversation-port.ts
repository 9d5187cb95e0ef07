import { z } from 'zod';
import { Lang, Play } from './common';
import { E164, Id, Timestamp } from '../../ingest/scalars';

// CONTRACTS.md section 3: the one door into a conversation. Telephony (voice, SMS) and the text
// harness drive the agent only through this port, so the dialogue never knows its channel's wiring.

export const Channel = z.enum(['voice', 'sms', 'text']);
export type Channel = z.infer<typeof Channel>;

export const CloseReason = z.enum(['hangup', 'socket_error', 'voicemail', 'no_answer', 'idle_timeout', 'opted_out']);
export type CloseReason = z.infer<typeof CloseReason>;

/** Why the agent itself ended a conversation (as opposed to the channel closing under it). */
export const EndReason = z.enum(['completed', 'handoff', 'opted_out', 'error']);
export type EndReason = z.infer<typeof EndReason>;

export const OpenInput = z.strictObject({
  conversationId: Id,
  channel: Channel,
  contactId: Id,
  play: Play,
  lang: Lang,
});
export type OpenInput = z.infer<typeof OpenInput>;

export const CustomerTurnInput = z.strictObject({
  conversationId: Id,
  // CallSid+seq or MessageSid: a turn delivered twice is stored once
  eventId: Id,
  text: z.string(),
  lang: Lang.optional(),
  at: Timestamp,
});
export type CustomerTurnInput = z.infer<typeof CustomerTurnInput>;

export const InterruptedInput = z.strictObject({
  conversationId: Id,
  // what the customer actually heard before barging in; the agent turn is cut to it
  heard: z.string(),
  at: Timestamp,
});
export type InterruptedInput = z.infer<typeof InterruptedInput>;

export const DtmfInput = z.strictObject({
  conversationId: Id,
  digit: z.string().regex(/^[0-9*#A-D]$/, 'expected one keypad digit: 0-9, *, # or A-D'),
  at: Timestamp,
});
export type DtmfInput = z.infer<typeof DtmfInput>;

export const ChannelClosedInput = z.strictObject({ conversationId: Id, reason: CloseReason, at: Timestamp });
export type ChannelClosedInput = z.infer<typeof ChannelClosedInput>;

export const Handoff = z.strictObject({
  // a warm-transfer number on a call; absent means a task for the owner instead
  transferTo: E164.optional(),
  summary: z.string().min(1),
});

export const AgentEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('token'), text: z.string() }),
  z.strictObject({ type: z.literal('turn_end') }),
  z.strictObject({ type: z.literal('language'), lang: Lang }),
  z.strictObject({ type: z.literal('end'), reason: EndReason, handoff: Handoff.optional() }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;

export interface ConversationPort {
  /** Creates the conversation and its thread; the opening line is stored as agent turn 0. */
  open(o: OpenInput): Promise<{ openingLine: string }>;
  /** Idempotent on eventId; the customer turn is durable before the first token is yielded. */
  customerTurn(t: CustomerTurnInput, signal: AbortSignal): AsyncIterable<AgentEvent>;
  /** Barge-in: truncates the last agent turn (row and checkpoint) to what the customer heard. */
  interrupted(i: InterruptedInput): Promise<void>;
  dtmf(d: DtmfInput): AsyncIterable<AgentEvent>;
  channelClosed(c: ChannelClosedInput): Promise<void>;
}
