import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Lang, Play } from '../../agent/contracts/common';
import { E164 } from '../../ingest/scalars';

// A persona is a simulated customer in a data file: who they are, how they answer the play's
// questions (one reply per text they receive, in order), when they go silent or say STOP, how the
// network treats texts to them, and the records their conversation must end with.

export const Persona = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]+$/),
  phone: E164,
  lang: Lang,
  disposition: z.enum(['promoter', 'passive', 'detractor', 'unreachable', 'silent']),
  play: Play,
  // one reply per text received; when they run out the persona stays silent
  replies: z.array(z.string().min(1)),
  // the network's answer to texts sent to this phone: a delivery error code on the first `times`
  failure: z.strictObject({ error_code: z.number().int(), times: z.number().int().min(1).default(1) }).optional(),
  expect: z.strictObject({
    status: z.enum(['open', 'completed']),
    end_reason: z.string().nullable(),
    nps: z.number().int().min(0).max(10).nullable(),
    // a substring of the customer's words stored as the NPS comment
    nps_comment: z.string().nullable(),
    // the churn reason's category, or null for none
    reason: z.string().nullable(),
    promise: z.boolean(),
    opted_out: z.boolean(),
    // how many texts the persona receives in all (the opening, the replies, a confirmation)
    texts_received: z.number().int().min(0),
  }),
});
export type Persona = z.infer<typeof Persona>;

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'personas');

/** Every persona file, checked; a bad file stops with its name and the problem. */
export function loadPersonas(dir = DIR): Persona[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const parsed = Persona.safeParse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      if (!parsed.success) throw new Error(`persona ${f}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return parsed.data;
    });
}
