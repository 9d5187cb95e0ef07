import { hear, hearingLang } from './analyze';
import { COMPILED, type OfflineLang } from './lexicon';
import { hits } from './patterns';
import type { Commitment, ConversationSummary, Transcript } from './provider';
import { extractReason } from './reason';
import { classifySentiment } from './model';
import { sentenceAround } from './text';
import { fold } from './normalize';

// A short, neutral summary of a conversation (in English, whatever the language spoken), and the
// promises made by either side, each quoted from its turn with its offsets.

const FAMILY_WORDS: Record<string, string> = {
  hesitation: 'hesitation about continuing',
  competitor: 'another vendor',
  no_results: 'results not seen',
  budget: 'budget pressure',
  conditional_future: 'conditions on continuing',
  ultimatum: 'an ultimatum',
  repeated_request: 'a request made before',
  data_export: 'exporting their data',
  cancellation: 'cancelling',
  pause: 'pausing',
  price: 'the price',
  quality: 'product problems',
  support: 'support',
};

export function summarize(conversation: Transcript): ConversationSummary {
  const customerTurns = conversation.turns.filter((t) => t.speaker === 'customer' && t.text.trim());
  const promises: Commitment[] = [];
  const families = new Set<string>();
  const competitors = new Set<string>();
  const tones: string[] = [];
  let lang: OfflineLang | null = null;
  for (const turn of conversation.turns) {
    const turnLang = turn.lang ?? conversation.lang;
    // an agent turn is read for its promises only: its language, not all that hear() works out
    const l = hearingLang(turn.text, turnLang);
    lang ??= l;
    for (const p of hits(COMPILED[l].promises, fold(turn.text))) {
      const [s, e] = sentenceAround(turn.text, p.start, p.end);
      if (promises.some((x) => x.turn_id === turn.id && x.span[0] === s)) continue;
      promises.push({ by: turn.speaker, text: turn.text.slice(s, e), turn_id: turn.id, span: [s, e] });
    }
    if (turn.speaker !== 'customer') continue;
    // heard once for this transcript: the reason below and the wrap-up read the same turns
    const h = hear(turn.text, turnLang, conversation);
    for (const r of h.risks) families.add(r.family);
    for (const c of h.competitors) competitors.add(c.name);
    tones.push(classifySentiment(h));
  }
  const reason = extractReason(conversation);
  const parts: string[] = [];
  parts.push(`${conversation.turns.length} turns, ${customerTurns.length} from the customer${lang ? ` (${lang})` : ''}.`);
  if (families.size) parts.push(`The customer raised ${[...families].map((f) => FAMILY_WORDS[f]).join(', ')}.`);
  else parts.push('The customer raised no risk.');
  if (competitors.size) parts.push(`Vendors named: ${[...competitors].join(', ')}.`);
  if (reason) parts.push(`Stated reason: ${reason.detail.toLowerCase()}.`);
  if (tones.length) {
    const last = tones[tones.length - 1];
    parts.push(`Tone: ${tones[0] === last ? last : `${tones[0]}, then ${last}`}.`);
  }
  if (promises.length) parts.push(`${promises.length} promise${promises.length > 1 ? 's' : ''} made.`);
  return { summary: parts.join(' '), promises };
}
