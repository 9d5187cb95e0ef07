import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import type { Database } from '../../db/database';
import { withTransaction } from '../../db/transaction';
import { ingestEvents } from '../../ingest/events/store';
import { measure } from '../../scoring/signals/measures';
import { testDatabase } from '../support/database';

// The daily rollup scores read instead of raw events (score_days, db/migrations/0007_score_days.sql):
// kept up to date by every insert, equal to one rebuilt from the events, and point-in-time exact at
// midnight (an event received late is not known before it arrived).
const clock = fixedClock('2026-11-20T12:00:00Z');
let db: Database;
const usage = (day: string, actions: number, extra: Record<string, unknown> = {}) => ({
  kind: 'usage.daily',
  account_id: 'acc_r1',
  occurred_at: `${day}T23:30:00Z`,
  payload: { active_users: 3, sessions: 4, key_actions: actions, features_used: ['quotes', 'crm'] },
  ...extra,
});
// each event arrives as it happens, unless the test moves the clock past it first
const ingest = async (items: ({ occurred_at: string } & Record<string, unknown>)[], o: { late?: boolean } = {}) => {
  const total = { accepted: 0, already_present: 0 };
  for (const item of items) {
    if (!o.late) clock.set(new Date(item.occurred_at));
    const r = await withTransaction(db, (tx) => ingestEvents(tx, clock, [item], 'api'));
    total.accepted += r.accepted;
    total.already_present += r.already_present;
  }
  return total;
};
type Row = { account_id: string; day: string; usage_n: number; key_actions: number; features: number; tickets_opened: number; tickets_resolved: number };
const rollup = async () => (await db.query<{ r: Row }>('SELECT to_jsonb(d) AS r FROM score_days d ORDER BY account_id, day, known')).rows.map((x) => x.r);
const rare = async () => (await db.query<{ r: Record<string, unknown> }>('SELECT to_jsonb(d) AS r FROM score_rare_days d ORDER BY account_id, day, known')).rows.map((x) => x.r);

beforeAll(async () => {
  db = await testDatabase();
  await db.query(
    `INSERT INTO accounts (id, external_id, name, seats, started_at, created_at, updated_at)
     VALUES ('acc_r1', 'R1', 'Rollup One', 10, '2025-01-01Z', now(), now()), ('acc_r2', 'R2', 'Rollup Two', 10, '2025-01-01Z', now(), now())`,
  );
});
afterAll(() => db?.close());

describe('the daily rollup of events', () => {
  it('is kept by every insert, counts a re-delivered event once, and equals a rebuild from the events', async () => {
    const first = await ingest([
      usage('2026-11-01', 10),
      usage('2026-11-02', 20),
      { kind: 'login', account_id: 'acc_r2', occurred_at: '2026-11-02T08:00:00Z', payload: {} },
      { kind: 'ticket.opened', account_id: 'acc_r1', occurred_at: '2026-11-02T09:00:00Z', payload: { ticket_id: 't1' } },
      { kind: 'ticket.resolved', account_id: 'acc_r1', occurred_at: '2026-11-03T09:00:00Z', payload: { ticket_id: 't1', category: 'bug', hours_open: 24 } },
      // an event at exactly midnight belongs to the day that ends there
      { kind: 'ticket.opened', account_id: 'acc_r1', occurred_at: '2026-11-04T00:00:00Z', payload: { ticket_id: 't2' } },
      // the rare kinds have a rollup of their own
      { kind: 'nps.answered', account_id: 'acc_r1', occurred_at: '2026-11-02T10:00:00Z', payload: { score: 3 } },
      { kind: 'nps.answered', account_id: 'acc_r1', occurred_at: '2026-11-02T11:00:00Z', payload: { score: 8 } },
      { kind: 'call.completed', account_id: 'acc_r1', occurred_at: '2026-11-03T10:00:00Z', payload: { duration_s: 600, topic: 'technical' } },
    ]);
    expect(first.accepted).toBe(9);
    // the same events again (stored once), and more on a day that already has a row
    const again = await ingest([usage('2026-11-01', 10), usage('2026-11-02', 20), { kind: 'ticket.opened', account_id: 'acc_r1', occurred_at: '2026-11-02T15:00:00Z', payload: { ticket_id: 't3' } }]);
    expect(again).toEqual({ accepted: 1, already_present: 2 });

    const kept = await rollup();
    const nov2 = kept.find((r) => r.account_id === 'acc_r1' && r.day === '2026-11-02')!;
    expect(nov2).toMatchObject({ usage_n: 1, key_actions: 20, features: 2, tickets_opened: 2 });
    const nov3 = kept.find((r) => r.account_id === 'acc_r1' && r.day === '2026-11-03')!;
    expect(nov3).toMatchObject({ tickets_opened: 1, tickets_resolved: 1 });
    const keptRare = await rare();
    expect(keptRare).toHaveLength(2);
    await db.query('SELECT score_days_rebuild()');
    expect(await rollup()).toEqual(kept);
    expect(await rare()).toEqual(keptRare);
  });

  it('counts an event from the day it was received: a score as of an earlier midnight does not see it', async () => {
    const before = new Date('2026-11-20T00:00:00Z');
    const [m0] = await withTransaction(db, (tx) => measure(tx, ['acc_r1'], before));
    // received on the 20th at noon, though it occurred on the 18th: unknown at midnight, known at noon
    clock.set(new Date('2026-11-20T12:00:00Z'));
    await ingest([usage('2026-11-18', 500)], { late: true });
    const [m1] = await withTransaction(db, (tx) => measure(tx, ['acc_r1'], before));
    expect(m1!.actions_30).toBe(m0!.actions_30);
    expect(m1!.usage_days_30).toBe(2);
    const [m2] = await withTransaction(db, (tx) => measure(tx, ['acc_r1'], clock.now()));
    expect(m2!.actions_30).toBe(m0!.actions_30 + 500);
    expect(m2!.usage_days_30).toBe(3);
    expect(m2!.inputs_through).toEqual(clock.now());
    // as of the 2nd at midnight: only the 1st's usage had occurred
    const [early] = await withTransaction(db, (tx) => measure(tx, ['acc_r1'], new Date('2026-11-02T00:00:00Z')));
    expect(early).toMatchObject({ usage_days_30: 1, actions_30: 10, tickets_30: 0 });
    // as of the 4th at midnight: the ticket opened at that very instant counts
    const [fourth] = await withTransaction(db, (tx) => measure(tx, ['acc_r1'], new Date('2026-11-04T00:00:00Z')));
    expect(fourth).toMatchObject({ tickets_30: 3, resolved_90: 1, nps_avg: 5.5, nps_n: 2, calls_90: 1, duration_180: 600, technical_180: 1 });
    // a support request is contact too (silence): the ticket at midnight is the latest
    expect(fourth!.last_contact_at).toEqual(new Date('2026-11-04T00:00:00Z'));
  });
});
