import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixedClock } from '../../db/clock';
import type { Database } from '../../db/database';
import { dueWorkJob, runDueWork, type DueWork } from '../../db/due-work';
import { defineJob, Queue, type JobContext } from '../../db/queue';
import { withTransaction } from '../../db/transaction';
import { testDatabase } from '../support/database';

const quiet = { info() {}, warn() {}, error() {} };
const clock = fixedClock('2026-05-04T08:00:00Z');
let db: Database;
let queue: Queue;
const seen: { name: string; data: unknown; attempt: number }[] = [];
let failuresLeft = 1;

const waitFor = async (check: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  db = await testDatabase();
  queue = new Queue(db, { clock, log: quiet, pollSeconds: 0.5 });
  queue.register(
    defineJob({
      name: 'note',
      schema: z.object({ text: z.string() }),
      async handler(data, ctx) {
        seen.push({ name: 'note', data, attempt: ctx.retryCount });
      },
    }),
    defineJob({
      name: 'rescore',
      schema: z.object({ account: z.string() }),
      policy: 'short',
      async handler() {},
    }),
    defineJob({
      name: 'flaky',
      schema: z.object({}),
      retryLimit: 2,
      retryDelay: 1,
      retryBackoff: true,
      async handler(data, ctx) {
        seen.push({ name: 'flaky', data, attempt: ctx.retryCount });
        if (failuresLeft-- > 0) throw new Error('transient');
      },
    }),
  );
  await queue.start({ work: true });
  await db.query('CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL)');
});
afterAll(async () => {
  await queue?.stop();
  await db?.close();
});

describe('the job queue', () => {
  it('enqueues in the same transaction as the rows: a rollback leaves no job, a commit runs it', async () => {
    await expect(
      withTransaction(db, async (tx) => {
        await tx.query(`INSERT INTO notes (text) VALUES ('lost')`);
        await queue.send('note', { text: 'lost' }, {}, tx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await withTransaction(db, async (tx) => {
      await tx.query(`INSERT INTO notes (text) VALUES ('kept')`);
      await queue.send('note', { text: 'kept' }, {}, tx);
    });
    await waitFor(() => seen.some((s) => (s.data as { text: string }).text === 'kept'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen.filter((s) => s.name === 'note').map((s) => s.data)).toEqual([{ text: 'kept' }]);
  });

  it('refuses job data that does not match the job schema before it enters the queue', async () => {
    await expect(queue.send('note', { text: 42 })).rejects.toThrow();
    await expect(queue.send('nope', {})).rejects.toThrow(/unknown job/);
  });

  it('retries a failing job with backoff and then completes it', async () => {
    const id = await queue.send('flaky', {});
    await waitFor(async () => (await queue.getJob('flaky', id!))?.state === 'completed');
    expect(seen.filter((s) => s.name === 'flaky').map((s) => s.attempt)).toEqual([0, 1]);
  });

  it('delays a job until its start time', async () => {
    const id = await queue.send('note', { text: 'later' }, { startAfter: 2 });
    const sentAt = Date.now();
    await waitFor(async () => (await queue.getJob('note', id!))?.state === 'completed');
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1900);
  });

  it('keeps one waiting job per singleton key', async () => {
    const a = await queue.send('rescore', { account: 'a1' }, { singletonKey: 'a1', startAfter: 60 });
    const b = await queue.send('rescore', { account: 'a1' }, { singletonKey: 'a1', startAfter: 60 });
    const c = await queue.send('rescore', { account: 'a2' }, { singletonKey: 'a2', startAfter: 60 });
    expect(a).toBeTruthy();
    expect(b).toBeNull();
    expect(c).toBeTruthy();
  });
});

describe('due work', () => {
  it('processes rows whose due_at has come, by the clock it is given, once', async () => {
    await db.query(`CREATE TABLE reminders (id int PRIMARY KEY, due_at timestamptz NOT NULL, done_at timestamptz)`);
    await db.query(`INSERT INTO reminders VALUES (1, '2026-05-04T07:59:00Z', NULL), (2, '2026-05-04T08:30:00Z', NULL)`);
    const reminders: DueWork = {
      name: 'reminders',
      async run(d, now) {
        const r = await d.query('UPDATE reminders SET done_at = $1 WHERE due_at <= $1 AND done_at IS NULL RETURNING id', [now]);
        return r.rowCount ?? 0;
      },
    };
    const broken: DueWork = { name: 'broken', run: async () => Promise.reject(new Error('boom')) };
    expect(await runDueWork([broken, reminders], db, clock, quiet)).toEqual({ broken: -1, reminders: 1 });
    expect(await runDueWork([reminders], db, clock, quiet)).toEqual({ reminders: 0 });
    clock.advance(31 * 60_000);
    expect(await runDueWork([reminders], db, clock, quiet)).toEqual({ reminders: 1 });
  });

  it('runs the next tick at once when work that asks for it (the sandbox clock jumping) handled something; once, not in a chain', async () => {
    let jumped = 1;
    const sandboxClock: DueWork = { name: 'clock', followUp: true, run: async () => jumped };
    const job = dueWorkJob([sandboxClock]);
    const sent: [string, unknown][] = [];
    // the queue as the handler sees it, recording what the tick sends
    const ctx = { jobId: 'j', db, clock, log: quiet, retryCount: 0, signal: new AbortController().signal, queue: { send: async (name: string, data: unknown) => (sent.push([name, data]), 'id') } };
    await job.handler({}, ctx as unknown as JobContext);
    expect(sent).toEqual([['due-work', { follow_up: true }]]);
    expect(job.schema.parse(sent[0]![1])).toEqual({ follow_up: true });
    await job.handler({ follow_up: true }, ctx as unknown as JobContext);
    expect(sent).toHaveLength(1);
    jumped = 0;
    await job.handler({}, ctx as unknown as JobContext);
    expect(sent).toHaveLength(1);
  });
});

describe('queue settings', () => {
  it('follow the job definition when it changes between versions', async () => {
    const second = new Queue(db, { clock, log: quiet });
    second.register(defineJob({ name: 'rescore', schema: z.object({ account: z.string() }), policy: 'short', retryLimit: 7, async handler() {} }));
    await second.start({ work: false });
    const row = (await db.query(`SELECT policy, retry_limit FROM pgboss.queue WHERE name = 'rescore'`)).rows[0];
    expect(row).toEqual({ policy: 'short', retry_limit: 7 });
    await second.stop();
  });
});
