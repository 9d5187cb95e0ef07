import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../../support/spawn';
import { tempDir } from '../../support/temp';

// `tenure nlu train --cross`: each writer's file is held back in turn and scored by a model trained
// on all the other files (the protocol the README's cross-writer figures use). Small files, and
// --check, so the committed model is never written.

const line = (text: string, lang: string, category: string | null, sentiment: string) =>
  JSON.stringify({ text, lang, expect: { category, risk: category !== null, sentiment } });

const WRITERS: Record<string, string[]> = {
  'a.jsonl': [line('too expensive for us', 'en', 'price', 'negative'), line('всё отлично, спасибо', 'ru', null, 'positive')],
  'b.jsonl': [line('the price went up again', 'en', 'price', 'negative'), line('спасибо, всё работает', 'ru', null, 'positive'), line('trop cher', 'fr', 'price', 'negative')],
  'c.jsonl': [line('we are paying too much', 'en', 'price', 'negative')],
};

describe('tenure nlu train --cross', () => {
  it('holds back each file in turn, trains on all the others, and pools the held-back scores', async () => {
    const dir = tempDir('tenure-nlu-cross-');
    const files = Object.entries(WRITERS).map(([name, lines]) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, lines.join('\n') + '\n');
      return file;
    });
    const r = await run(['nlu', 'train', '--check', '--cross', '--json', '--file', ...files], cleanEnv());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // --check: these files do not give the committed model (and nothing is written)
    const out = JSON.parse(r.stdout) as {
      cross: { trained: string; scored: string; n: number; byLang: Record<string, { n: number }> }[];
      crossPooled: Record<string, { n: number; accuracy: Record<string, number | null> }>;
    };
    expect(out.cross.map((x) => path.basename(x.scored))).toEqual(['a.jsonl', 'b.jsonl', 'c.jsonl']);
    expect(out.cross.map((x) => x.trained.split(' + ').map((f) => path.basename(f)))).toEqual([
      ['b.jsonl', 'c.jsonl'],
      ['a.jsonl', 'c.jsonl'],
      ['a.jsonl', 'b.jsonl'],
    ]);
    expect(out.cross.map((x) => x.n)).toEqual([2, 3, 1]);
    expect(out.cross[1]!.byLang.fr!.n).toBe(1);
    expect(out.crossPooled.all!.n).toBe(6);
    expect(Object.keys(out.crossPooled).sort()).toEqual(['all', 'en', 'fr', 'ru']);
    expect(out.crossPooled.en!.n).toBe(3);
  }, 60_000);

  it('prints one table per held-back file and the pooled table', async () => {
    const dir = tempDir('tenure-nlu-cross-');
    const files = Object.entries(WRITERS).map(([name, lines]) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, lines.join('\n') + '\n');
      return file;
    });
    const r = await run(['nlu', 'train', '--check', '--cross', '--file', ...files], cleanEnv());
    expect(r.code).toBe(1);
    expect(r.stdout.match(/^Held back .*, trained on .* \+ .*$/gm)).toHaveLength(3);
    expect(r.stdout).toMatch(/^Every file held back in turn, pooled$/m);
  }, 60_000);
});
