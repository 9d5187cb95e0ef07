// Inbound SMS webhook benchmark (issue 11, "Speed"): POST /webhooks/twilio/sms on PostgreSQL at a
// fixed arrival rate (open loop: requests are sent on schedule whether or not earlier ones have
// answered, as Twilio would), measuring each request's latency from its scheduled time. Each request
// is a text from one of 2,000 known contacts, signed with X-Twilio-Signature for PUBLIC_BASE_URL (the
// simulator's golden parameters), 10% of them a re-delivery of an earlier MessageSid. What a request
// does in Tenure: the twilio library's signature check, zod, the contact lookup, the opt-out check,
// the message stored once by its MessageSid and its turn job queued (pg-boss), committed before the
// answer. Workers are off, so only the intake is measured. Target: p99 ≤ 20 ms at 500 webhooks/s.
// The server runs in a child process (the load generator has the parent).
// PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432), a superuser (a database
// tenure_bench_sms_<pid> is created and dropped).
// Usage: npx tsx bench/sms.ts [--rate 500] [--seconds 10] [--rounds 3] [--quick]   (--quick: 3 s, 1 round)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import twilio from 'twilio';
import { loadConfig } from '../server/config';
import { startRuntime } from '../server/runtime';
import inboundTemplate from '../telephony/simulator/golden/inbound-sms.json' with { type: 'json' };
import { SANDBOX_AUTH_TOKEN } from '../telephony/twilio';
import { flag } from './lib/args';

const self = fileURLToPath(import.meta.url);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const PUBLIC = 'https://tenure.bench.example';
const CONTACTS = 2000;
const DUPLICATES = 0.1;
const P99_TARGET_MS = 20;
const quick = process.argv.includes('--quick');
const RATE = flag('rate', 500);
const SECONDS = quick ? 3 : flag('seconds', 10);
const ROUNDS = quick ? 1 : flag('rounds', 3);

const out = (s = '') => process.stdout.write(`${s}\n`);
const phone = (i: number) => `+1555${String(1_000_000 + i).slice(1)}`;
const dbUrl = (name: string) => {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

// ---- the server (child process)

async function serve(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bench-sms-'));
  const config = loadConfig({ ...process.env, PORT: '0', TENURE_DEMO: 'off', TENURE_DATA_DIR: dataDir, PUBLIC_BASE_URL: PUBLIC });
  const logger = pino({ level: config.LOG_LEVEL }, pino.destination({ dest: path.join(dataDir, 'server.log'), sync: false }));
  const rt = await startRuntime(config, { listen: true, work: false, logger });
  await rt.db.query(`INSERT INTO team_members (id, name, email, kind, created_at) VALUES ('tm_b', 'Bench', 'b@example.com', 'account_owner', now())`);
  await rt.db.query(
    `INSERT INTO accounts (id, external_id, name, owner_id, plan, mrr_minor, currency, created_at, updated_at)
     SELECT 'acc_' || i, 'acc_' || i, 'Account ' || i, 'tm_b', 'pro', 10000, 'EUR', now(), now() FROM generate_series(1, $1) i`,
    [CONTACTS],
  );
  await rt.db.query(
    `INSERT INTO contacts (id, external_id, account_id, name, phone, language, role, created_at, updated_at)
     SELECT 'con_' || i, 'con_' || i, 'acc_' || i, 'Contact ' || i, '+1555' || lpad(i::text, 6, '0'), 'en', 'main', now(), now() FROM generate_series(1, $1) i`,
    [CONTACTS],
  );
  process.stdout.write(`${JSON.stringify({ url: `${rt.url}/webhooks/twilio/sms`, pool: rt.db.pool.options.max })}\n`);
  process.on('SIGTERM', () => void rt.close().finally(() => process.exit(0)));
}

// ---- the load (parent)

interface Req {
  body: string;
  signature: string;
}

function requests(n: number): Req[] {
  const path = '/webhooks/twilio/sms';
  const made: Req[] = [];
  const words = ['8', 'The reports are slow lately', 'Call me back next week', 'No, that is all', '10, love it', 'Too expensive for us'];
  for (let i = 0; i < n; i++) {
    if (made.length > 10 && Math.random() < DUPLICATES) {
      made.push(made[Math.floor(Math.random() * made.length)]!);
      continue;
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const params: Record<string, string> = { ...inboundTemplate, MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, From: phone(1 + (i % CONTACTS)), Body: words[i % words.length]! };
    made.push({ body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, PUBLIC + path, params) });
  }
  return made;
}

async function round(url: string, stream: Req[]): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(url);
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const interval = 1000 / RATE;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < stream.length; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const r = stream[i]!;
    pending.push(
      new Promise<void>((resolve) => {
        const req = http.request(
          { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': r.signature, 'content-length': Buffer.byteLength(r.body) } },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(performance.now() - due);
              if (res.statusCode !== 200) errors++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end(r.body);
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return { latencies, errors, seconds: (performance.now() - start) / 1000 };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const name = `tenure_bench_sms_${process.pid}`;
  const admin = new pg.Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  let child: ChildProcess | null = null;
  try {
    child = spawn(process.execPath, ['--import', 'tsx', self, '--serve'], { env: { ...process.env, DATABASE_URL: dbUrl(name) }, stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: child!.stdout! }).once('line', resolve);
      child!.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const { url, pool } = JSON.parse(first) as { url: string; pool: number };
    out(`inbound SMS webhooks on PostgreSQL: ${RATE}/s open loop, ${SECONDS} s × ${ROUNDS} rounds, ${Math.round(DUPLICATES * 100)}% re-deliveries, pool ${pool}, ${os.cpus().length} CPUs`);
    await round(url, requests(Math.min(200, RATE))); // warm-up: JIT, prepared plans, connections
    const p99s: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const r = await round(url, requests(RATE * SECONDS));
      const sorted = r.latencies.sort((a, b) => a - b);
      p99s.push(pct(sorted, 99));
      out(`  round ${i + 1}: ${(r.latencies.length / r.seconds).toFixed(0)} req/s, p50 ${pct(sorted, 50).toFixed(2)} ms, p95 ${pct(sorted, 95).toFixed(2)} ms, p99 ${pct(sorted, 99).toFixed(2)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms, errors ${r.errors}`);
    }
    const median = [...p99s].sort((a, b) => a - b)[Math.floor(p99s.length / 2)]!;
    out(`p99 (median of rounds) ${median.toFixed(2)} ms — target ≤ ${P99_TARGET_MS} ms: ${median <= P99_TARGET_MS ? 'met' : 'NOT met'}`);
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
