import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { offlineProvider } from '../../../agent/understanding';
import { parseCases } from '../../../agent/understanding/cases';
import { evaluate } from '../../../agent/understanding/eval';

// Issue 6's acceptance on the held-out set, per language. The file is read only to be scored,
// through the same evaluation as `tenure nlu eval`; nothing is tuned on it. Category accuracy ≥ 0.85,
// risk F1 ≥ 0.9 and sentiment accuracy ≥ 0.8 in each language (0.856 en, 0.872 fr, 0.872 ru for
// category when measured, once, trained on the four training sets).

const HELDOUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/nlu/heldout.jsonl');
const CATEGORY_BAR = 0.85;

describe('the offline provider on the held-out set', async () => {
  const result = await evaluate(offlineProvider, parseCases(fs.readFileSync(HELDOUT, 'utf8'), 'heldout.jsonl'));

  for (const lang of ['en', 'fr', 'ru']) {
    it(`${lang}: category accuracy ≥ 0.85, risk F1 ≥ 0.9 and sentiment accuracy ≥ 0.8`, () => {
      const s = result.byLang[lang]!;
      expect(s.n).toBeGreaterThanOrEqual(180);
      process.stdout.write(
        `held-out ${lang}: category ${s.accuracy.category!.toFixed(3)} (bar ${CATEGORY_BAR}), ` +
          `risk F1 ${s.f1.risk!.toFixed(3)}, sentiment ${s.accuracy.sentiment!.toFixed(3)}\n`,
      );
      expect(s.accuracy.category).toBeGreaterThanOrEqual(CATEGORY_BAR);
      expect(s.f1.risk).toBeGreaterThanOrEqual(0.9);
      expect(s.accuracy.sentiment).toBeGreaterThanOrEqual(0.8);
    });
  }
});
