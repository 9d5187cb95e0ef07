import { z } from 'zod';

// Twilio's webhook parameters, by their real names (golden fixtures in ../simulator/golden/, which
// the simulator builds its webhooks from). Loose: Twilio adds parameters over time, and every one
// of them is part of what it signed.

const Sid = z.string().regex(/^(SM|MM)[0-9a-f]{32}$/, 'expected a Twilio message SID (SM + 32 hex digits)');
const Phone = z.string().min(1).max(40);

export const InboundSms = z.looseObject({
  MessageSid: Sid,
  AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
  From: Phone,
  To: Phone,
  Body: z.string().max(1600),
  NumMedia: z.string().optional(),
  NumSegments: z.string().optional(),
});
export type InboundSms = z.infer<typeof InboundSms>;

export const MessageStatus = z.enum([
  'queued', 'sending', 'sent', 'failed', 'delivered', 'undelivered', 'receiving', 'received', 'accepted', 'scheduled', 'read', 'partially_delivered', 'canceled',
]);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const StatusCallback = z.looseObject({
  MessageSid: Sid,
  MessageStatus,
  AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
  From: Phone.optional(),
  To: Phone.optional(),
  ErrorCode: z.string().regex(/^\d+$/).optional(),
  ErrorMessage: z.string().optional(),
});
export type StatusCallback = z.infer<typeof StatusCallback>;
