import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database';
import type { Conversations } from '../../../agent/graph/port';
import { agent, seedWorld, turn } from './world';
import { testDatabase } from '../../support/database';

// A customer turn goes straight to the respond node, not through the graph's START edge; respond
// still goes where the conversation's state says. A turn that arrives after the agent ended the
// conversation, before its wrap-up was written (a crash between the two), is stored but not
// answered, and the wrap-up runs.

let db: Database;
let port: Conversations;
beforeAll(async () => {
  db = await testDatabase();
  await seedWorld(db);
  port = await agent(db);
});
afterAll(async () => db?.close());

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
