// Dunning intake benchmark (issue 7, "Speed"): POST /webhooks/stripe on PostgreSQL, in one run, against
// three baselines served by the same child process:
//   bare empty    bare Fastify answering {} to POST /x (the machine's HTTP ceiling)
//   tenure empty  Tenure's own app (buildApp: its hooks, request ids, logger, error handler) answering
//                 {} to POST /bench/empty: "the same server answering an empty 200"
//   floor         bare Fastify checking an HMAC-SHA256 signature of the raw body (Stripe's scheme,
//                 createHmac + timingSafeEqual) and doing one INSERT … ON CONFLICT DO NOTHING per
//                 request (perf-floors.md §3), honest to Tenure: the same pg pool object as Tenure's
//                 (same size, same server, same synchronous_commit) and a table made LIKE
//                 webhook_events INCLUDING ALL (same columns, same indexes)
//   tenure        Tenure's POST /webhooks/stripe (startRuntime, workers off, the default log level,
//                 logs written to a file): the stripe SDK's signature check, zod, the store-once
//                 INSERT committed before the 200, the intake nudge
// Every variant gets the same kind of requests: signed Stripe events from the local Stripe server's
// driver (invoice.payment_failed, charge.failed, …), 20% of them repeats of an earlier one. 50
// connections, keep-alive, one request in flight each (like `autocannon -c 50 -p 1`). The variants
// take turns, --rounds times, so that a busy neighbour hurts them alike; the ratio is the median of the
// rounds' Tenure / floor ratios. CPU time per request is measured for the server process, the
// database's backends (from /proc, when PostgreSQL runs on this machine) and the load generator, to
// show where the time goes. Targets: Tenure ≥ 0.75 × floor requests/s, Tenure p99 ≤ 50 ms.
// PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432), a superuser (a database
// tenure_bench_dunning_<pid> is created and dropped).
// Usage: npx tsx bench/dunning.ts [--seconds 4] [--rounds 5] [--quick]   (--quick: 3 s, 2 rounds)
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { StripeDriver } from '../dunning/stripe-local/driver';
import { StripeStore } from '../dunning/stripe-local/store';
import { SANDBOX_WEBHOOK_SECRET } from '../dunning/stripe';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { startRuntime } from '../server/runtime';
import { flag } from './lib/args';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const CONNECTIONS = 50;
const DUPLICATES = 0.2;
const RATIO_TARGET = 0.75;
const P99_TARGET_MS = 50;
// requests/s no storing variant reaches on this class of machine (perf-floors.md §3: ~3k): the
// prepared stream is sized from it; a variant that runs out says so
const MAX_STORE_RATE = 9000;

const out = (s = '') => process.stdout.write(`${s}\n`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const dbUrl = (name: string) => {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

// ---- the servers (child process)

/** Stripe's scheme: `t=…,v1=…`; true when any v1 is the HMAC of `t.body` (what the stripe SDK checks). */
function floorVerify(body: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
  if (!t || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  return [...header.matchAll(/v1=([0-9a-f]{64})/g)].some((m) => timingSafeEqual(Buffer.from(m[1]!, 'hex'), expected));
}

const portOf = (a: ReturnType<http.Server['address']>) => (typeof a === 'object' && a ? a.port : 0);

async function serve(): Promise<void> {
  const logFile = path.join(process.env.TENURE_DATA_DIR!, 'server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  // the level `npm start` runs at (LOG_LEVEL, info by default), written where a deployment would keep it
  const config = loadConfig({ ...process.env, PORT: '0', TENURE_DEMO: 'off' });
  const logger = pino({ level: config.LOG_LEVEL }, pino.destination({ dest: logFile, sync: true }));
  const rt = await startRuntime(config, { listen: true, work: false, logger });

  const bare = Fastify({ logger: false });
  bare.post('/x', async () => ({}));
  await bare.listen({ port: 0, host: '127.0.0.1' });

  // a second instance of Tenure's app on the same context, with one extra route that does nothing
  const same = await buildApp(rt.ctx, logger);
  same.post('/bench/empty', async () => ({}));
  await same.listen({ port: 0, host: '127.0.0.1' });

  await rt.db.query('CREATE TABLE bench_floor (LIKE webhook_events INCLUDING ALL)');
  const floor = Fastify({ logger: false });
  floor.removeAllContentTypeParsers();
  floor.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  floor.post('/x', async (req, reply) => {
    const body = req.body as Buffer;
    const header = req.headers['stripe-signature'];
    if (!floorVerify(body, typeof header === 'string' ? header : undefined, SANDBOX_WEBHOOK_SECRET)) return reply.status(400).send({});
    const id = /"id": "(evt_[^"]+)"/.exec(body.toString('utf8', 0, 200))?.[1] ?? '';
    await rt.db.pool.query(`INSERT INTO bench_floor (provider, event_id, received_at, payload) VALUES ('stripe', $1, now(), $2::jsonb) ON CONFLICT (provider, event_id) DO NOTHING`, [id, body.toString('utf8')]);
    return {};
  });
  await floor.listen({ port: 0, host: '127.0.0.1' });

  const urls: Record<Key, string> = {
    bare: `http://127.0.0.1:${portOf(bare.server.address())}/x`,
    same: `http://127.0.0.1:${portOf(same.server.address())}/bench/empty`,
    floor: `http://127.0.0.1:${portOf(floor.server.address())}/x`,
    tenure: `${rt.url}/webhooks/stripe`,
  };
  process.stdout.write(`${JSON.stringify({ urls, pool: rt.db.pool.options.max, logLevel: config.LOG_LEVEL, logFile })}\n`);
  process.on('message', () => process.send!(process.cpuUsage()));
  process.on('SIGTERM', () => {
    void Promise.all([bare.close(), same.close(), floor.close()])
      .then(() => rt.close())
      .finally(() => process.exit(0));
  });
}

// ---- the load (this process)

type Key = 'bare' | 'same' | 'floor' | 'tenure';
const VARIANTS: [Key, string][] = [
  ['bare', 'empty 200, bare Fastify'],
  ['same', 'empty 200, Tenure app'],
  ['floor', 'floor: HMAC + one INSERT'],
  ['tenure', 'Tenure POST /webhooks/stripe'],
];

interface Req {
  payload: string;
  header: string;
  eventId: string;
}

/** `n` signed deliveries of real-shaped Stripe events; about 20% repeat an earlier event. */
function makeRequests(n: number): { requests: Req[]; unique: number } {
  const store = new StripeStore();
  const driver = new StripeDriver(store, { secrets: [SANDBOX_WEBHOOK_SECRET] });
  const originals: Req[] = [];
  const uniqueWanted = Math.ceil(n * (1 - DUPLICATES));
  while (originals.length < uniqueWanted) {
    const a = driver.customer();
    driver.cardFails(a, { decline_code: 'insufficient_funds' });
    const { invoice, events } = driver.renewal(a);
    events.push(...driver.retry(invoice.id, 72));
    for (const d of driver.signed(events)) originals.push({ payload: d.payload, header: d.header, eventId: d.eventId });
  }
  originals.length = uniqueWanted;
  const requests: Req[] = [];
  let next = 0;
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < n; i++) {
    const dup = next > 0 && (next >= uniqueWanted || rand() < DUPLICATES);
    requests.push(dup ? originals[Math.floor(rand() * next)]! : originals[next++]!);
  }
  return { requests, unique: next };
}

interface Sample {
  requests: number;
  seconds: number;
  latencies: number[];
  non2xx: number;
  /** CPU µs per request: server process, database backends (null: not measurable), load generator */
  cpu: { server: number; db: number | null; client: number };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function post(url: URL, r: Req): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(r.payload), 'stripe-signature': r.header } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(r.payload);
  });
}

/** CPU µs used so far by the server child (asked over IPC) */
function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => {
      const u = m as NodeJS.CpuUsage;
      resolve(u.user + u.system);
    });
    child.send('cpu');
  });
}

/** CPU µs used so far by the database's backends, when PostgreSQL runs here (/proc); null otherwise */
async function dbCpu(admin: pg.Client, database: string): Promise<number | null> {
  const pids = (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database])).rows.map((r) => r.pid);
  const tick = 1e6 / 100; // USER_HZ
  let total = 0;
  try {
    for (const pid of pids) {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * tick;
    }
  } catch {
    return null;
  }
  return total;
}

/**
 * CONNECTIONS loops, each sending the next request when its previous answer came, for `seconds`.
 * `from` is where this variant's cursor stands in the stream; empty variants wrap around (they store
 * nothing, so a repeat costs them nothing more).
 */
async function load(target: string, requests: Req[], from: number, seconds: number, wrap: boolean, probe: () => Promise<[number, number | null]>): Promise<Sample & { next: number; ranOut: boolean }> {
  const url = new URL(target);
  let next = from;
  let non2xx = 0;
  const latencies: number[] = [];
  const [s0, d0] = await probe();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  let ranOut = false;
  const loop = async () => {
    while (Date.now() < end) {
      if (next >= requests.length) {
        if (!wrap) {
          ranOut = true;
          return;
        }
        next = 0;
      }
      const r = requests[next++]!;
      const t = process.hrtime.bigint();
      const status = await post(url, r);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (status < 200 || status >= 300) non2xx++;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const [s1, d1] = await probe();
  const n = Math.max(1, latencies.length);
  return {
    requests: latencies.length,
    seconds: s,
    latencies,
    non2xx,
    cpu: { server: (s1 - s0) / n, db: d0 === null || d1 === null ? null : (d1 - d0) / n, client: (c.user + c.system) / n },
    next,
    ranOut,
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const seconds = flag('seconds', quick ? 3 : 4);
  const rounds = flag('rounds', quick ? 2 : 5);
  // every signature must still be inside Stripe's 300 s tolerance when it is sent
  if (VARIANTS.length * rounds * (seconds + 1) + 20 > 280) throw new Error('--seconds × --rounds too large: the signed requests would go stale (300 s tolerance)');
  const name = `tenure_bench_dunning_${process.pid}`;
  const dataDir = path.join(os.tmpdir(), name);
  const admin = new pg.Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  const version = (await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v;
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  let child: ChildProcess | null = null;
  try {
    out(`Dunning intake benchmark: ${rounds} rounds × ${seconds} s per variant, ${CONNECTIONS} connections (keep-alive), ${DUPLICATES * 100}% duplicate deliveries`);
    out(`(node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, PostgreSQL ${version} at ${new URL(PG_URL).host})`);
    const { requests, unique } = makeRequests(Math.ceil(rounds * seconds * MAX_STORE_RATE));
    const warm = makeRequests(4000).requests;
    out(`  prepared ${fmt(requests.length)} requests (${fmt(unique)} distinct events, ~${fmt(Buffer.byteLength(requests[0]!.payload))} bytes each) and a warm-up stream`);

    // BENCH_SERVER_NODE_ARGS: extra node flags for the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    child = spawn(process.execPath, [...extra, '--import', 'tsx', self, '--serve'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: dbUrl(name), TENURE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const started = child;
    const info = JSON.parse(await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: started.stdout! }).once('line', resolve);
      started.once('exit', (code) => reject(new Error(`the server process exited (${code}) before listening`)));
    })) as { urls: Record<Key, string>; pool: number; logLevel: string; logFile: string };
    out(`  servers up: Tenure's pg pool max ${info.pool} (the floor uses that same pool), Tenure logs at ${info.logLevel} to a file`);
    const probe = async (): Promise<[number, number | null]> => [await serverCpu(started), await dbCpu(admin, name)];

    const sentTenure: Req[] = [];
    for (const [key] of VARIANTS) {
      const w = await load(info.urls[key], warm, 0, 2, key === 'bare' || key === 'same', probe);
      if (key === 'tenure') sentTenure.push(...warm.slice(0, w.next));
    }
    const cursor: Record<Key, number> = { bare: 0, same: 0, floor: 0, tenure: 0 };
    const samples: Record<Key, Sample[]> = { bare: [], same: [], floor: [], tenure: [] };
    for (let round = 1; round <= rounds; round++) {
      const line: string[] = [];
      for (const [key] of VARIANTS) {
        const wrap = key === 'bare' || key === 'same';
        const r = await load(info.urls[key], requests, cursor[key], seconds, wrap, probe);
        if (key === 'tenure') sentTenure.push(...requests.slice(cursor[key], r.next));
        cursor[key] = r.next;
        samples[key].push(r);
        line.push(`${key} ${fmt(r.requests / r.seconds)}/s`);
        if (r.ranOut) out(`  note: ${key} ran out of prepared requests in round ${round}`);
      }
      out(`  round ${round}: ${line.join(', ')}`);
    }

    const stored = await countRows(dbUrl(name));
    const sent = new Set(sentTenure.map((r) => r.eventId)).size;

    out('');
    out(`| ${'variant'.padEnd(30)} | req/s (median) | p50 ms | p99 ms | server µs/req | database µs/req | client µs/req | non-2xx |`);
    out(`| ${'-'.repeat(30)} | -------------: | -----: | -----: | ------------: | --------------: | ------------: | ------: |`);
    const rate = (s: Sample) => s.requests / s.seconds;
    const p99Of: Partial<Record<Key, number>> = {};
    for (const [key, label] of VARIANTS) {
      const ss = samples[key];
      const lat = ss.flatMap((s) => s.latencies).sort((a, b) => a - b);
      p99Of[key] = quantile(lat, 0.99);
      const dbs = ss.map((s) => s.cpu.db).filter((x): x is number => x !== null);
      out(
        `| ${label.padEnd(30)} | ${fmt(median(ss.map(rate))).padStart(14)} | ${quantile(lat, 0.5).toFixed(1).padStart(6)} | ${p99Of[key].toFixed(1).padStart(6)} | ${fmt(median(ss.map((s) => s.cpu.server))).padStart(13)} | ${(dbs.length ? fmt(median(dbs)) : 'n/a').padStart(15)} | ${fmt(median(ss.map((s) => s.cpu.client))).padStart(13)} | ${String(ss.reduce((a, s) => a + s.non2xx, 0)).padStart(7)} |`,
      );
    }
    const perRound = (a: Key, b: Key) => samples[a].map((s, i) => rate(s) / rate(samples[b][i]!));
    const ratio = median(perRound('tenure', 'floor'));
    const p99 = p99Of.tenure!;
    out('');
    out(`Tenure / floor per round: ${perRound('tenure', 'floor').map((x) => x.toFixed(2)).join(', ')} → median ${ratio.toFixed(2)}×`);
    out(`Tenure / empty 200 of the same server (Tenure app): ${median(perRound('tenure', 'same')).toFixed(2)}×; Tenure / bare-Fastify empty 200: ${median(perRound('tenure', 'bare')).toFixed(2)}×; floor / bare empty 200: ${median(perRound('floor', 'bare')).toFixed(2)}×`);
    out(`stored once: webhook_events holds ${fmt(stored)} rows for ${fmt(sent)} distinct events sent to Tenure`);
    out(`targets: Tenure ≥ ${RATIO_TARGET} × floor: ${ratio >= RATIO_TARGET ? 'yes' : 'NO'} (${ratio.toFixed(2)}×); p99 ≤ ${P99_TARGET_MS} ms: ${p99 <= P99_TARGET_MS ? 'yes' : 'NO'} (${p99.toFixed(1)} ms)`);
    if (ratio < RATIO_TARGET || p99 > P99_TARGET_MS || stored !== sent || Object.values(samples).some((ss) => ss.some((s) => s.non2xx))) process.exitCode = 1;
  } finally {
    if (child && child.exitCode === null) {
      const c = child;
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }
    agent.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function countRows(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_events WHERE provider = 'stripe'`)).rows[0]!.n);
  } finally {
    await c.end();
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
