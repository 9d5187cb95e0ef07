import { fold } from './normalize';
import type { Transcript } from './provider';

// A verbatim is the customer's own words: it must be found in a customer turn. Comparison ignores
// case, accents, spacing and punctuation; the answer is the turn and the offsets of the words there.

export interface Located {
  turn_id: string;
  span: [number, number];
  /** The turn's text at those offsets: what to store as the verbatim. */
  text: string;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Letters and digits of text, folded, with the offset each came from. */
function skeleton(text: string): { chars: string; at: number[] } {
  const folded = fold(text);
  let chars = '';
  const at: number[] = [];
  for (let i = 0; i < folded.length; i++) {
    const ch = folded[i]!;
    if (WORD_CHAR.test(ch)) {
      chars += ch;
      at.push(i);
    }
  }
  return { chars, at };
}

/** Where the verbatim is in a customer turn of the transcript, or null: not the customer's words. */
export function locateVerbatim(transcript: Transcript, verbatim: string): Located | null {
  const wanted = skeleton(verbatim).chars;
  if (!wanted) return null;
  for (const turn of transcript.turns) {
    if (turn.speaker !== 'customer') continue;
    const { chars, at } = skeleton(turn.text);
    const i = chars.indexOf(wanted);
    if (i < 0) continue;
    const start = at[i]!;
    const end = at[i + wanted.length - 1]! + 1;
    return { turn_id: turn.id, span: [start, end], text: turn.text.slice(start, end) };
  }
  return null;
}
