// Voice benchmark (issue 13, "Speed"): concurrent simulated calls through the real ConversationRelay
// WebSocket path on PostgreSQL with the offline model. Each call is a leg whose conversation was
// opened (its greeting made) before the clock starts; the load generator then plays Twilio: the
// signed status callbacks (initiated, ringing, answered), a signed WebSocket upgrade and `setup`,
// then one customer turn every 3 ± 1 s for 10 turns; when the agent ends the call (`end`), the
// session closes at once; the `<Connect action>` callback follows the session's end (Tenure's or the
// caller's hang-up), as Twilio does; then the final `completed` callback. Measured: Tenure's added latency per turn as the issue defines it
// (prompt received → first `text` frame sent, timed inside the server by the relay session), the same
// turn as the load generator saw it (prompt sent → first `text` frame received over loopback: an upper
// bound that adds both processes' queues and the kernel), webhook handling (request received →
// response sent, timed in the server; and as the load generator saw it), the server process's CPU,
// dropped sessions (a socket closed before the agent's `end` or the customer's hang-up), and how
// many statements waited for a pooled connection.
// Targets: p99 ≤ 15 ms per turn, ≤ 20 ms per webhook, no drops.
// PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432), a superuser (a database
// tenure_bench_voice_<pid> is created and dropped).
// Usage: npx tsx bench/voice.ts [--calls 200] [--turns 10] [--quick]   (--quick: 20 calls, 4 turns)
// BENCH_CHILD_FLAGS='--cpu-prof --cpu-prof-dir=DIR' passes node flags to the server process (a CPU
// profile of Tenure alone; the profiler adds about a third to the CPU time, more to system calls).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import twilio from 'twilio';
import WebSocket from 'ws';
import { agentFor } from '../agent/runtime';
import { loadConfig } from '../server/config';
import { startRuntime } from '../server/runtime';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../telephony/twilio';
import { voicePaths } from '../telephony/voice/twiml';
import { flag } from './lib/args';
import { admin, PG_URL } from './lib/postgres';

const self = fileURLToPath(import.meta.url);
const PUBLIC = 'https://tenure.bench.example';
const quick = process.argv.includes('--quick');
const CALLS = quick ? 20 : flag('calls', 200);
const TURNS = quick ? 4 : flag('turns', 10);
const TURN_TARGET_MS = 15;
/** calls made before the measured ones (JIT, prepared plans, the agent's graph), not counted */
const WARM = 5;
const WEBHOOK_TARGET_MS = 20;
const LINES = [
  'Honestly the reports have been slow lately', 'We are thinking about the price for next year', 'The export to Excel is what we use most',
  'Some of the team never logged in', 'Support answered quickly last time', 'Our budget is under review this quarter',
  'We might add two seats in spring', 'The mobile app crashes now and then', 'I would like a training session', 'That is all I can think of',
];

const out = (s = '') => process.stdout.write(`${s}\n`);
const dbUrl = (name: string) => {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
};
const sid = (prefix: string, i: number) => prefix + i.toString(16).padStart(32, '0');

// ---- the server (child process): Tenure, and the calls' legs and opened conversations

async function serve(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bench-voice-'));
  const config = loadConfig({ ...process.env, PORT: '0', TENURE_DEMO: 'off', TENURE_DATA_DIR: dataDir, PUBLIC_BASE_URL: PUBLIC });
  const logger = pino({ level: config.LOG_LEVEL }, pino.destination({ dest: path.join(dataDir, 'server.log'), sync: false }));
  const rt = await startRuntime(config, { listen: true, work: false, logger });
  const db = rt.db;
  await db.query(`INSERT INTO team_members (id, name, email, kind, created_at) VALUES ('tm_b', 'Bench', 'b@example.com', 'account_owner', now())`);
  await db.query(
    `INSERT INTO accounts (id, external_id, name, owner_id, plan, mrr_minor, currency, created_at, updated_at)
     SELECT 'acc_' || i, 'acc_' || i, 'Account ' || i, 'tm_b', 'pro', 10000, 'EUR', now(), now() FROM generate_series(1, $1) i`, [CALLS + WARM],
  );
  await db.query(
    `INSERT INTO contacts (id, external_id, account_id, name, phone, language, role, created_at, updated_at)
     SELECT 'con_' || i, 'con_' || i, 'acc_' || i, 'Contact ' || i, '+1555' || lpad(i::text, 6, '0'), 'en', 'main', now(), now() FROM generate_series(1, $1) i`, [CALLS + WARM],
  );
  const agent = await agentFor(config, db, rt.ctx.clock);
  for (let i = 1; i <= CALLS + WARM; i++) {
    await agent.open({ conversationId: `conv_leg_${i}`, channel: 'voice', contactId: `con_${i}`, play: 'health_check', lang: 'en' });
  }
  await db.query(
    `INSERT INTO call_legs (id, sid, conversation_id, contact_id, account_id, play, purpose, lang, from_number, to_number, status, due_at, dialed_at, updated_at, created_at)
     SELECT 'leg_' || i, 'CA' || lpad(to_hex(i), 32, '0'), 'conv_leg_' || i, 'con_' || i, 'acc_' || i, 'health_check', 'service', 'en', '+15005550006', '+1555' || lpad(i::text, 6, '0'),
            'queued', now(), now(), now(), now() FROM generate_series(1, $1) i`, [CALLS + WARM],
  );
  // Tenure's own measure of each turn (prompt received → first text frame sent), with when it was
  // taken; sent to the load generator when it asks (SIGUSR2)
  const timings: [number, number][] = [];
  rt.ctx.relayTimings.push((ms) => timings.push([Date.now(), ms]));
  // and its handling of each status and <Connect action> callback: the request's headers parsed (this listener goes
  // before Fastify's) → the response's last byte handed to the socket; with the leg's number, so the
  // warm-up calls' late callbacks can be left out
  const hooks: [number, number, number][] = [];
  rt.app!.server.prependListener('request', (req, res) => {
    const leg = /\/voice\/leg_(\d+)\/(status|action)$/.exec(req.url ?? '');
    if (!leg) return;
    const t = performance.now();
    res.once('finish', () => hooks.push([Date.now(), performance.now() - t, Number(leg[1])]));
  });
  // statements waiting for a pooled connection, sampled every 5 ms: background work that holds every
  // connection makes the customer turns wait for one
  const poolWaits: number[] = [];
  setInterval(() => poolWaits.push(db.pool.waitingCount), 5).unref();
  process.on('SIGUSR2', () => process.stdout.write(`${JSON.stringify({ timings, hooks, pool: { max: Math.max(0, ...poolWaits), waitingShare: poolWaits.filter((n) => n > 0).length / Math.max(1, poolWaits.length) } })}\n`));
  process.stdout.write(`${JSON.stringify({ url: rt.url, pid: process.pid })}\n`);
  process.on('SIGTERM', () => void rt.close().finally(() => process.exit(0)));
}

// ---- the load (parent): Twilio's side of each call

interface Stats {
  turns: number[];
  webhooks: number[];
  dropped: number;
  ended: number;
  errors: number;
}

async function webhook(base: string, legId: string, callSid: string, status: string, s: Stats, action = false): Promise<void> {
  const p = action ? voicePaths.action(legId) : voicePaths.status(legId);
  const params = {
    AccountSid: SANDBOX_ACCOUNT_SID, CallSid: callSid, CallStatus: status, Direction: 'outbound-api', ApiVersion: '2010-04-01',
    ...(status === 'completed' ? { CallDuration: '30' } : {}), ...(action ? { SessionStatus: 'ended', SessionDuration: '20' } : {}),
  };
  const t = performance.now();
  const res = await fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, PUBLIC + p, params) }, body: new URLSearchParams(params).toString() });
  await res.text();
  s.webhooks.push(performance.now() - t);
  if (res.status >= 300) s.errors++;
}

async function call(base: string, i: number, s: Stats, turns = TURNS): Promise<void> {
  const legId = `leg_${i}`;
  const callSid = sid('CA', i);
  // calls start spread over the first 3 s, as a dialler would place them
  await new Promise((r) => setTimeout(r, Math.random() * 3000));
  for (const st of ['initiated', 'ringing', 'in-progress']) await webhook(base, legId, callSid, st, s);
  const path = voicePaths.relay(legId);
  const ws = new WebSocket(base.replace(/^http/, 'ws') + path, { headers: { 'x-twilio-signature': twilio.getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, PUBLIC.replace(/^http/, 'ws') + path, {}) } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let sentAt = 0;
  let waiting: (() => void) | null = null;
  let ended = false;
  // Twilio closes the session as soon as it has the agent's `end`: no pause before the callbacks
  let endNow = () => {};
  const endFrame = new Promise<void>((r) => (endNow = r));
  let hungUp = false;
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as { type: string; last?: boolean };
    if (f.type === 'text' && sentAt) {
      s.turns.push(performance.now() - sentAt);
      sentAt = 0;
    }
    if (f.type === 'end') {
      ended = true;
      endNow();
    }
    if ((f.type === 'text' && f.last) || f.type === 'end') waiting?.();
  });
  const closed = new Promise<void>((r) => ws.once('close', () => r()));
  ws.once('close', () => {
    if (!ended && !hungUp) s.dropped++;
    waiting?.();
  });
  ws.send(JSON.stringify({ type: 'setup', sessionId: sid('VX', i), callSid, accountSid: SANDBOX_ACCOUNT_SID, from: '+15005550006', to: `+1555${String(i).padStart(6, '0')}`, direction: 'outbound-api', customParameters: { conversationId: `conv_leg_${i}` } }));
  for (let t = 0; t < turns; t++) {
    await Promise.race([endFrame, new Promise((r) => setTimeout(r, 2000 + Math.random() * 2000))]);
    // the agent's `end` (sent just after its last words) ends the session: no more prompts
    if (ended || ws.readyState !== WebSocket.OPEN) break;
    const answered = new Promise<void>((r) => (waiting = r));
    sentAt = performance.now();
    ws.send(JSON.stringify({ type: 'prompt', voicePrompt: LINES[(i + t) % LINES.length], lang: 'en-US', last: true }));
    await Promise.race([answered, new Promise((r) => setTimeout(r, 10_000))]);
  }
  if (ended) s.ended++;
  hungUp = true;
  ws.close(1000);
  await closed;
  // a session's end, whether Tenure ended it or the caller hung up, is followed by its <Connect action>
  await webhook(base, legId, callSid, ended ? 'in-progress' : 'completed', s, true);
  await webhook(base, legId, callSid, 'completed', s);
}

function cpuSeconds(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime + stime, in clock ticks (100 a second on Linux)
  return (Number(f[11]) + Number(f[12])) / 100;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const name = `tenure_bench_voice_${process.pid}`;
  await admin(`CREATE DATABASE ${name}`);
  let child: ChildProcess | null = null;
  try {
    child = spawn(process.execPath, [...(process.env.BENCH_CHILD_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', self, '--serve', ...process.argv.slice(2)], { env: { ...process.env, DATABASE_URL: dbUrl(name) }, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: child.stdout! });
    const nextLine = () =>
      new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child!.once('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
    const first = await nextLine();
    const { url, pid } = JSON.parse(first) as { url: string; pid: number };
    out(`voice on PostgreSQL: ${CALLS} concurrent calls, up to ${TURNS} turns each every 3 ± 1 s, offline model, ${os.cpus().length} CPUs`);
    await Promise.all(Array.from({ length: WARM }, (_, k) => call(url, CALLS + k + 1, { turns: [], webhooks: [], dropped: 0, ended: 0, errors: 0 }, 3)));
    const s: Stats = { turns: [], webhooks: [], dropped: 0, ended: 0, errors: 0 };
    const cpu0 = cpuSeconds(pid);
    const own0 = process.cpuUsage();
    const since = Date.now();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CALLS }, (_, k) => call(url, k + 1, s)));
    const wall = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(pid) - cpu0;
    const own = process.cpuUsage(own0);
    const asked = nextLine();
    child.kill('SIGUSR2');
    const measured = JSON.parse(await asked) as { timings: [number, number][]; hooks: [number, number, number][]; pool: { max: number; waitingShare: number } };
    const inServer = measured.timings.filter(([at]) => at >= since).map(([, ms]) => ms).sort((a, b) => a - b);
    const hooksInServer = measured.hooks.filter(([at, , leg]) => at >= since && leg <= CALLS).map(([, ms]) => ms).sort((a, b) => a - b);
    const turns = s.turns.sort((a, b) => a - b);
    const hooks = s.webhooks.sort((a, b) => a - b);
    out(`  turns ${inServer.length}, Tenure's added latency (prompt received → first text frame sent, timed in the server): p50 ${pct(inServer, 50).toFixed(2)} ms, p90 ${pct(inServer, 90).toFixed(2)} ms, p99 ${pct(inServer, 99).toFixed(2)} ms, max ${inServer.at(-1)?.toFixed(1)} ms — target p99 ≤ ${TURN_TARGET_MS} ms: ${pct(inServer, 99) <= TURN_TARGET_MS ? 'met' : 'NOT met'}`);
    out(`  turns ${turns.length}, as the load generator saw them (prompt sent → first text frame received, over loopback, an upper bound): p50 ${pct(turns, 50).toFixed(2)} ms, p90 ${pct(turns, 90).toFixed(2)} ms, p99 ${pct(turns, 99).toFixed(2)} ms, max ${turns.at(-1)?.toFixed(1)} ms`);
    out(`  webhooks ${hooksInServer.length}, Tenure's handling (request received → response sent, timed in the server): p50 ${pct(hooksInServer, 50).toFixed(2)} ms, p90 ${pct(hooksInServer, 90).toFixed(2)} ms, p99 ${pct(hooksInServer, 99).toFixed(2)} ms, max ${hooksInServer.at(-1)?.toFixed(1)} ms — target p99 ≤ ${WEBHOOK_TARGET_MS} ms: ${pct(hooksInServer, 99) <= WEBHOOK_TARGET_MS ? 'met' : 'NOT met'}; errors ${s.errors}`);
    out(`  webhooks ${hooks.length}, as the load generator saw them (request sent → response read, an upper bound): p50 ${pct(hooks, 50).toFixed(2)} ms, p90 ${pct(hooks, 90).toFixed(2)} ms, p99 ${pct(hooks, 99).toFixed(2)} ms`);
    out(`  server CPU ${cpu.toFixed(1)} s over ${wall.toFixed(1)} s (${((cpu / wall) * 100).toFixed(0)}% of one core), load generator's CPU ${((own.user + own.system) / 1e6).toFixed(1)} s; calls the agent ended ${s.ended}/${CALLS}; dropped sessions ${s.dropped}`);
    out(`  statements waiting for a pooled connection (sampled every 5 ms, whole run): at most ${measured.pool.max}, some waiting ${(measured.pool.waitingShare * 100).toFixed(1)}% of the time`);
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
