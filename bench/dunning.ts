// Dunning intake benchmark (issue 7, "Speed"): POST /webhooks/stripe on PostgreSQL, in one run, against
// two baselines served by the same process with the same Fastify settings:
//   empty   POST /x answering {} (bare Fastify: the HTTP ceiling)
//   floor   POST /x checking an HMAC-SHA256 signature of the raw body (Stripe's scheme, createHmac +
//           timingSafeEqual) and doing one INSERT … ON CONFLICT DO NOTHING per request into a fresh
//           table shaped like webhook_events (pg Pool max 20, synchronous_commit on): perf-floors.md §3
//   tenure  Tenure's own POST /webhooks/stripe (startRuntime, workers off): the stripe SDK's signature
//           check, zod, the store-once INSERT, the intake nudge
// Every variant gets the same requests: signed Stripe events from the local Stripe server's driver
// (invoice.payment_failed, charge.failed, …), 20% of them duplicates of an earlier one. 50 connections,
// keep-alive, one request in flight each (like `autocannon -c 50 -p 1`). Targets: tenure ≥ 0.75 × floor
// requests/s, tenure p99 ≤ 50 ms. The load generator runs in this process; the servers in a child.
// PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432), a superuser (a database
// tenure_bench_dunning_<pid> is created and dropped).
// Usage: npx tsx bench/dunning.ts [--seconds 10] [--quick]   (--quick: 4 s per variant)
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
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
import { loadConfig } from '../server/config';
import { startRuntime } from '../server/runtime';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const CONNECTIONS = 50;
const DUPLICATES = 0.2;
const RATIO_TARGET = 0.75;
const P99_TARGET_MS = 50;

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

async function serve(): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const rt = await startRuntime(loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent', TENURE_DEMO: 'off' }), { listen: true, work: false, logger: pino({ level: 'silent' }) });

  const empty = Fastify({ logger: false });
  empty.post('/x', async () => ({}));
  await empty.listen({ port: 0, host: '127.0.0.1' });

  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.BENCH_FLOOR_POOL ?? 20) });
  await pool.query('CREATE TABLE bench_floor (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, provider text NOT NULL, event_id text NOT NULL, received_at timestamptz NOT NULL, payload jsonb NOT NULL, UNIQUE (provider, event_id))');
  const floor = Fastify({ logger: false });
  floor.removeAllContentTypeParsers();
  floor.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  floor.post('/x', async (req, reply) => {
    const body = req.body as Buffer;
    const header = req.headers['stripe-signature'];
    if (!floorVerify(body, typeof header === 'string' ? header : undefined, SANDBOX_WEBHOOK_SECRET)) return reply.status(400).send({});
    const id = /"id": "(evt_[^"]+)"/.exec(body.toString('utf8', 0, 200))?.[1] ?? '';
    await pool.query(`INSERT INTO bench_floor (provider, event_id, received_at, payload) VALUES ('stripe', $1, now(), $2::jsonb) ON CONFLICT (provider, event_id) DO NOTHING`, [id, body.toString('utf8')]);
    return {};
  });
  await floor.listen({ port: 0, host: '127.0.0.1' });

  const port = (a: ReturnType<typeof empty.server.address>) => (typeof a === 'object' && a ? a.port : 0);
  process.stdout.write(`${JSON.stringify({ tenure: `${rt.url}/webhooks/stripe`, empty: `http://127.0.0.1:${port(empty.server.address())}/x`, floor: `http://127.0.0.1:${port(floor.server.address())}/x` })}\n`);
  process.on('SIGTERM', () => {
    void Promise.all([empty.close(), floor.close(), rt.close(), pool.end()]).finally(() => process.exit(0));
  });
}

// ---- the load (this process)

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

interface Result {
  name: string;
  requests: number;
  seconds: number;
  latencies: number[];
  non2xx: number;
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

/** CONNECTIONS loops, each sending the next request when its previous answer came, for `seconds`. */
async function load(name: string, target: string, requests: Req[], seconds: number): Promise<Result> {
  const url = new URL(target);
  let next = 0;
  let non2xx = 0;
  const latencies: number[] = [];
  const t0 = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  const loop = async () => {
    while (Date.now() < end && next < requests.length) {
      const r = requests[next++]!;
      const t = process.hrtime.bigint();
      const status = await post(url, r);
      latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (status < 200 || status >= 300) non2xx++;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (next >= requests.length) out(`  note: ${name} ran out of prepared requests after ${s.toFixed(1)} s`);
  return { name, requests: latencies.length, seconds: s, latencies, non2xx };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
};

async function main(): Promise<void> {
  const i = process.argv.indexOf('--seconds');
  const seconds = i >= 0 ? Number(process.argv[i + 1]) : process.argv.includes('--quick') ? 4 : 10;
  if (!(seconds > 0)) throw new Error('--seconds takes a positive number');
  const name = `tenure_bench_dunning_${process.pid}`;
  const admin = new pg.Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  const version = (await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0]!.v;
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  let child: ChildProcess | null = null;
  try {
    out(`Dunning intake benchmark: ${seconds} s per variant, ${CONNECTIONS} connections, ${DUPLICATES * 100}% duplicate deliveries`);
    out(`(node ${process.version}, ${os.cpus().length} CPUs, PostgreSQL ${version} at ${new URL(PG_URL).host})`);
    // generous: each variant could at most do ~30k requests per 10 s here; a warm-up stream apart
    const perVariant = Math.ceil(seconds * 6000);
    const warm = makeRequests(3000).requests;
    const { requests, unique } = makeRequests(perVariant);
    out(`  prepared ${fmt(requests.length)} requests per variant (${fmt(unique)} distinct events, ~${fmt(Buffer.byteLength(requests[0]!.payload))} bytes each)`);

    // BENCH_SERVER_NODE_ARGS: extra node flags for the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
    const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    child = spawn(process.execPath, [...extra, '--import', 'tsx', self, '--serve'], { cwd: root, env: { ...process.env, DATABASE_URL: dbUrl(name), TENURE_DATA_DIR: path.join(os.tmpdir(), name) }, stdio: ['ignore', 'pipe', 'inherit'] });
    const urls = JSON.parse(await new Promise<string>((resolve) => readline.createInterface({ input: child!.stdout! }).once('line', resolve))) as Record<'tenure' | 'empty' | 'floor', string>;

    const results: Result[] = [];
    let tenureWarm = 0;
    for (const [label, key] of [['empty 200 (bare Fastify)', 'empty'], ['floor: HMAC + one INSERT', 'floor'], ['Tenure POST /webhooks/stripe', 'tenure']] as const) {
      const w = await load(`${label} warm-up`, urls[key], warm, 2);
      if (key === 'tenure') tenureWarm = w.requests;
      const r = await load(label, urls[key], requests, seconds);
      results.push(r);
      out(`  ${label}: ${fmt(r.requests / r.seconds)} req/s, p99 ${quantile(r.latencies, 0.99).toFixed(1)} ms${r.non2xx ? `, ${r.non2xx} non-2xx` : ''}`);
    }

    const c = new pg.Client({ connectionString: dbUrl(name) });
    await c.connect();
    const stored = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM webhook_events WHERE provider = 'stripe'`)).rows[0]!.n);
    const floorStored = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM bench_floor')).rows[0]!.n);
    await c.end();
    const [empty, floor, tenure] = results as [Result, Result, Result];
    const sent = new Set([...warm.slice(0, tenureWarm), ...requests.slice(0, tenure.requests)].map((r) => r.eventId)).size;

    out('');
    out(`| ${'variant'.padEnd(30)} | requests |   req/s |  p50 ms |  p99 ms |  max ms | non-2xx |`);
    out(`| ${'-'.repeat(30)} | -------: | ------: | ------: | ------: | ------: | ------: |`);
    for (const r of results) {
      out(`| ${r.name.padEnd(30)} | ${fmt(r.requests).padStart(8)} | ${fmt(r.requests / r.seconds).padStart(7)} | ${quantile(r.latencies, 0.5).toFixed(1).padStart(7)} | ${quantile(r.latencies, 0.99).toFixed(1).padStart(7)} | ${Math.max(...r.latencies).toFixed(1).padStart(7)} | ${String(r.non2xx).padStart(7)} |`);
    }
    const rate = (r: Result) => r.requests / r.seconds;
    const ratio = rate(tenure) / rate(floor);
    const p99 = quantile(tenure.latencies, 0.99);
    out('');
    out(`ratios: Tenure / floor ${ratio.toFixed(2)}×; Tenure / empty 200 ${(rate(tenure) / rate(empty)).toFixed(2)}×; floor / empty 200 ${(rate(floor) / rate(empty)).toFixed(2)}×`);
    out(`stored once: webhook_events holds ${fmt(stored)} rows for ${fmt(sent)} distinct events sent (floor table: ${fmt(floorStored)})`);
    out(`targets: Tenure ≥ ${RATIO_TARGET} × floor: ${ratio >= RATIO_TARGET ? 'yes' : 'NO'} (${ratio.toFixed(2)}×); p99 ≤ ${P99_TARGET_MS} ms: ${p99 <= P99_TARGET_MS ? 'yes' : 'NO'} (${p99.toFixed(1)} ms)`);
    if (ratio < RATIO_TARGET || p99 > P99_TARGET_MS || stored !== sent || results.some((r) => r.non2xx)) process.exitCode = 1;
  } finally {
    if (child) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    agent.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
