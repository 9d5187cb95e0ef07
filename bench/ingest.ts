// Ingest benchmark (issue 3, "Speed"): how fast events get into Tenure, in one run.
//   CSV import   `importCsv` of an N-row events CSV into a fresh, migrated PostgreSQL database (1,000 rows
//                per transaction), against a plain COPY of the same N rows into the same table of another
//                fresh, migrated database, measured in the same run (target: import time ≤ 2 × COPY time);
//                then the same file again, where every row is already present.
//   POST /v1/events  batches of 1,000 events against a running server in its own process, on PostgreSQL
//                (target: ≥ 20,000 events/s, the best of the in-flight settings tried) and on the embedded
//                database (PGlite, fewer events), with 2 and 4 requests in flight; events/s and the latency
//                of each request.
// Every event is valid and has its own dedupe key; they are spread over 100 accounts and three kinds
// (usage.daily, login, feature.used). PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432),
// a superuser: the benchmark creates its own databases (tenure_bench_<pid>_…) and drops them at the end.
// Usage: npx tsx bench/ingest.ts [--rows N] [--quick] [--http-events N] [--pglite-events N] [--in-flight 2,4]
//   defaults: 1,000,000 CSV rows; 600,000 events per in-flight setting on PostgreSQL (about 15 s each at the
//   target rate), 200,000 on PGlite; each HTTP server gets 10,000 unmeasured events first (warm-up)
//   --quick   100,000 CSV rows, 50,000 events per PostgreSQL HTTP setting, 20,000 per PGlite setting
// Profiling: node --cpu-prof --import tsx bench/ingest.ts --quick profiles this process (the import and the
// load generator); BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" passes flags to the servers.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import type { Database } from '../db/database';
import { importCsv, type ImportSummary } from '../ingest/import/csv-import';
import { fingerprint } from '../ingest/events/store';
import { seededRandom } from '../scoring/model/random';
import type { TenureEvent } from '../ingest/events/registry';
import { loadConfig } from '../server/config';
import { startRuntime } from '../server/runtime';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const ACCOUNTS = 100;
const BATCH = 1000;
const RATIO_TARGET = 2;
const HTTP_TARGET = 20_000;
const COPY_COLUMNS = 'kind, schema_version, account_id, occurred_at, received_at, source, dedupe_key, fingerprint, payload';

const out = (s = '') => process.stdout.write(`${s}\n`);
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function seedAccounts(db: Pick<Database, 'query'>): Promise<void> {
  await db.query(
    `INSERT INTO accounts (id, external_id, name, created_at, updated_at)
     SELECT 'acc_bench_' || i, 'B-' || i, 'Bench ' || i, now(), now() FROM generate_series(1, ${ACCOUNTS}) AS i`,
  );
}

// ---- data: deterministic, every row valid, every dedupe key unique

/** 32-bit words from the model's seeded generator (the same mulberry32 sequence, as integers). */
function mulberry32(seed: number): () => number {
  const next = seededRandom(seed);
  return () => Math.floor(next() * 4294967296);
}

/** A bijection on 32-bit integers (murmur3's finaliser): distinct i give distinct keys, in random index order. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
const hex8 = (n: number) => n.toString(16).padStart(8, '0');

interface GenEvent {
  kind: string;
  account: number;
  occurredAt: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}
const FEATURES = ['reports', 'export', 'alerts', 'api', 'sso'];
const YEAR_START = Date.parse('2025-11-25T00:00:00.000Z');

/** Event number i (0 ≤ i < 2^32, unique over the run): 60% usage.daily, 20% login, 20% feature.used. */
function makeEvent(i: number, rand: () => number): GenEvent {
  const account = (rand() % ACCOUNTS) + 1;
  const occurredAt = new Date(YEAR_START + (rand() % (365 * 86_400)) * 1000 + (rand() % 1000)).toISOString();
  const dedupeKey = `evt_${hex8(fmix32(i))}${hex8(rand())}${hex8(rand())}`;
  const r = rand();
  const user = `u_${account}_${r % 20}`;
  const slot = i % 10;
  if (slot < 6) {
    return {
      kind: 'usage.daily',
      account,
      occurredAt,
      dedupeKey,
      payload: { active_users: (r % 40) + 1, sessions: r % 300, key_actions: r % 900, features_used: FEATURES.slice(0, r % 4) },
    };
  }
  if (slot < 8) return { kind: 'login', account, occurredAt, dedupeKey, payload: { user_id: user } };
  return { kind: 'feature.used', account, occurredAt, dedupeKey, payload: { feature: FEATURES[r % 5], user_id: user, count: 1 + (r % 5) } };
}
const csvQuote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/**
 * Writes the same n events twice: as the events CSV users import, and as the rows importCsv stores
 * (account ids resolved, fingerprint computed, source csv) in COPY's CSV form.
 */
function writeFiles(n: number, csvPath: string, copyPath: string, receivedAt: string): void {
  const rand = mulberry32(20261125);
  const csv = fs.openSync(csvPath, 'w');
  const copy = fs.openSync(copyPath, 'w');
  let a = ['kind,account_external_id,occurred_at,dedupe_key,payload'];
  let b: string[] = [];
  const flush = () => {
    fs.writeSync(csv, `${a.join('\n')}\n`);
    fs.writeSync(copy, `${b.join('\n')}\n`);
    a = [];
    b = [];
  };
  for (let i = 0; i < n; i++) {
    const e = makeEvent(i, rand);
    const payload = csvQuote(JSON.stringify(e.payload));
    const accountId = `acc_bench_${e.account}`;
    const fp = fingerprint({ kind: e.kind, schema_version: 1, account_id: accountId, occurred_at: e.occurredAt, payload: e.payload } as TenureEvent);
    a.push(`${e.kind},B-${e.account},${e.occurredAt},${e.dedupeKey},${payload}`);
    b.push(`${e.kind},1,${accountId},${e.occurredAt},${receivedAt},csv,${e.dedupeKey},${fp},${payload}`);
    if (a.length >= 10_000) flush();
  }
  if (a.length || b.length) flush();
  fs.closeSync(csv);
  fs.closeSync(copy);
}

/** Request bodies of BATCH events each, events first..first+count-1 of a stream that never meets the CSV's. */
function makeBodies(first: number, count: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const bodies: string[] = [];
  for (let at = first; at < first + count; at += BATCH) {
    const events = [];
    for (let i = at; i < Math.min(at + BATCH, first + count); i++) {
      const e = makeEvent(i, rand);
      events.push({ kind: e.kind, account_external_id: `B-${e.account}`, occurred_at: e.occurredAt, dedupe_key: e.dedupeKey, payload: e.payload });
    }
    bodies.push(JSON.stringify({ events }));
  }
  return bodies;
}

// ---- PostgreSQL databases and processes

const dbUrl = (name: string) => {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
};
async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: dbUrl('postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const created: string[] = [];
async function freshDatabase(name: string): Promise<string> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  created.push(name);
  return dbUrl(name);
}
const checkpoint = () => admin((c) => c.query('CHECKPOINT'));

/** Sum of a hash of every stored column that COPY and the import both write: the same rows give the same sum. */
async function contentSum(url: string): Promise<{ rows: number; sum: string }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ rows: string; sum: string }>(
      `SELECT count(*) AS rows, coalesce(sum(hashtext(concat_ws('|', kind, schema_version, account_id, contact_id, occurred_at, source, dedupe_key, fingerprint, payload::text))::bigint), 0)::text AS sum FROM events`,
    );
    return { rows: Number(rows[0]!.rows), sum: rows[0]!.sum };
  } finally {
    await c.end();
  }
}

const live = new Set<ChildProcess>();
process.on('exit', () => live.forEach((c) => c.kill('SIGKILL')));

function run(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b));
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    child.on('error', reject);
    child.on('exit', (code) => {
      live.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Server {
  url: string;
  stop(): Promise<void>;
}
/** `bench/ingest.ts --serve` with env: a Tenure server with the bench accounts, answering on url. */
async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', self, '--serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  live.add(child);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const first = await Promise.race([
    new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve)),
    exited.then((code) => Promise.reject(new Error(`the bench server exited ${code} before it listened`))),
  ]);
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      live.delete(child);
    },
  };
}

// ---- measurements

interface Measure {
  name: string;
  rows: number;
  seconds: number;
  /** request latencies, ms (HTTP only) */
  latencies?: number[];
  note?: string;
}

async function timeCopy(url: string, file: string, n: number): Promise<Measure> {
  await checkpoint();
  const t0 = process.hrtime.bigint();
  const r = await run('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', `\\copy events (${COPY_COLUMNS}) from '${file}' with (format csv)`]);
  const s = seconds(t0);
  if (r.code !== 0 || r.stdout.trim() !== `COPY ${n}`) throw new Error(`psql \\copy failed (exit ${r.code}): ${r.stdout}${r.stderr}`);
  return { name: 'COPY (psql \\copy), PostgreSQL', rows: n, seconds: s };
}

async function timeImport(db: Database, file: string, n: number, name: string): Promise<Measure & { summary: ImportSummary }> {
  await checkpoint();
  const t0 = process.hrtime.bigint();
  const summary = await importCsv(db, { kind: 'system', now: () => new Date() }, 'events', fs.createReadStream(file), { fileName: path.basename(file) });
  return { name, rows: n, seconds: seconds(t0), summary };
}

/** Sends every body, `inFlight` requests at a time; every event must come back accepted. */
async function drive(url: string, key: string, bodies: string[], inFlight: number, events: number): Promise<{ seconds: number; latencies: number[]; accepted: number; problems: string[] }> {
  let next = 0;
  let accepted = 0;
  const latencies: number[] = [];
  const problems: string[] = [];
  const t0 = process.hrtime.bigint();
  const client = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const t = process.hrtime.bigint();
      const res = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
      const text = await res.text();
      latencies.push(seconds(t) * 1000);
      if (res.status !== 200) {
        problems.push(`HTTP ${res.status}: ${text.slice(0, 200)}`);
        continue;
      }
      const r = JSON.parse(text) as { accepted: number; already_present: number; rejected: unknown[] };
      accepted += r.accepted;
      if (r.rejected.length || r.already_present) problems.push(`${r.rejected.length} rejected, ${r.already_present} already present: ${JSON.stringify(r.rejected.slice(0, 2))}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, client));
  const s = seconds(t0);
  if (accepted !== events) problems.push(`${accepted} of ${events} events accepted`);
  return { seconds: s, latencies, accepted, problems };
}

/** A warm-up, then each in-flight setting with fresh events, against one server. */
async function httpRuns(label: string, env: NodeJS.ProcessEnv, key: string, events: number, inFlights: number[], streamBase: number): Promise<Measure[]> {
  const server = await startServer(env);
  const measures: Measure[] = [];
  try {
    const warm = makeBodies(streamBase, 10 * BATCH, streamBase);
    const w = await drive(server.url, key, warm, 2, 10 * BATCH);
    if (w.problems.length) throw new Error(`warm-up on ${label}: ${w.problems.slice(0, 3).join('; ')}`);
    for (const [k, inFlight] of inFlights.entries()) {
      const first = streamBase + (k + 1) * 100_000_000;
      const bodies = makeBodies(first, events, first);
      const r = await drive(server.url, key, bodies, inFlight, events);
      if (r.problems.length) throw new Error(`POST /v1/events on ${label}, ${inFlight} in flight: ${r.problems.slice(0, 3).join('; ')}`);
      measures.push({ name: `POST /v1/events, ${label}, ${inFlight} in flight`, rows: events, seconds: r.seconds, latencies: r.latencies });
      out(`  ${label}, ${inFlight} in flight: ${fmt(events)} events in ${r.seconds.toFixed(2)} s, ${fmt(events / r.seconds)} events/s`);
    }
  } finally {
    await server.stop();
  }
  return measures;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(String(process.argv[i + 1]).replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isInteger(n) || n < BATCH) throw new Error(`--${name} needs a whole number ≥ ${BATCH}`);
  return n;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const rows = flag('rows', quick ? 100_000 : 1_000_000);
  const httpEvents = flag('http-events', quick ? 50_000 : 600_000);
  const pgliteEvents = flag('pglite-events', quick ? 20_000 : 200_000);
  const inFlightArg = process.argv.indexOf('--in-flight');
  const inFlights = inFlightArg < 0 ? [2, 4] : String(process.argv[inFlightArg + 1]).split(',').map(Number);
  if (!inFlights.every((n) => Number.isInteger(n) && n >= 1)) throw new Error('--in-flight takes numbers ≥ 1, e.g. 2,4');

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bench-ingest-'));
  const prefix = `tenure_bench_${process.pid}`;
  const logger = pino({ level: 'silent' });
  const adminKey = randomBytes(24).toString('hex');
  try {
    const version = await admin(async (c) => (await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v);
    out(`Ingest benchmark: ${fmt(rows)} CSV rows; POST /v1/events in batches of ${fmt(BATCH)}: ${fmt(httpEvents)} events (PostgreSQL), ${fmt(pgliteEvents)} (PGlite) per setting, ${inFlights.join(' and ')} in flight`);
    out(`(node ${process.version}, ${os.cpus().length} CPUs, PostgreSQL ${version} at ${new URL(PG_URL).host})`);

    // 1. CSV import against COPY
    const csvFile = path.join(tmp, 'events.csv');
    const copyFile = path.join(tmp, 'events.copy.csv');
    let t0 = process.hrtime.bigint();
    writeFiles(rows, csvFile, copyFile, new Date().toISOString());
    out(`  wrote the files in ${seconds(t0).toFixed(1)} s: events CSV ${fmt(fs.statSync(csvFile).size / 2 ** 20)} MiB, COPY file ${fmt(fs.statSync(copyFile).size / 2 ** 20)} MiB`);

    const migrated = async (name: string) => {
      const url = await freshDatabase(name);
      const rt = await startRuntime(loadConfig({ DATABASE_URL: url, TENURE_DATA_DIR: path.join(tmp, name) }), { listen: false, work: false, logger });
      await seedAccounts(rt.db);
      return { url, rt };
    };
    const copyDb = await migrated(`${prefix}_copy`);
    await copyDb.rt.close();
    const copy = await timeCopy(copyDb.url, copyFile, rows);
    out(`  COPY: ${copy.seconds.toFixed(2)} s`);

    const importDb = await migrated(`${prefix}_import`);
    let first: Awaited<ReturnType<typeof timeImport>>;
    let again: Awaited<ReturnType<typeof timeImport>>;
    try {
      first = await timeImport(importDb.rt.db, csvFile, rows, 'importCsv, PostgreSQL');
      out(`  importCsv: ${first.seconds.toFixed(2)} s`);
      again = await timeImport(importDb.rt.db, csvFile, rows, 'importCsv again (all already present)');
      out(`  importCsv again: ${again.seconds.toFixed(2)} s`);
    } finally {
      await importDb.rt.close();
    }
    for (const [m, imported, present] of [
      [first, rows, 0],
      [again, 0, rows],
    ] as const) {
      const s = m.summary;
      if (s.imported !== imported || s.already_present !== present || s.rejected !== 0) throw new Error(`${m.name}: ${s.imported} imported, ${s.already_present} already present, ${s.rejected} rejected`);
    }
    const [copied, imported] = await Promise.all([contentSum(copyDb.url), contentSum(importDb.url)]);
    const same = copied.rows === rows && imported.rows === rows && copied.sum === imported.sum;
    out(`  the two tables hold the same rows: ${same ? 'yes' : `NO (COPY ${copied.rows} rows, sum ${copied.sum}; import ${imported.rows}, sum ${imported.sum})`}`);
    fs.rmSync(csvFile);
    fs.rmSync(copyFile);

    // 2. POST /v1/events on PostgreSQL, 3. on PGlite
    const env = (extra: Record<string, string>): NodeJS.ProcessEnv => {
      const e: NodeJS.ProcessEnv = { ...process.env, TENURE_ADMIN_KEY: adminKey, TENURE_DEMO: 'off', ...extra };
      if (!extra.DATABASE_URL) delete e.DATABASE_URL;
      return e;
    };
    const httpUrl = await freshDatabase(`${prefix}_http`);
    t0 = process.hrtime.bigint();
    const onPg = await httpRuns('PostgreSQL', env({ DATABASE_URL: httpUrl, TENURE_DATA_DIR: path.join(tmp, 'http-pg') }), adminKey, httpEvents, inFlights, 1_000_000_000);
    fs.mkdirSync(path.join(tmp, 'http-pglite'));
    const onPglite = await httpRuns('PGlite', env({ TENURE_DATA_DIR: path.join(tmp, 'http-pglite') }), adminKey, pgliteEvents, inFlights, 2_000_000_000);
    const stored = (await contentSum(httpUrl)).rows;
    const expected = 10 * BATCH + inFlights.length * httpEvents;
    if (stored !== expected) throw new Error(`the PostgreSQL server stored ${stored} events, not ${expected}`);

    // the table
    const measures: Measure[] = [copy, first, again, ...onPg, ...onPglite];
    const ms = (x: number | undefined) => (x === undefined ? '' : `${fmt(x, x < 100 ? 1 : 0)} ms`).padStart(8);
    out('');
    out(`| ${'measure'.padEnd(42)} |      rows |         s |    rows/s | req min |  req p50 |  req p99 |  req max |`);
    out(`| ${'-'.repeat(42)} | --------: | --------: | --------: | ------: | -------: | -------: | -------: |`);
    for (const m of measures) {
      const l = m.latencies;
      out(
        `| ${m.name.padEnd(42)} | ${fmt(m.rows).padStart(9)} | ${m.seconds.toFixed(2).padStart(7)} s | ${fmt(m.rows / m.seconds).padStart(9)} | ${ms(l && Math.min(...l)).slice(1)} | ${ms(l && quantile(l, 0.5))} | ${ms(l && quantile(l, 0.99))} | ${ms(l && Math.max(...l))} |`,
      );
    }
    const ratio = first.seconds / copy.seconds;
    const best = (xs: Measure[]) => xs.reduce((a, b) => (b.rows / b.seconds > a.rows / a.seconds ? b : a));
    const bestPg = best(onPg);
    const bestPglite = best(onPglite);
    const rate = (m: Measure) => m.rows / m.seconds;
    out('');
    out(`ratios: importCsv / COPY ${ratio.toFixed(2)}×; importCsv again / COPY ${(again.seconds / copy.seconds).toFixed(2)}×; PGlite / PostgreSQL over HTTP (best of each) ${(rate(bestPglite) / rate(bestPg)).toFixed(2)}×`);
    out(`targets: CSV import within ${RATIO_TARGET}× COPY: ${ratio <= RATIO_TARGET ? 'yes' : 'NO'} (${ratio.toFixed(2)}×); ` +
      `POST /v1/events ≥ ${fmt(HTTP_TARGET)} events/s on PostgreSQL: ${rate(bestPg) >= HTTP_TARGET ? 'yes' : 'NO'} (best ${fmt(rate(bestPg))} events/s, ${bestPg.name.split(', ').at(-1)}); ` +
      `PGlite, reported beside it: ${fmt(rate(bestPglite))} events/s (${bestPglite.name.split(', ').at(-1)})`);
    if (!same) out('note: the COPY baseline and the import did not store the same rows; the ratio compares unlike work');
    if (ratio > RATIO_TARGET || rate(bestPg) < HTTP_TARGET || !same) process.exitCode = 1;
  } finally {
    for (const c of live) c.kill('SIGKILL');
    await admin(async (c) => {
      for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }).catch((e: unknown) => out(`note: could not drop the bench databases ${created.join(', ')}: ${(e as Error).message}`));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// The server runs in its own process (`--serve`), so that the load generator does not share its event loop.
if (process.argv.includes('--serve')) {
  const rt = await startRuntime(loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' }), { listen: true, work: false, logger: pino({ level: 'silent' }) });
  await seedAccounts(rt.db);
  process.stdout.write(`${JSON.stringify({ url: rt.url })}\n`);
  process.on('SIGTERM', () => void rt.close().finally(() => process.exit(0)));
} else {
  await main();
}
