import { z } from 'zod';

// Voice's own settings, read once from the environment (zod at the edge). They are telephony's
// alone, so they live here rather than in server/config.ts.
//   TENURE_VOICEMAIL   message | none   what an answering machine gets: a short, non-sensitive
//                                       message (never a payment detail) or a silent hang-up
//   TENURE_VOICE_STOP_KEY  0-9, * or #  the key announced in every greeting: "stop calling me"
//   TENURE_VOICE_SILENCE_SECONDS        how long a customer may say nothing after the agent spoke
//                                       before the agent says goodbye (a live socket's time, not business time)

const Env = z.object({
  TENURE_VOICEMAIL: z.enum(['message', 'none']).default('message'),
  TENURE_VOICE_STOP_KEY: z.string().regex(/^[0-9*#]$/, 'one keypad key: 0-9, * or #').default('9'),
  TENURE_VOICE_SILENCE_SECONDS: z.coerce.number().min(0.1).max(600).default(20),
});

export interface VoiceSettings {
  voicemail: 'message' | 'none';
  stopKey: string;
  /** seconds the phone rings before Twilio gives up (short enough to hang up before voicemail most times) */
  ringTimeout: number;
  /** attempts in all for one outreach: the first call and the retries after busy, no answer or voicemail */
  maxAttempts: number;
  /** ms of silence after the agent spoke before the call is ended as idle */
  silenceMs: number;
}

let last: { key: string; settings: VoiceSettings } | null = null;

export function voiceSettings(env: NodeJS.ProcessEnv = process.env): VoiceSettings {
  const raw = { TENURE_VOICEMAIL: env.TENURE_VOICEMAIL || undefined, TENURE_VOICE_STOP_KEY: env.TENURE_VOICE_STOP_KEY || undefined, TENURE_VOICE_SILENCE_SECONDS: env.TENURE_VOICE_SILENCE_SECONDS || undefined };
  // every webhook asks: parsed again only when the environment changed
  const key = JSON.stringify(raw);
  if (last?.key === key) return last.settings;
  const e = Env.parse(raw);
  const settings: VoiceSettings = { voicemail: e.TENURE_VOICEMAIL, stopKey: e.TENURE_VOICE_STOP_KEY, ringTimeout: 25, maxAttempts: 3, silenceMs: e.TENURE_VOICE_SILENCE_SECONDS * 1000 };
  last = { key, settings: Object.freeze(settings) };
  return last.settings;
}

/** When a call that did not reach the customer is tried again (the policy is asked again then). */
export function retryDelayMs(outcome: 'busy' | 'no-answer' | 'failed' | 'voicemail'): number | null {
  if (outcome === 'busy') return 15 * 60_000;
  if (outcome === 'no-answer') return 3 * 3_600_000;
  if (outcome === 'voicemail') return 24 * 3_600_000;
  // a failed call (a bad number, a carrier refusal) is not tried again
  return null;
}
