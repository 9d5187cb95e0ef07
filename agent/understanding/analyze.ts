import type { ChurnCategory, RiskFamily, TurnAnalysisBody } from '../contracts';
import { findCompetitors, type CompetitorHit } from './competitor';
import { formality } from './formality';
import { detectLang, offlineLang } from './lang';
import { COMPILED, type Compiled, type OfflineLang } from './lexicon';
import { negatedAt } from './negation';
import { fold } from './normalize';
import { hits, type Hit } from './patterns';
import { sentiment, type SentimentResult } from './sentiment';
import { sentenceAround, tokenAt, tokenize, type Token } from './text';

// Everything the offline provider hears in one turn, with the intermediate facts the reason
// classifier reads as lexicon evidence. analyzeTurn (offline.ts) keeps the contract's part.

export const OFFLINE_VERSION = 'offline-1';

export interface Risk {
  family: RiskFamily;
  start: number;
  end: number;
  text: string;
  confidence: number;
}

export interface Heard {
  lang: OfflineLang;
  /** The language as asked or detected (may be one with no lexicon, e.g. de: then English rules). */
  reportedLang: string;
  text: string;
  folded: string;
  tokens: Token[];
  c: Compiled;
  risks: Risk[];
  /** Risk phrases heard but negated, dismissed or said to be over. */
  cancelled: { family: RiskFamily; why: 'negated' | 'dismissed' | 'resolved' }[];
  hedged: boolean;
  sentiment: SentimentResult;
  competitors: CompetitorHit[];
  features: { text: string; key: string }[];
  formality: ReturnType<typeof formality>;
  cancellation: boolean;
  /** Lexicon evidence per churn-reason category: where its cues are (dismissed ones left out). */
  reasonHits: [ChurnCategory, Hit[]][];
  /** Categories whose cues were all heard under a negation ("no complaints about the price"). */
  negatedCues: ChurnCategory[];
}

/** A dismissal counts for a phrase when it starts within this many characters after it, in its sentence. */
const DISMISSAL_REACH = 64;
const SENTENCE_MARK = /[.!?;\n]/;

function dismissedAfter(dismissals: Hit[], text: string, end: number): boolean {
  for (const d of dismissals) {
    if (d.start < end) continue;
    if (d.start - end > DISMISSAL_REACH) return false;
    for (let i = end; i < d.start; i++) if (SENTENCE_MARK.test(text[i]!)) return false;
    return true;
  }
  return false;
}

/** The turns heard for each scope (a transcript), kept while the scope lives. */
const heardIn = new WeakMap<object, Map<string, Heard>>();

/** The language a turn is heard in: the one asked when it has a lexicon, else the one detected. */
export function hearingLang(text: string, lang?: string): OfflineLang {
  return (lang ? offlineLang(lang) : null) ?? detectLang(text);
}

/**
 * What one turn says. With a `scope` (the transcript a wrap-up reads for its summary, its reason and
 * each turn's analysis), each text is heard once per language for as long as the scope lives: the
 * same words give the same Heard, and none of its readers change it. Without one, heard afresh.
 */
export function hear(text: string, lang?: string, scope?: object): Heard {
  if (!scope) return listen(text, lang);
  const l = hearingLang(text, lang);
  let memo = heardIn.get(scope);
  if (!memo) heardIn.set(scope, (memo = new Map()));
  const key = `${l}\u0000${text}`;
  let h = memo.get(key);
  if (!h) memo.set(key, (h = listen(text, l)));
  // only the reported language depends on how it was asked (de is heard with the English rules)
  const reported = lang ?? l;
  return h.reportedLang === reported ? h : { ...h, reportedLang: reported };
}

function listen(text: string, lang?: string): Heard {
  const asked = lang ? offlineLang(lang) : null;
  const l = asked ?? detectLang(text);
  const c = COMPILED[l];
  const folded = fold(text);
  const tokens = tokenize(folded, l);
  const cancelled: Heard['cancelled'] = [];
  let risks: Risk[] = [];
  const hedgeHits = hits(c.hedges, folded);
  const dismissals = hits(c.dismissal, folded);

  const keep = (family: RiskFamily, h: Hit): boolean => {
    // a pattern may end on the spaces before a look-ahead: the phrase stops at its last word
    while (h.end > h.start && /\s/.test(text[h.end - 1]!)) h.end--;
    if (negatedAt(c, tokens, tokenAt(tokens, h.start))) {
      cancelled.push({ family, why: 'negated' });
      return false;
    }
    if (dismissedAfter(dismissals, folded, h.end)) {
      cancelled.push({ family, why: 'dismissed' });
      return false;
    }
    return true;
  };
  const confidence = (h: Hit) => {
    if (hedgeHits.length === 0) return 0.85;
    const [s, e] = sentenceAround(text, h.start, h.end);
    const hedged = hedgeHits.some((x) => x.start >= s && x.end <= e && (x.end <= h.start || x.start >= h.end));
    return hedged ? 0.6 : 0.85;
  };
  for (const [family, re] of c.risks) {
    for (const h of hits(re, folded)) {
      if (!keep(family, h)) continue;
      risks.push({ family, start: h.start, end: h.end, text: text.slice(h.start, h.end), confidence: confidence(h) });
    }
  }

  const reasonHits: [ChurnCategory, Hit[]][] = [];
  const negatedCues: ChurnCategory[] = [];
  for (const [category, re] of c.reasons) {
    const found = hits(re, folded).filter((h) => !dismissedAfter(dismissals, folded, h.end));
    if (!found.length) continue;
    // a negated cue still names the topic ("no answer to our tickets" is about support)
    const plain = found.filter((h) => !negatedAt(c, tokens, tokenAt(tokens, h.start)));
    if (plain.length) reasonHits.push([category, plain]);
    else negatedCues.push(category);
  }
  const vendorContext = risks.some((r) => r.family === 'competitor') || reasonHits.some(([cat]) => cat === 'competitor');
  const competitors = findCompetitors(c, text, folded, tokens, vendorContext);
  // a vendor named after a strong cue ("switched to X", "quote from X") is a competitor risk
  for (const comp of competitors) {
    // named with no cue before it ("Zoho showed us a demo"): a risk only when the turn is about vendors
    if (comp.cueStart === comp.start && !vendorContext) continue;
    const near = risks.find((r) => r.family === 'competitor' && r.start <= comp.end && r.end + 3 >= comp.cueStart);
    if (near) {
      if (near.end < comp.end && comp.start - near.end <= 3) {
        near.end = comp.end;
        near.text = text.slice(near.start, near.end);
      }
      continue;
    }
    const h = { start: comp.cueStart, end: comp.end };
    if (!keep('competitor', h)) continue;
    risks.push({ family: 'competitor', start: h.start, end: h.end, text: text.slice(h.start, h.end), confidence: confidence(h) });
  }

  // "…but we told them we're staying with you": what was said before is over
  const resolved = hits(c.resolved, folded);
  if (resolved.length) {
    const last = resolved[resolved.length - 1]!.start;
    risks = risks.filter((r) => {
      if (r.start >= last) return true;
      cancelled.push({ family: r.family, why: 'resolved' });
      return false;
    });
  }
  risks.sort((a, b) => a.start - b.start || a.end - b.end);

  const features: Heard['features'] = [];
  if (c.features) {
    c.features.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = c.features.exec(folded)) !== null) {
      const g = m.findIndex((x, i) => i > 0 && x !== undefined);
      const key = c.featureKeys[g - 1];
      if (key && !features.some((f) => f.key === key)) features.push({ text: text.slice(m.index, m.index + m[0].length), key });
    }
  }

  return {
    lang: l,
    reportedLang: lang ?? l,
    text,
    folded,
    tokens,
    c,
    risks,
    cancelled,
    hedged: hedgeHits.length > 0,
    sentiment: sentiment({ c, text, folded, tokens, risks }),
    competitors,
    features,
    formality: formality(c, text, folded),
    cancellation: risks.some((r) => r.family === 'cancellation'),
    reasonHits,
    negatedCues,
  };
}

export function toBody(h: Heard): TurnAnalysisBody {
  return {
    lang: h.reportedLang,
    sentiment: { score: h.sentiment.score, label: h.sentiment.label },
    risks: h.risks.map((r) => ({ family: r.family, start: r.start, end: r.end, text: r.text, confidence: r.confidence })),
    competitors: h.competitors.map((c) => ({ name: c.name })),
    features: h.features,
    formality: h.formality.label,
    cancellation_intent: h.cancellation,
    provider: 'offline',
    provider_version: OFFLINE_VERSION,
  };
}
