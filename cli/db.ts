import type { Command } from 'commander';
import { loadConfig } from '../server/config';
import { readDiscovery } from '../server/discovery';
import { withInstance } from './instance';
import { out, printJson, printTable } from './output';

// The database modules (PGlite above all) load when a command runs, not for `tenure --help`.
const database = () => Promise.all([import('../db/database'), import('../db/migrate')]).then(([d, m]) => ({ ...d, ...m }));

type Row = { version: number; name: string; applied_at: Date | string | null };

function print(rows: Row[], json?: boolean) {
  if (json) return printJson(rows);
  printTable(rows.map((r) => ({ ...r, applied_at: r.applied_at ?? 'pending' })), ['version', 'name', 'applied_at']);
}

/** The schema of a database migrated from nothing, on a throwaway in-memory PGlite. */
export async function freshSchemaDump(): Promise<string> {
  const [{ PGlite }, { connect }, { serveEmbedded }, { migrate }, { dumpSchema }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('../db/database'),
    import('../db/embedded'),
    import('../db/migrate'),
    import('../db/schema-dump'),
  ]);
  const embedded = await serveEmbedded(await PGlite.create());
  const db = connect(embedded.url, 'pglite', 1, () => embedded.close());
  try {
    await migrate(db);
    return await dumpSchema(db);
  } finally {
    await db.close();
  }
}

export function dbCommands(program: Command): void {
  const db = program.command('db').description('The database: migrations and schema');

  db.command('migrate')
    .description('Apply pending migrations (tenure start also does this)')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const config = loadConfig();
      if (readDiscovery(config.dataDir) && !config.DATABASE_URL) {
        const rows = await withInstance(config, async (call) => ((await call('GET', '/v1/migrations?limit=500')) as { data: Row[] }).data);
        if (!o.json) out('The running instance applied every migration when it started.');
        return print(rows, o.json);
      }
      const { openDatabase, migrate, migrationStatus } = await database();
      const db = await openDatabase(config);
      try {
        const applied = await migrate(db);
        if (!o.json) out(applied.length ? `Applied ${applied.map((m) => m.file).join(', ')}.` : 'Nothing to apply: the database is up to date.');
        print(await migrationStatus(db), o.json);
      } finally {
        await db.close();
      }
    });

  db.command('status')
    .description('Show each migration and when it was applied')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const config = loadConfig();
      if (readDiscovery(config.dataDir) && !config.DATABASE_URL) {
        const rows = await withInstance(config, async (call) => ((await call('GET', '/v1/migrations?limit=500')) as { data: Row[] }).data);
        return print(rows, o.json);
      }
      const { openDatabase, migrationStatus } = await database();
      const db = await openDatabase(config);
      try {
        print(await migrationStatus(db), o.json);
      } finally {
        await db.close();
      }
    });

  db.command('schema')
    .description('Print the schema of a freshly migrated database (the committed db/schema.sql)')
    .action(async () => {
      process.stdout.write(await freshSchemaDump());
    });
}
