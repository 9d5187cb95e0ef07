import { z } from 'zod';

// Twilio's voice webhook parameters, by their real names. Loose: Twilio adds parameters over time,
// and every one of them is part of what it signed.

const CallSid = z.string().regex(/^CA[0-9a-f]{32}$/, 'expected a Twilio call SID (CA + 32 hex digits)');
const AccountSid = z.string().regex(/^AC[0-9a-fA-F]{32}$/);

export const CallStatus = z.enum(['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']);
export type CallStatus = z.infer<typeof CallStatus>;

export const CallStatusCallback = z.looseObject({
  CallSid,
  AccountSid,
  CallStatus,
  AnsweredBy: z.string().optional(),
  CallDuration: z.string().regex(/^\d+$/).optional(),
  SequenceNumber: z.string().optional(),
  ErrorCode: z.string().regex(/^\d+$/).optional(),
  ErrorMessage: z.string().optional(),
});
export type CallStatusCallback = z.infer<typeof CallStatusCallback>;

export const AnsweredBy = z.enum(['human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown']);

export const AmdCallback = z.looseObject({
  CallSid,
  AccountSid,
  AnsweredBy,
  MachineDetectionDuration: z.string().optional(),
});
export type AmdCallback = z.infer<typeof AmdCallback>;

/** <Connect action>: the ConversationRelay session ended (names from community samples; research notes §1.4). */
export const ConnectAction = z.looseObject({
  CallSid,
  AccountSid,
  CallStatus: CallStatus.optional(),
  SessionStatus: z.string().optional(),
  SessionDuration: z.string().optional(),
  HandoffData: z.string().optional(),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});
export type ConnectAction = z.infer<typeof ConnectAction>;
