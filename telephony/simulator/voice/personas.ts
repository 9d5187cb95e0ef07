import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Lang, Play } from '../../../agent/contracts/common';
import { E164 } from '../../../ingest/scalars';

// A voice persona: a simulated customer who answers (or not) a call. How the network treats the call
// (a person, an answering machine, no answer, busy), then a script played over ConversationRelay, one
// step at a time: say a line (a `prompt`, after the agent finished speaking), interrupt the agent's
// last answer after some words, press a key, drop the socket, hang up. `expect` is the records the
// conversation must end with (checked by test/telephony/voice/personas.db.test.ts).

const Step = z.union([
  z.strictObject({ say: z.string().min(1), lang: Lang.optional() }),
  // barge in on what the agent is saying, having heard only its first `after_words` words
  z.strictObject({ interrupt: z.strictObject({ after_words: z.number().int().min(1) }) }),
  z.strictObject({ press: z.string().regex(/^[0-9*#]$/) }),
  z.strictObject({ drop: z.literal(true) }),
  z.strictObject({ hangup: z.literal(true) }),
  // say nothing more, and stay on the line until Tenure ends the call
  z.strictObject({ silent: z.literal(true) }),
]);
export type Step = z.infer<typeof Step>;

export const VoicePersona = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/),
  phone: E164,
  lang: Lang,
  play: Play,
  // the network's part: who or what picks up
  answer: z.enum(['human', 'machine', 'no-answer', 'busy']),
  script: z.array(Step).default([]),
  expect: z.strictObject({
    status: z.enum(['open', 'completed']),
    end_reason: z.string().nullable(),
    nps: z.number().int().min(0).max(10).nullable(),
    reason: z.string().nullable(),
    promise: z.boolean(),
    opted_out: z.boolean(),
    // what became of the first call's outreach, and whether a second call was queued
    result: z.enum(['answered', 'no_answer', 'voicemail']),
    retried: z.boolean(),
  }),
});
export type VoicePersona = z.infer<typeof VoicePersona>;

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'personas', 'voice');

export function loadVoicePersonas(dir = DIR): VoicePersona[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = VoicePersona.safeParse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      if (!parsed.success) throw new Error(`voice persona ${f}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}

/**
 * Sandbox: who answers a number no persona has (the demo company's contacts). A persona picked by
 * the number, so the same contact always behaves the same; most answer, some do not.
 */
export function sandboxVoiceFallback(personas: VoicePersona[]): (phone: string) => VoicePersona | undefined {
  const pool = personas.filter((p) => p.play !== 'payment_recovery');
  return (phone) => {
    if (!pool.length) return undefined;
    let h = 0;
    for (const ch of phone) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    const p = pool[h % pool.length]!;
    return { ...p, phone, script: p.script.filter((s) => !('drop' in s)) };
  };
}
