import { z } from 'zod';

// The ConversationRelay WebSocket protocol (research notes §1.2–1.3). Every frame from Twilio is
// parsed into one typed union; numbers and booleans are accepted in the string forms the docs also
// show ("460", "true"). Frames to Twilio are built only through the `out` helpers below.

const Num = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]);
const Bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);

export const RelayMessage = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('setup'),
    sessionId: z.string(),
    callSid: z.string(),
    accountSid: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    direction: z.string().optional(),
    callStatus: z.string().optional(),
    customParameters: z.record(z.string(), z.string()).default({}),
  }),
  z.looseObject({ type: z.literal('prompt'), voicePrompt: z.string(), lang: z.string().optional(), last: Bool.default(true) }),
  z.looseObject({ type: z.literal('interrupt'), utteranceUntilInterrupt: z.string().default(''), durationUntilInterruptMs: Num.optional() }),
  z.looseObject({ type: z.literal('dtmf'), digit: z.union([z.string(), z.number().transform(String)]) }),
  z.looseObject({ type: z.literal('error'), description: z.string().default('') }),
]);
export type RelayMessage = z.infer<typeof RelayMessage>;

export function parseRelayMessage(raw: string): RelayMessage | { type: 'invalid'; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { type: 'invalid', problem: 'not JSON' };
  }
  const m = RelayMessage.safeParse(json);
  return m.success ? m.data : { type: 'invalid', problem: m.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

export type RelayOut =
  | { type: 'text'; token: string; last: boolean }
  | { type: 'language'; ttsLanguage: string; transcriptionLanguage: string }
  | { type: 'end'; handoffData?: string };

export const out = {
  text: (token: string, last: boolean): RelayOut => ({ type: 'text', token, last }),
  language: (tag: string): RelayOut => ({ type: 'language', ttsLanguage: tag, transcriptionLanguage: tag }),
  // handoffData is a string (JSON) that comes back in the <Connect action> callback
  end: (handoff: object): RelayOut => ({ type: 'end', handoffData: JSON.stringify(handoff) }),
};
