import fs from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

// Prints how many database tests passed on each database, so a run that silently skipped one
// database is visible. With TENURE_DB_COUNTS_FILE set, also writes the counts there as JSON.
export default class DbCountReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const counts: Record<string, { passed: number; failed: number; skipped: number }> = {
      pglite: { passed: 0, failed: 0, skipped: 0 },
      postgres: { passed: 0, failed: 0, skipped: 0 },
    };
    for (const m of modules) {
      const c = counts[m.project.name];
      if (!c) continue;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') c.passed++;
        else if (state === 'failed') c.failed++;
        else c.skipped++;
      }
    }
    const line = (k: string) => `${k} ${counts[k]!.passed} passed, ${counts[k]!.failed} failed`;
    process.stdout.write(`\nDatabase tests: ${line('pglite')}; ${line('postgres')}\n`);
    if (process.env.TENURE_DB_COUNTS_FILE) fs.writeFileSync(process.env.TENURE_DB_COUNTS_FILE, JSON.stringify(counts));
  }
}
