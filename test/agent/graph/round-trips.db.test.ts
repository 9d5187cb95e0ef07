import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../db/database';
import type { Conversations } from '../../../agent/graph/port';
import { agent, clock, seedWorld, turn } from './world';
import { testDatabase } from '../../support/database';

// The first word of a plain turn waits on one statement: the one that stores the customer turn (and
// reads the unheard turns and the newest checkpoint with it). The reply is stored as its words go
// out, and the checkpoint after. Every statement is one more wait on the disk
// or the network before the customer hears anything, and on PostgreSQL each is prepared once.
// A customer turn goes straight to the respond node, not through the graph's START edge; respond
// still goes where the conversation's state says.

let db: Database;
let port: Conversations;
beforeAll(async () => {
  db = await testDatabase();
  await seedWorld(db);
  port = await agent(db);
});
afterAll(async () => db?.close());

describe('a plain turn', () => {
  it('makes one statement before its first word and three in all, and the run carries on from the checkpoint read with the turn', async () => {
    const id = 'conv_round_trips';
    await port.open({ conversationId: id, channel: 'text', contactId: 'con_c', play: 'nps', lang: 'en' });
    const drain = async (eventId: string, text: string) => {
      for await (const _ of port.customerTurn({ conversationId: id, eventId, text, at: clock.now().toISOString() }, new AbortController().signal)) void _;
    };
    await drain('e0', '8');

    // statements answered by the database (a statement sent is not one waited on)
    const query = db.pool.query.bind(db.pool);
    let answered = 0;
    const spy = vi.spyOn(db.pool, 'query').mockImplementation(((statement: unknown, values?: unknown[]) =>
      query(statement as string, values).then((r) => (answered++, r))) as typeof db.pool.query);
    let beforeFirstWord = -1;
    let said = '';
    for await (const e of port.customerTurn({ conversationId: id, eventId: 'e1', text: 'The reports are a bit slow for us but the rest is fine.', at: clock.now().toISOString() }, new AbortController().signal)) {
      if (e.type === 'token') {
        if (beforeFirstWord < 0) beforeFirstWord = answered;
        said += e.text;
      }
    }
    const total = spy.mock.calls.length;
    const names = spy.mock.calls.map(([statement]) => (typeof statement === 'string' ? null : (statement as { name?: string }).name));
    spy.mockRestore();
    expect(beforeFirstWord).toBe(1);
    expect(total).toBe(3);
    // on PostgreSQL each is parsed and planned once per connection, not on every turn (db/prepared.ts)
    expect(names).toEqual(db.kind === 'postgres' ? ['tenure_turn_store', 'tenure_turn_reply', 'tenure_checkpoint_put'] : [null, null, null]);
    // the run continued from the checkpoint it was handed: the NPS question is not asked again, the play's next one is
    expect(said).not.toMatch(/0 to 10|0 à 10/);
    const state = await port.graph.getState({ configurable: { thread_id: id } });
    expect(state.values).toMatchObject({ step: 2, captured: { nps: 8 } });
    expect((await db.query('SELECT role FROM turns WHERE conversation_id = $1 ORDER BY seq', [id])).rows.map((r) => r.role)).toEqual(['agent', 'customer', 'agent', 'customer', 'agent']);
  });
});

describe('a reply whose storing fails once', () => {
  it('is said once: the retried node stores it and does not say it again', async () => {
    const id = 'conv_reply_retry';
    await port.open({ conversationId: id, channel: 'text', contactId: 'con_c', play: 'nps', lang: 'en' });
    await turn(port, id, 'e0', '7');
    const query = db.pool.query.bind(db.pool);
    let failed = 0;
    const spy = vi.spyOn(db.pool, 'query').mockImplementation(((statement: unknown, values?: unknown[]) => {
      const text = typeof statement === 'string' ? statement : (statement as { text: string }).text;
      // the connection drops as the reply is being stored, once
      if (!failed && text.includes("'agent', $3, $4, $5, $6")) {
        failed++;
        return Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }));
      }
      return query(statement as string, values);
    }) as typeof db.pool.query);
    const r = await turn(port, id, 'e1', 'The reports are a bit slow for us but the rest is fine.');
    spy.mockRestore();
    expect(failed).toBe(1);
    const tokens = r.events.filter((e) => e.type === 'token');
    expect(tokens).toHaveLength(1);
    const agentTurns = (await db.query<{ text: string }>("SELECT text FROM turns WHERE conversation_id = $1 AND role = 'agent' ORDER BY seq", [id])).rows;
    expect(agentTurns).toHaveLength(3);
    expect(agentTurns.at(-1)!.text).toBe(r.said.trim());
  });
});

describe('a customer turn after the agent ended the conversation', () => {
  it('is stored, gets no answer, and the wrap-up that had not run runs', async () => {
    const id = 'conv_route_after_end';
    await port.open({ conversationId: id, channel: 'text', contactId: 'con_c', play: 'nps', lang: 'en' });
    await turn(port, id, 'e0', '9');
    // as if the process died after the agent said goodbye, before the wrap-up
    await port.graph.updateState({ configurable: { thread_id: id } }, { ended: { reason: 'completed' } }, 'respond');
    expect((await db.query('SELECT status FROM conversations WHERE id = $1', [id])).rows).toEqual([{ status: 'open' }]);

    const late = await turn(port, id, 'e1', 'Hello? Are you still there?');
    expect(late.said).toBe('');
    expect(late.events.map((e) => e.type)).toEqual(['turn_end']);
    const turns = (await db.query<{ role: string; text: string }>('SELECT role, text FROM turns WHERE conversation_id = $1 ORDER BY seq', [id])).rows;
    expect(turns.map((t) => t.role)).toEqual(['agent', 'customer', 'agent', 'customer']);
    expect(turns.at(-1)!.text).toBe('Hello? Are you still there?');
    expect((await db.query('SELECT status, nps FROM conversations WHERE id = $1', [id])).rows).toEqual([{ status: 'completed', nps: 9 }]);
  });
});
