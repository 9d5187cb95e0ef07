import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../../support/spawn';
import { tempDir } from '../../support/temp';

// `tenure nlu eval` through the real binary: its output (the --json keys are a contract), and its
// errors, which name the line to fix.

function casesFile(lines: string[]): string {
  const file = path.join(tempDir('tenure-nlu-'), 'cases.jsonl');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const GOOD = [
  JSON.stringify({ text: 'too expensive', lang: 'en', expect: { category: 'price', risk: true, sentiment: 'negative' } }),
  JSON.stringify({ text: 'switched to Pipedrive', lang: 'en', expect: { category: 'competitor', risk: true, competitor: 'Pipedrive' } }),
  JSON.stringify({ text: 'Tout va bien, merci beaucoup !', lang: 'fr', expect: { category: null, risk: false, sentiment: 'positive' } }),
  JSON.stringify({ text: 'Мы не сомневаемся, всё отлично.', lang: 'ru', expect: { category: 'none', risk: false } }),
  '',
  JSON.stringify({ text: 'We are thinking about cancelling.', expect: { risk: true } }),
];

describe('tenure nlu eval', () => {
  it('prints accuracy per key, risk precision/recall/F1, the confusion table and the failures', async () => {
    const r = await run(['nlu', 'eval', '--file', casesFile(GOOD)], cleanEnv());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^5 cases \(en 3, fr 1, ru 1\), provider offline/);
    expect(r.stdout).toMatch(/^KEY\s+CASES\s+ACCURACY\s+PRECISION\s+RECALL\s+F1$/m);
    expect(r.stdout).toMatch(/^category\s+4\s+1\.000$/m);
    expect(r.stdout).toMatch(/^risk\s+5\s+1\.000\s+1\.000\s+1\.000\s+1\.000$/m);
    expect(r.stdout).toMatch(/^competitor\s+1\s+1\.000$/m);
    expect(r.stdout).toMatch(/^LANG\s+N\s+CATEGORY\s+RISK\s+RISK_F1\s+SENTIMENT\s+COMPETITOR$/m);
    expect(r.stdout).toMatch(/Category confusion \(rows: expected, columns: predicted\)/);
    expect(r.stdout).toMatch(/^none\s+\.\s+\.\s+2$/m);
    expect(r.stdout).toMatch(/^Failures \(0\)$/m);
  }, 30_000);

  it('--json prints exactly {n, accuracy: {category, risk, sentiment, competitor}, f1: {risk}}', async () => {
    const bad = JSON.stringify({ text: 'All good, thanks!', lang: 'en', expect: { category: 'price', risk: true } });
    const r = await run(['nlu', 'eval', '--file', casesFile([...GOOD, bad]), '--json'], cleanEnv());
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['n', 'accuracy', 'f1']);
    expect(Object.keys(j.accuracy)).toEqual(['category', 'risk', 'sentiment', 'competitor']);
    expect(Object.keys(j.f1)).toEqual(['risk']);
    expect(j.n).toBe(6);
    expect(j.accuracy.category).toBe(0.8);
    expect(j.accuracy.competitor).toBe(1);
    expect(j.accuracy.risk).toBeCloseTo(5 / 6, 3);
    expect(j.f1.risk).toBeCloseTo(0.8571, 3);
  }, 30_000);

  it('lists a failure with its line number', async () => {
    const bad = JSON.stringify({ text: 'All good, thanks!', lang: 'en', expect: { category: 'price' } });
    const r = await run(['nlu', 'eval', '--file', casesFile([...GOOD, bad])], cleanEnv());
    expect(r.stdout).toMatch(/^Failures \(1\)$/m);
    expect(r.stdout).toContain('line 7 [en] category: expected price, got none: "All good, thanks!"');
  }, 30_000);

  it.each([
    ['a line that is not JSON', '{"text": "too expensive", "lang": "en", "expect": {', /line 3: not valid JSON/],
    ['an unknown lang', JSON.stringify({ text: 'zu teuer', lang: 'de', expect: { risk: true } }), /line 3: lang: unknown lang "de" \(expected en, fr or ru\)/],
    ['an unknown category', JSON.stringify({ text: 'too expensive', lang: 'en', expect: { category: 'pricing' } }), /line 3: expect\.category: unknown category "pricing"/],
    ['an unknown expect key', JSON.stringify({ text: 'too expensive', expect: { mood: 'bad' } }), /line 3: expect/],
    ['an empty text', JSON.stringify({ text: '', expect: { risk: false } }), /line 3: text: text must not be empty/],
  ])('refuses %s, naming the line, with a non-zero exit', async (_what, line, message) => {
    const r = await run(['nlu', 'eval', '--file', casesFile([GOOD[0]!, GOOD[1]!, line])], cleanEnv());
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }, 30_000);

  it('says how to configure the OpenAI provider when no endpoint is set', async () => {
    const r = await run(['nlu', 'eval', '--file', casesFile(GOOD), '--provider', 'openai'], cleanEnv({ OPENAI_API_KEY: '', OPENAI_BASE_URL: '' }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/No remote model is configured: set OPENAI_API_KEY/);
  }, 30_000);

  it('says so when the file does not exist', async () => {
    const r = await run(['nlu', 'eval', '--file', '/nonexistent/cases.jsonl'], cleanEnv());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No such file: \/nonexistent\/cases\.jsonl/);
  }, 30_000);

  it('scores one language with --lang', async () => {
    const r = await run(['nlu', 'eval', '--file', casesFile(GOOD), '--lang', 'fr', '--json'], cleanEnv());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).n).toBe(1);
  }, 30_000);
});
