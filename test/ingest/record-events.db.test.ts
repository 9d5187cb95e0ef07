import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { fixedClock } from '../../db/clock';
import { withTransaction } from '../../db/transaction';
import { recordEvents } from '../../ingest/events/store';
import { testDatabase } from '../support/database';

// Tenure's own events (a wrap-up's, a finished call's, a payment case's) are stored all together or
// not at all: a refusal is a bug in the writer and fails its transaction; a replay changes nothing.

const clock = fixedClock('2026-11-20T10:00:00Z');
let db: Database;
beforeAll(async () => {
  db = await testDatabase();
  await db.query(`INSERT INTO accounts (id, external_id, name, created_at, updated_at) VALUES ('acc_r', 'r', 'R', now(), now())`);
});
afterAll(async () => db?.close());

const nps = (score: number, key = 'agent:nps:conv_r') => ({ kind: 'nps.answered', account_id: 'acc_r', occurred_at: '2026-11-20T09:00:00Z', dedupe_key: key, payload: { score } });
const count = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE account_id = 'acc_r'`)).rows[0]!.n);
const marked = async () => (await db.query(`SELECT 1 FROM rescore_due WHERE account_id = 'acc_r'`)).rows.length;

describe('recording Tenure\'s own events', () => {
  it('stores the batch and marks the account; a replay of the same batch changes nothing', async () => {
    await withTransaction(db, (tx) => recordEvents(tx, clock, [nps(8), nps(3, 'agent:nps:conv_r2')], 'agent', 'wrap-up events'));
    expect(await count()).toBe(2);
    expect(await marked()).toBe(1);
    await withTransaction(db, (tx) => recordEvents(tx, clock, [nps(8)], 'agent', 'wrap-up events'));
    expect(await count()).toBe(2);
  });

  it('fails the whole transaction, naming the item, on an invalid event or a conflicting replay', async () => {
    const write = (items: unknown[]) =>
      withTransaction(db, async (tx) => {
        await tx.query(`UPDATE accounts SET name = 'changed' WHERE id = 'acc_r'`);
        await recordEvents(tx, clock, items, 'agent', 'wrap-up events');
      });
    await expect(write([nps(5, 'agent:nps:new'), nps(11, 'agent:nps:bad')])).rejects.toThrow(/^wrap-up events refused: item 1 payload\.score/);
    await expect(write([nps(5, 'agent:nps:new2'), nps(9)])).rejects.toThrow(/wrap-up events refused: item 1 dedupe_key: .*different content/);
    // nothing of either batch, nor the rest of its transaction, was kept
    expect(await count()).toBe(2);
    expect((await db.query(`SELECT name FROM accounts WHERE id = 'acc_r'`)).rows[0]).toEqual({ name: 'R' });
  });
});
