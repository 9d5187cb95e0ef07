import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Three kinds of test: unit (`*.test.ts`, no database), database (`*.db.test.ts`, run once on the
// embedded PGlite and, when TEST_DATABASE_URL is set, again on that PostgreSQL server), and live
// (`*.int.test.ts`, real third-party services, only with TENURE_LIVE_TESTS=1).
const dbTests = ['**/*.db.test.ts'];
// Database test files share worker processes instead of each loading the whole app again (imports
// were 225 s of a 580 s PGlite run, 31 s with this); test/support/between-files.ts resets what a
// process keeps from one file to the next.
const shared = { isolate: false, setupFiles: ['./test/support/between-files.ts'] };
const ignore = ['node_modules/**', '.tenure/**'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/db-count-reporter.ts'],
    // One more worker than CPUs: much of a test's time is spent waiting on another process (PostgreSQL,
    // the embedded database's socket, a spawned `tenure`), and vitest's default (CPUs - 1: one worker
    // on a 2-CPU machine) left the second CPU idle. On 2 CPUs: 925 s → 666 s for the whole suite.
    maxWorkers: os.availableParallelism() + 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...ignore, ...dbTests, '**/*.int.test.ts'] } },
      {
        extends: true,
        test: { name: 'pglite', ...shared, include: dbTests, exclude: ignore, globalSetup: './test/support/setup-pglite.ts', env: { TENURE_TEST_DB: 'pglite' } },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: { name: 'postgres', ...shared, include: dbTests, exclude: ignore, globalSetup: './test/support/setup-postgres.ts', env: { TENURE_TEST_DB: 'postgres' } },
            },
          ]
        : []),
      ...(process.env.TENURE_LIVE_TESTS === '1'
        ? [{ extends: true as const, test: { name: 'live', include: ['**/*.int.test.ts'], exclude: ignore } }]
        : []),
    ],
  },
});
