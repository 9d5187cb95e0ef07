import type { Formality } from '../contracts';
import type { Compiled } from './lexicon';
import { hits } from './patterns';

// Register: "Hi! quick question :)" is informal, "Dear colleagues, please clarify the timeline" is
// formal. Markers of each are counted, with a few signs read off the raw text (emoji, "!!", a text
// written all in lower case, a greeting with a title).

const EMOJI = /\p{Extended_Pictographic}|[:;]-?[)(DPp]|<3|\bxd\b/giu;
const MULTI_BANG = /[!?]{2,}/;

export function formality(c: Compiled, text: string, folded: string): { label: Formality; score: number } {
  let score = hits(c.formal, folded).length - hits(c.informal, folded).length;
  score -= Math.min(2, (text.match(EMOJI)?.length ?? 0));
  if (MULTI_BANG.test(text)) score -= 1;
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 12 && letters === letters.toLowerCase()) score -= 0.5;
  if (text.length > 80 && score > 0) score += 0.5;
  const label: Formality = score >= 1.5 ? 'formal' : score <= -1 ? 'informal' : 'neutral';
  return { label, score };
}
