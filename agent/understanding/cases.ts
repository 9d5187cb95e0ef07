import { z } from 'zod';
import { ChurnCategory, SentimentLabel } from '../contracts';
import { offlineLang } from './lang';
import type { OfflineLang } from './lexicon';

// The labeled-case format of `tenure nlu eval` and `tenure nlu train`, one JSON object a line:
// {"text": "...", "lang": "en", "expect": {"category": "competitor", "risk": true, "sentiment":
// "negative", "competitor": "Acme"}}. Any subset of the expect keys; a case is scored on the keys it
// has. A category of null or "none" means "no reason given"; a competitor of null means none named.

export const NO_REASON = 'none';
export const CategoryOrNone = z.union([ChurnCategory, z.literal(NO_REASON), z.null()]).transform((c) => c ?? NO_REASON);
export type CategoryOrNone = ChurnCategory | typeof NO_REASON;
export const CATEGORY_CLASSES: CategoryOrNone[] = [...ChurnCategory.options, NO_REASON];

export const Expect = z.strictObject({
  category: CategoryOrNone.optional(),
  risk: z.boolean().optional(),
  sentiment: SentimentLabel.optional(),
  competitor: z.string().min(1).nullable().optional(),
});

export const Case = z.object({
  text: z.string().min(1, 'text must not be empty'),
  lang: z
    .string()
    .optional()
    .refine((l) => l === undefined || offlineLang(l) !== null, { message: 'unknown lang (expected en, fr or ru)' }),
  expect: Expect,
});

export interface LabeledCase {
  line: number;
  text: string;
  lang?: OfflineLang;
  expect: z.infer<typeof Expect>;
}

export class CaseFileError extends Error {}

/** Parses a JSONL file's text; throws CaseFileError naming the first bad line. */
export function parseCases(source: string, fileName = 'the file'): LabeledCase[] {
  const cases: LabeledCase[] = [];
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const line = i + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      throw new CaseFileError(`${fileName}, line ${line}: not valid JSON (${(e as Error).message})`);
    }
    const parsed = Case.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.join('.') || 'the case';
      let message = issue.message;
      if (issue.path[0] === 'lang') message = `unknown lang ${JSON.stringify((json as { lang?: unknown }).lang)} (expected en, fr or ru)`;
      else if (issue.path.join('.') === 'expect.category') message = `unknown category ${JSON.stringify((json as { expect?: { category?: unknown } }).expect?.category)} (expected one of ${ChurnCategory.options.join(', ')}, or null/"none" for no reason given)`;
      throw new CaseFileError(`${fileName}, line ${line}: ${where}: ${message}`);
    }
    const { text, lang, expect } = parsed.data;
    cases.push({ line, text, lang: lang ? offlineLang(lang)! : undefined, expect });
  }
  if (cases.length === 0) throw new CaseFileError(`${fileName} has no cases`);
  return cases;
}

/** The training sets in training order, relative to the repository root: `tenure nlu train`'s default, and
 *  what the committed model.json is checked against. A new set is added here only. */
export const TRAINING_FILES = ['train.jsonl', 'train-more.jsonl', 'train-third.jsonl', 'train-fourth.jsonl', 'train-fifth.jsonl'].map((f) => `test/fixtures/nlu/${f}`);
