import { defineConfig } from 'vitest/config';

// Three kinds of test: unit (`*.test.ts`, no database), database (`*.db.test.ts`, run once on the
// embedded PGlite and, when TEST_DATABASE_URL is set, again on that PostgreSQL server), and live
// (`*.int.test.ts`, real third-party services, only with TENURE_LIVE_TESTS=1).
const dbTests = ['**/*.db.test.ts'];
const ignore = ['node_modules/**', '.tenure/**'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/db-count-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['**/*.test.ts'], exclude: [...ignore, ...dbTests, '**/*.int.test.ts'] } },
      {
        extends: true,
        test: { name: 'pglite', include: dbTests, exclude: ignore, globalSetup: './test/support/setup-pglite.ts', env: { TENURE_TEST_DB: 'pglite' } },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: { name: 'postgres', include: dbTests, exclude: ignore, globalSetup: './test/support/setup-postgres.ts', env: { TENURE_TEST_DB: 'postgres' } },
            },
          ]
        : []),
      ...(process.env.TENURE_LIVE_TESTS === '1'
        ? [{ extends: true as const, test: { name: 'live', include: ['**/*.int.test.ts'], exclude: ignore } }]
        : []),
    ],
  },
});
