// Demo company benchmark (issue 4, "Generation and inserts take ≤ 30 s on the embedded database").
//   generate   generateDemo for the default seed, in memory (no database)
//   seed       seedDemo into a fresh, migrated embedded database (PGlite behind its socket, as
//              `npm start` runs it): generation, validation of every row, set-based inserts, one
//              transaction
//   baseline   in the same run, a bare INSERT … SELECT FROM unnest of the same events (no
//              validation, no dedupe, no rescoring marks) into another fresh database: the floor
//              the seed is compared with
// Usage: npx tsx bench/demo.ts [--runs N]   (default 3 runs; each run uses two fresh databases)
import { PGlite } from '@electric-sql/pglite';
import { fixedClock } from '../db/clock';
import { connect, type Database } from '../db/database';
import { serveEmbedded } from '../db/embedded';
import { newId } from '../db/ids';
import { migrate } from '../db/migrate';
import { generateDemo } from '../ingest/demo/generate';
import { DEFAULT_PARAMETERS, DEFAULT_SEED } from '../ingest/demo/parameters';
import { seedDemo } from '../ingest/demo/seed';
import { flag } from './lib/args';

const TARGET_S = 30;
const runs = flag('runs', 3);
const out = (s = '') => process.stdout.write(`${s}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const clock = fixedClock(new Date());

async function freshDatabase(): Promise<Database> {
  const embedded = await serveEmbedded(await PGlite.create());
  const db = connect(embedded.url, 'pglite', 1, () => embedded.close());
  await migrate(db);
  return db;
}

async function bareInsert(db: Database): Promise<{ seconds: number; events: number }> {
  const c = generateDemo({ params: DEFAULT_PARAMETERS, seed: DEFAULT_SEED, asOf: clock.now(), makeId: (p) => newId(p) });
  await db.query(
    `INSERT INTO accounts (id, external_id, name, created_at, updated_at) SELECT id, ext, 'x', now(), now() FROM unnest($1::text[], $2::text[]) AS t(id, ext)`,
    [c.accounts.map((a) => a.id), c.accounts.map((a) => a.external_id)],
  );
  const t0 = performance.now();
  await db.query('BEGIN');
  for (let i = 0; i < c.events.length; i += 5000) {
    const batch = c.events.slice(i, i + 5000);
    await db.query(
      `INSERT INTO events (kind, schema_version, account_id, occurred_at, received_at, source, dedupe_key, fingerprint, payload)
       SELECT kind, 1, account_id, at, at, 'demo', key, key, payload FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::jsonb[]) AS t(kind, account_id, at, key, payload)`,
      [batch.map((e) => e.kind), batch.map((e) => e.account_id), batch.map((e) => e.occurred_at), batch.map((_, k) => `bench-${i + k}`), batch.map((e) => JSON.stringify(e.payload))],
    );
  }
  await db.query('COMMIT');
  return { seconds: (performance.now() - t0) / 1000, events: c.events.length };
}

const generate: number[] = [];
const seed: number[] = [];
const baseline: number[] = [];
let events = 0;
for (let run = 1; run <= runs; run++) {
  const t0 = performance.now();
  const company = generateDemo({ params: DEFAULT_PARAMETERS, seed: DEFAULT_SEED, asOf: clock.now(), makeId: (p) => newId(p) });
  generate.push((performance.now() - t0) / 1000);
  events = company.events.length;

  const db = await freshDatabase();
  const s0 = performance.now();
  await seedDemo(db, clock);
  seed.push((performance.now() - s0) / 1000);
  await db.close();

  const other = await freshDatabase();
  baseline.push((await bareInsert(other)).seconds);
  await other.close();
  out(`run ${run}: generate ${generate.at(-1)!.toFixed(2)} s, seed ${seed.at(-1)!.toFixed(2)} s, bare insert of the events ${baseline.at(-1)!.toFixed(2)} s`);
}

out('');
out(`demo company, default seed: 280 accounts, ${events.toLocaleString('en-US')} events; ${runs} runs, embedded database (PGlite)`);
out(`  generate (memory only)        median ${median(generate).toFixed(2)} s`);
out(`  seed (generate + store)       median ${median(seed).toFixed(2)} s, slowest ${Math.max(...seed).toFixed(2)} s (target ≤ ${TARGET_S} s)`);
out(`  baseline: bare event insert   median ${median(baseline).toFixed(2)} s`);
out(`  seed / bare insert            ${(median(seed) / median(baseline)).toFixed(1)}×`);
out(`  events stored per second      ${Math.round(events / median(seed)).toLocaleString('en-US')}`);
if (Math.max(...seed) > TARGET_S) {
  out(`TARGET MISSED: the slowest seed took more than ${TARGET_S} s`);
  process.exitCode = 1;
}
