import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The demo's ground truth (who churns, when it started, why) is for checking Tenure, never an
// input to it: no feature, score, model or report may read demo_truth. Only the demo itself (which
// writes it and describes it), the migration that creates it and the tests may name it.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const ALLOWED = ['ingest/demo/', 'db/migrations/', 'db/schema.sql', 'test/'];
const SKIP = new Set(['node_modules', '.git', '.tenure', 'coverage']);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full);
    return /\.(ts|js|mjs|sql|json)$/.test(e.name) ? [full] : [];
  });
}

describe('the demo truth', () => {
  it('is read by nothing outside the demo and the tests', () => {
    const all = files(root).map((f) => path.relative(root, f).split(path.sep).join('/'));
    expect(all).toContain('ingest/demo/seed.ts'); // the walk sees the code
    const readers = all.filter((f) => !ALLOWED.some((a) => f.startsWith(a)) && fs.readFileSync(path.join(root, f), 'utf8').includes('demo_truth'));
    expect(readers).toEqual([]);
  });
});
