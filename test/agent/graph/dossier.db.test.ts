import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database';
import { loadDossier } from '../../../agent/dossier/dossier';
import { testDatabase } from '../../support/database';
import { withTransaction } from '../../../db/transaction';
import { ingestEvents } from '../../../ingest/events/store';
import { scoreAccounts } from '../../../scoring/run';
import { agent, clock, seedWorld, turn } from './world';
import type { Conversations } from '../../../agent/graph/port';

// The next touch opens on the account's own thread: the last complaint is named, and an account with
// no history hears no invented one.

let db: Database;
let port: Conversations;
beforeAll(async () => {
  db = await testDatabase();
  await seedWorld(db);
  port = await agent(db);
});
afterAll(async () => db?.close());

describe('the dossier and the opening line', () => {
  it('reads the account, the contact, the last complaint and nothing invented', async () => {
    const d = await loadDossier(db, clock, 'con_b');
    expect(d.account).toMatchObject({ id: 'acc_b', name: 'Beta Corp', plan: 'pro', mrr_minor: 50000, currency: 'EUR' });
    expect(d.last_complaint).toMatchObject({ category: 'missing_feature', feature: 'exports', verbatim: 'we need exports to Excel' });
    expect(d.open_tickets).toEqual({ count: 0, latest_category: null });
    expect((await loadDossier(db, clock, 'con_c')).last_complaint).toBeNull();
  });

  it('condenses the running history: open tickets, promises and whether they were kept, the last conversation', async () => {
    const ev = (kind: string, occurred_at: string, payload: object) => ({ kind, account_id: 'acc_c', occurred_at, payload });
    await withTransaction(db, (tx) =>
      ingestEvents(tx, clock, [
        ev('ticket.opened', '2026-11-01T09:00:00Z', { ticket_id: 'T1', category: 'billing' }),
        ev('ticket.resolved', '2026-11-02T09:00:00Z', { ticket_id: 'T1', category: 'billing', hours_open: 24 }),
        ev('ticket.opened', '2026-11-10T09:00:00Z', { ticket_id: 'T2', category: 'exports' }),
        ev('promise.made', '2026-11-03T09:00:00Z', { promise_id: 'P1', by: 'vendor', text: 'fix the export bug' }),
        ev('promise.kept', '2026-11-05T09:00:00Z', { promise_id: 'P1' }),
        ev('promise.made', '2026-11-12T09:00:00Z', { promise_id: 'P2', by: 'customer', text: 'send the invoice details' }),
        // known only after the dossier's "now": not in it
        ev('ticket.opened', '2026-11-21T09:00:00Z', { ticket_id: 'T3', category: 'login' }),
      ], 'api'),
    );
    const d = await loadDossier(db, clock, 'con_c');
    expect(d.open_tickets).toEqual({ count: 1, latest_category: 'exports' });
    expect(d.promises.map((p) => [p.id, p.by, p.kept])).toEqual([['P2', 'customer', false], ['P1', 'vendor', true]]);
    expect(d.payment_problems).toEqual([]);
    expect(d.lang).toBe('en');
  });

  it('two accounts with different last complaints each hear their own; one with no history hears none', async () => {
    const a = await port.open({ conversationId: 'conv_open_a', channel: 'text', contactId: 'con_a', play: 'nps', lang: 'en' });
    const b = await port.open({ conversationId: 'conv_open_b', channel: 'text', contactId: 'con_b', play: 'nps', lang: 'en' });
    const c = await port.open({ conversationId: 'conv_open_c', channel: 'text', contactId: 'con_c', play: 'nps', lang: 'en' });
    expect(a.openingLine).toContain('you told us about the price');
    expect(a.openingLine).not.toContain('exports');
    expect(b.openingLine).toContain('a missing feature (exports)');
    expect(b.openingLine).not.toContain('price');
    expect(c.openingLine).not.toMatch(/last time|told us/i);
    for (const line of [a, b, c]) {
      expect(line.openingLine).toMatch(/automated assistant/);
      expect(line.openingLine).toMatch(/from 0 to 10/);
    }
    // stored as agent turn 0, with the prompt version the conversation runs
    const { rows } = await db.query(`SELECT c.prompt_version, t.seq, t.role, t.text FROM conversations c JOIN turns t ON t.conversation_id = c.id WHERE c.id = 'conv_open_a'`);
    expect(rows).toEqual([{ prompt_version: 'nps/v1+common/v1', seq: 0, role: 'agent', text: a.openingLine }]);
    // opening again returns the same line and stores nothing new
    expect(await port.open({ conversationId: 'conv_open_a', channel: 'text', contactId: 'con_a', play: 'nps', lang: 'en' })).toEqual(a);
  });

  it('carries the last finished conversation, the score with its reasons and its 30-day trend', async () => {
    for (const [id, text] of [['e1', '6'], ['e2', 'The exports keep failing on us'], ['e3', 'No, that is all']] as const) await turn(port, 'conv_open_c', id, text);
    const day = 86_400_000;
    await withTransaction(db, (tx) => scoreAccounts(tx, clock, { accountIds: ['acc_c'] }));
    // earlier scores: 10 days ago (the trend's start) and 40 days ago (outside the 30 days)
    for (const [days, delta] of [[10, -7], [40, -30]] as const) {
      await db.query(
        `INSERT INTO scores (account_id, as_of, score, zone, at_risk, escalate, based_on, components_total, components, reason_codes, config_version, inputs_through, kind, computed_at)
         SELECT account_id, as_of - make_interval(days => $1), least(100, greatest(0, score + $2)), zone, at_risk, escalate, based_on, components_total, components, reason_codes,
                config_version, inputs_through, 'backfill', computed_at FROM scores WHERE account_id = 'acc_c' ORDER BY id LIMIT 1`,
        [days, delta],
      );
    }
    const d = await loadDossier(db, clock, 'con_c');
    expect(d.last_conversation).toMatchObject({ id: 'conv_open_c' });
    expect(d.last_conversation!.at).toBeInstanceOf(Date);
    const { rows: cur } = await db.query<{ score: number; reason_codes: { text: string }[] }>(`SELECT score, reason_codes FROM v_current_scores WHERE account_id = 'acc_c'`);
    const { rows: hist } = await db.query<{ score: number }>(`SELECT score FROM scores WHERE account_id = 'acc_c' AND as_of > $1 ORDER BY as_of, id`, [new Date(clock.now().getTime() - 30 * day)]);
    expect(hist.length).toBe(2);
    expect(hist[0]!.score).not.toBe(cur[0]!.score);
    expect(d.score).toMatchObject({ score: cur[0]!.score, trend: cur[0]!.score - hist[0]!.score });
    expect(d.score!.reasons).toEqual(cur[0]!.reason_codes.map((r) => r.text));
    expect(d.score!.reasons.length).toBeGreaterThan(0);
    expect(d.churn_probability).toBeNull();
  });
});
