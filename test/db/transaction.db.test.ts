import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database';
import { claimTransition } from '../../db/at-most-once';
import { withDeferredTransaction, withTransaction } from '../../db/transaction';
import { testDatabase } from '../support/database';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
  await db.query('CREATE TABLE items (id int PRIMARY KEY)');
});
afterAll(() => db?.close());

describe('withTransaction', () => {
  it('writes every row or none', async () => {
    await expect(
      withTransaction(db, async (tx) => {
        await tx.query('INSERT INTO items VALUES (1), (2)');
        await tx.query('INSERT INTO items VALUES (2)'); // duplicate key
      }),
    ).rejects.toThrow(/duplicate key/);
    expect((await db.query('SELECT count(*)::int AS n FROM items')).rows[0]!.n).toBe(0);
    await withTransaction(db, async (tx) => {
      await tx.query('INSERT INTO items VALUES (1), (2)');
      await withTransaction(tx, (inner) => inner.query('INSERT INTO items VALUES (3)')); // joins, does not nest
    });
    expect((await db.query('SELECT count(*)::int AS n FROM items')).rows[0]!.n).toBe(3);
  });

  it('leaves the connection usable after a rollback', async () => {
    await expect(withTransaction(db, (tx) => tx.query('SELECT 1/0'))).rejects.toThrow();
    expect((await db.query('SELECT 2 AS two')).rows[0]!.two).toBe(2);
  });

  it('refuses a pool query or a second transaction made while holding one (a deadlock on the embedded pool)', async () => {
    await expect(withTransaction(db, () => db.query('SELECT 1'))).rejects.toThrow(/use the tx argument/);
    await expect(withTransaction(db, () => withTransaction(db, async () => 1))).rejects.toThrow(/pass its tx/);
    expect((await db.query('SELECT 1 AS one')).rows[0]!.one).toBe(1);
  });
});

describe('withDeferredTransaction', () => {
  const count = async () => (await db.query('SELECT count(*)::int AS n FROM items')).rows[0]!.n as number;
  it('stores the last statement alone, or every statement with it, or none', async () => {
    await db.query('DELETE FROM items');
    await withDeferredTransaction(db, (tx) => tx.last('INSERT INTO items VALUES (10)'));
    expect(await count()).toBe(1);
    await expect(
      withDeferredTransaction(db, async (tx) => {
        await tx.query('INSERT INTO items VALUES (11)');
        await tx.last('INSERT INTO items VALUES (10)'); // duplicate key: 11 goes too
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await count()).toBe(1);
    await expect(
      withDeferredTransaction(db, async (tx) => {
        await tx.query('INSERT INTO items VALUES (12)');
        throw new Error('the tool failed');
      }),
    ).rejects.toThrow(/the tool failed/);
    expect(await count()).toBe(1);
    await withDeferredTransaction(db, async (tx) => {
      await tx.query('INSERT INTO items VALUES (13)');
      await tx.last('INSERT INTO items VALUES (14)');
    });
    expect((await db.query('SELECT array_agg(id ORDER BY id) AS ids FROM items')).rows[0]!.ids).toEqual([10, 13, 14]);
  });

  it('refuses a statement after the last one, and a pool query inside', async () => {
    await expect(
      withDeferredTransaction(db, async (tx) => {
        await tx.last('SELECT 1');
        await tx.query('SELECT 2');
      }),
    ).rejects.toThrow(/after the deferred transaction ended/);
    await expect(withDeferredTransaction(db, () => db.query('SELECT 1'))).rejects.toThrow(/use the tx argument/);
    expect((await db.query('SELECT 1 AS one')).rows[0]!.one).toBe(1);
  });
});

describe('claimTransition (at-most-once by state)', () => {
  it('lets exactly one of several concurrent attempts make the call', async () => {
    await db.query(`CREATE TABLE calls (id text PRIMARY KEY, state text NOT NULL)`);
    await db.query(`INSERT INTO calls VALUES ('c1', 'queued')`);
    const attempts = await Promise.all(Array.from({ length: 5 }, () => claimTransition(db, 'calls', 'c1', 'queued', 'dialing')));
    expect(attempts.filter(Boolean)).toHaveLength(1);
    expect((await db.query(`SELECT state FROM calls`)).rows[0]!.state).toBe('dialing');
    expect(await claimTransition(db, 'calls', 'c1', 'queued', 'dialing')).toBe(false);
    await expect(claimTransition(db, 'calls; drop table calls', 'c1', 'a', 'b')).rejects.toThrow(/not an identifier/);
  });
});
