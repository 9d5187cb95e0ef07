import { isAtRisk } from '../contracts';
import { CATEGORY_CLASSES, type CategoryOrNone, type LabeledCase } from './cases';
import { looseKey } from './normalize';
import type { UnderstandingProvider } from './provider';

// Scores a provider on labeled cases: accuracy per expect key (each case only on the keys it has),
// precision/recall/F1 for risk, the category confusion table, the failures, and all of it per language.

export type Key = 'category' | 'risk' | 'sentiment' | 'competitor';
export const KEYS: Key[] = ['category', 'risk', 'sentiment', 'competitor'];

export interface Prediction {
  lang: string;
  category: CategoryOrNone;
  risk: boolean;
  sentiment: string;
  competitors: string[];
}

export interface Failure {
  line: number;
  lang: string;
  key: Key;
  expected: string;
  got: string;
  text: string;
}

export interface Scores {
  n: number;
  accuracy: Record<Key, number | null>;
  f1: { risk: number | null };
  /** How many cases were scored on each key. */
  scored: Record<Key, number>;
  risk: { precision: number | null; recall: number | null; f1: number | null; tp: number; fp: number; fn: number; tn: number };
}

export interface Evaluation extends Scores {
  /** A remote provider: the cases answered (in part or whole) by the offline provider after a failure; null for others. */
  fallbacks: number | null;
  byLang: Record<string, Scores>;
  /** expected → predicted → count. */
  confusion: Record<string, Record<string, number>>;
  failures: Failure[];
}

export async function predict(provider: UnderstandingProvider, c: LabeledCase): Promise<Prediction> {
  const analysis = await provider.analyzeTurn(c.text, c.lang);
  const reason = await provider.extractReason({ conversation_id: 'eval', turns: [{ id: `line-${c.line}`, speaker: 'customer', text: c.text, lang: c.lang }] });
  return {
    lang: c.lang ?? analysis.lang,
    category: reason?.category ?? 'none',
    risk: isAtRisk(analysis, { statedReason: reason }),
    sentiment: analysis.sentiment.label,
    competitors: analysis.competitors.map((x) => x.name),
  };
}

function competitorMatches(expected: string | null, got: string[]): boolean {
  if (expected === null) return got.length === 0;
  const want = looseKey(expected);
  return got.some((g) => looseKey(g) === want || looseKey(g.split(/\s+/)[0]!) === want);
}

const ratio = (a: number, b: number) => (b === 0 ? null : round(a / b));
const round = (x: number) => Math.round(x * 10000) / 10000;

function score(rows: { c: LabeledCase; p: Prediction }[]): Scores {
  const right: Record<Key, number> = { category: 0, risk: 0, sentiment: 0, competitor: 0 };
  const scored: Record<Key, number> = { category: 0, risk: 0, sentiment: 0, competitor: 0 };
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { c, p } of rows) {
    const e = c.expect;
    if (e.category !== undefined) {
      scored.category++;
      if (e.category === p.category) right.category++;
    }
    if (e.risk !== undefined) {
      scored.risk++;
      if (e.risk === p.risk) right.risk++;
      if (e.risk && p.risk) tp++;
      else if (!e.risk && p.risk) fp++;
      else if (e.risk && !p.risk) fn++;
      else tn++;
    }
    if (e.sentiment !== undefined) {
      scored.sentiment++;
      if (e.sentiment === p.sentiment) right.sentiment++;
    }
    if (e.competitor !== undefined) {
      scored.competitor++;
      if (competitorMatches(e.competitor, p.competitors)) right.competitor++;
    }
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision === null || recall === null || precision + recall === 0 ? (tp + fp + fn === 0 ? null : 0) : round((2 * precision * recall) / (precision + recall));
  return {
    n: rows.length,
    accuracy: { category: ratio(right.category, scored.category), risk: ratio(right.risk, scored.risk), sentiment: ratio(right.sentiment, scored.sentiment), competitor: ratio(right.competitor, scored.competitor) },
    f1: { risk: f1 },
    scored,
    risk: { precision, recall, f1, tp, fp, fn, tn },
  };
}

export async function evaluate(provider: UnderstandingProvider, cases: LabeledCase[]): Promise<Evaluation> {
  const rows: { c: LabeledCase; p: Prediction }[] = [];
  let fallbacks = 0;
  for (const c of cases) {
    const before = provider.fallbacks?.() ?? 0;
    rows.push({ c, p: await predict(provider, c) });
    if ((provider.fallbacks?.() ?? 0) > before) fallbacks++;
  }
  const confusion: Record<string, Record<string, number>> = {};
  for (const k of CATEGORY_CLASSES) confusion[k] = {};
  const failures: Failure[] = [];
  for (const { c, p } of rows) {
    const e = c.expect;
    const fail = (key: Key, expected: string, got: string) => failures.push({ line: c.line, lang: p.lang, key, expected, got, text: c.text });
    if (e.category !== undefined) {
      const row = confusion[e.category]!;
      row[p.category] = (row[p.category] ?? 0) + 1;
      if (e.category !== p.category) fail('category', e.category, p.category);
    }
    if (e.risk !== undefined && e.risk !== p.risk) fail('risk', String(e.risk), String(p.risk));
    if (e.sentiment !== undefined && e.sentiment !== p.sentiment) fail('sentiment', e.sentiment, p.sentiment);
    if (e.competitor !== undefined && !competitorMatches(e.competitor, p.competitors)) fail('competitor', e.competitor ?? '(none)', p.competitors.join(', ') || '(none)');
  }
  const langs = [...new Set(rows.map((r) => r.p.lang))].sort();
  const byLang: Record<string, Scores> = {};
  for (const l of langs) byLang[l] = score(rows.filter((r) => r.p.lang === l));
  return { ...score(rows), byLang, confusion, failures, fallbacks: provider.fallbacks ? fallbacks : null };
}

/** The --json shape: a contract, keep it. */
export function contractJson(s: Scores): { n: number; accuracy: Record<Key, number | null>; f1: { risk: number | null } } {
  return { n: s.n, accuracy: s.accuracy, f1: s.f1 };
}
