// Conversation graph benchmark (issue 10, "Speed"): the in-process agent overhead per customer turn
// with the offline provider on PostgreSQL: from customerTurn() called to the first agent token,
// which includes making the customer turn durable (its INSERT committed), reading the checkpoint,
// the dialogue, the tools and the agent turn in one transaction, and the checkpoint written after.
// Turns arrive open-loop at --rate turns/s (default 67) across many conversations of the NPS play
// (score, why, "no"), a new conversation opening as one ends; the opening is not measured. The
// conversations are in all three phases at once, so wrap-ups and openings are spread over the run.
// Target: p99 ≤ 10 ms at 67 turns/s.
// PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432), a superuser (a database
// tenure_bench_conv_<pid> is created and dropped).
// Usage: npx tsx bench/conversation.ts [--seconds 20] [--rate 67]
import { Conversations } from '../agent/graph/port';
import { toolPolicy } from '../agent/runtime';
import { offlineProvider } from '../agent/understanding';
import { systemClock } from '../db/clock';
import { connect } from '../db/database';
import { migrate } from '../db/migrate';
import { flag } from './lib/args';
import { admin, PG_URL } from './lib/postgres';

const SECONDS = flag('seconds', 20);
const RATE = flag('rate', 67);
const P99_TARGET_MS = 10;
const CONVERSATIONS = 200;
const SCRIPT = ['8', 'The reports are a bit slow for us but the rest is fine.', 'No, that is all.'];

const out = (s = '') => process.stdout.write(`${s}\n`);
const name = `tenure_bench_conv_${process.pid}`;
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

await admin(`CREATE DATABASE ${name}`);
const db = connect(`${PG_URL}/${name}`, 'postgres', 10, async () => {});
try {
  await migrate(db);
  await db.query(`INSERT INTO accounts (id, external_id, name, created_at, updated_at) SELECT 'acc_' || i, 'b' || i, 'Bench ' || i, now(), now() FROM generate_series(1, ${CONVERSATIONS}) i`);
  await db.query(`INSERT INTO contacts (id, external_id, account_id, name, created_at, updated_at) SELECT 'con_' || i, 'c' || i, 'acc_' || i, 'Sam Bench', now(), now() FROM generate_series(1, ${CONVERSATIONS}) i`);
  const port = await Conversations.create({ db, clock: systemClock, policy: toolPolicy({ TENURE_MAX_DISCOUNT_PERCENT: 20 }), understanding: offlineProvider });

  // each slot is one contact's current conversation and how far into the script it is
  const slots = Array.from({ length: CONVERSATIONS }, (_, i) => ({ contact: `con_${i + 1}`, conv: '', step: 0, n: 0, busy: false }));
  const openSlot = async (s: (typeof slots)[number]) => {
    s.conv = `conv_${s.contact}_${s.n++}`;
    s.step = 0;
    await port.open({ conversationId: s.conv, channel: 'text', contactId: s.contact, play: 'nps', lang: 'en' });
  };
  for (const s of slots) await openSlot(s);

  const firstToken: number[] = [];
  const whole: number[] = [];
  let missed = 0;
  const runTurn = async (s: (typeof slots)[number]) => {
    s.busy = true;
    const text = SCRIPT[s.step]!;
    const started = performance.now();
    let first = 0;
    for await (const e of port.customerTurn({ conversationId: s.conv, eventId: `${s.conv}:${s.step}`, text, at: new Date().toISOString() }, new AbortController().signal)) {
      if (e.type === 'token' && !first) first = performance.now() - started;
    }
    firstToken.push(first);
    whole.push(performance.now() - started);
    s.step++;
    if (s.step === SCRIPT.length) await openSlot(s);
    s.busy = false;
  };

  const f = (n: number) => n.toFixed(2);
  const report = (label: string) => {
    firstToken.sort((a, b) => a - b);
    whole.sort((a, b) => a - b);
    out(`${label}: customer text in → first agent token (ms): p50 ${f(pct(firstToken, 50))}  p90 ${f(pct(firstToken, 90))}  p99 ${f(pct(firstToken, 99))}  max ${f(firstToken.at(-1)!)}`);
    out(`${label}: whole turn incl. checkpoint and wrap-up (ms): p50 ${f(pct(whole, 50))}  p90 ${f(pct(whole, 90))}  p99 ${f(pct(whole, 99))}  max ${f(whole.at(-1)!)}`);
  };

  // warm-up, not counted
  for (const s of slots.slice(0, 20)) await runTurn(s);
  firstToken.length = 0;
  whole.length = 0;
  // one turn at a time: the overhead with no queueing, and the CPU each turn costs this process
  const cpu0 = process.cpuUsage();
  for (const s of slots.slice(20, 170)) await runTurn(s);
  const cpu = process.cpuUsage(cpu0);
  out(`one at a time: ${firstToken.length} turns, ${f((cpu.user + cpu.system) / 1000 / firstToken.length)} ms of CPU per turn in this process (the database's not counted)`);
  report('one at a time');
  firstToken.length = 0;
  whole.length = 0;

  // Conversations in every phase at once, as real ones are. Without this the slots move in step
  // (each takes its turn in the same order, a round every 3 s at 67 turns/s), so one round in three
  // ends and reopens nearly all of them (about 60 wrap-ups and openings a second) and the two rounds
  // between have none.
  for (const [i, s] of slots.entries()) while (s.step !== i % SCRIPT.length) await runTurn(s);
  firstToken.length = 0;
  whole.length = 0;

  const total = SECONDS * RATE;
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  let next = 0;
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    let s = slots[next++ % slots.length]!;
    for (let k = 0; s.busy && k < slots.length; k++) s = slots[next++ % slots.length]!;
    if (s.busy) {
      missed++;
      continue;
    }
    inflight.push(runTurn(s));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  out(`at ${RATE} turns/s: ${firstToken.length} turns in ${elapsed.toFixed(1)} s (${(firstToken.length / elapsed).toFixed(1)} turns/s done), ${missed} skipped (all conversations busy)`);
  report(`at ${RATE}/s`);
  out(`target p99 ≤ ${P99_TARGET_MS} ms: ${pct(firstToken, 99) <= P99_TARGET_MS ? 'met' : 'NOT met'}`);
} finally {
  await db.close();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
