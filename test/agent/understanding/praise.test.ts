import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { offlineProvider } from '../../../agent/understanding';
import { parseCases } from '../../../agent/understanding/cases';
import { evaluate } from '../../../agent/understanding/eval';

// A satisfied customer's words must not become a churn reason: a health-check call that hears "the
// reports save me hours every week" and records `product_quality` puts a happy account into the
// reasons rollup. heldout-praise.jsonl mixes praise and small talk (48 cases, en and fr) with churn
// reasons on the same topics (50); none of it is trained on. Measured when written: praise kept
// clear of risk 0.50 with the four earlier training sets, 0.71 with train-fifth.jsonl; the whole
// file's risk F1 0.81 → 0.87.

const FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/nlu/heldout-praise.jsonl');

describe('the offline provider on praise it was not trained on', async () => {
  const cases = parseCases(fs.readFileSync(FILE, 'utf8'), 'heldout-praise.jsonl');
  const praise = cases.filter((c) => c.expect.category === 'none');
  const all = await evaluate(offlineProvider, cases);
  const onPraise = await evaluate(offlineProvider, praise);

  it('flags at most a third of the praise as a churn risk, and still finds the reasons among the rest', () => {
    expect(praise.length).toBeGreaterThanOrEqual(40);
    process.stdout.write(`praise kept clear of risk ${onPraise.accuracy.risk!.toFixed(3)}; whole file risk F1 ${all.f1.risk!.toFixed(3)}\n`);
    expect(onPraise.accuracy.risk).toBeGreaterThanOrEqual(0.66);
    expect(all.f1.risk).toBeGreaterThanOrEqual(0.85);
  });
});
