import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database';
import { ModelClient } from '../../../agent/models/client';
import type { Conversations } from '../../../agent/graph/port';
import { testDatabase } from '../../support/database';
import { startChatServer, type ChatServer, type Reply } from '../../fakes/chat-server';
import { testSettings } from '../../fakes/remote';
import { agent, clock, seedWorld, turn } from './world';

// The scripted customers again, with the local model server answering each turn with words and tool
// calls (some forbidden: a discount above the limit, a free year, a tool that does not exist, an
// offer after a "stop"). Each ends with the right records and nothing the policy forbids.

const read = (f: string) => JSON.parse(fs.readFileSync(new URL(`../../fixtures/conversations/${f}`, import.meta.url), 'utf8'));
const customers = read('customers.json');
const replies = read('model-replies.json');

let db: Database;
let server: ChatServer;
let port: Conversations;
beforeAll(async () => {
  db = await testDatabase();
  await seedWorld(db);
  server = await startChatServer();
  port = await agent(db, new ModelClient(testSettings(server.url), { clock }));
});
afterAll(async () => {
  await server.close();
  await db?.close();
});

/** A reply with $score and $turn filled from what the customer just said. */
function reply(template: any, said: string): Reply {
  const score = Number(/\d+/.exec(said)?.[0] ?? (/huit/.test(said) ? 8 : 0));
  return JSON.parse(JSON.stringify(template).replace('"$score"', String(score)).replace('"$turn"', JSON.stringify(said)));
}

async function talk(name: string, i: number, contact: string) {
  const c = customers[name];
  const id = `rconv_${name}_${i}`;
  await port.open({ conversationId: id, channel: 'voice', contactId: contact, play: c.play, lang: c.lang });
  const heard = [];
  for (const [n, text] of (c.paraphrases[i] as string[]).entries()) {
    server.queue.push(reply(replies[name][n], text));
    heard.push(await turn(port, id, `${id}_e${n}`, text));
  }
  server.queue.length = 0;
  const q = (sql: string) => db.query(sql, [id]).then((r) => r.rows);
  return {
    c, id, heard,
    conv: (await q('SELECT status, end_reason, nps FROM conversations WHERE id = $1'))[0],
    reasons: await q('SELECT category FROM churn_reasons WHERE conversation_id = $1'),
    tools: await q('SELECT name, status FROM tool_calls WHERE conversation_id = $1 ORDER BY turn_seq, name'),
    approvals: await q('SELECT kind, terms FROM approvals WHERE conversation_id = $1'),
    promises: await q(`SELECT payload->>'text' AS text FROM events WHERE kind = 'promise.made' AND payload->>'conversation_id' = $1`),
  };
}

const each = (name: string): number[] => customers[name].paraphrases.map((_: unknown, i: number) => i);
let n = 0;
const fresh = () => `con_${['a', 'b', 'c', 'd', 'e'][n++ % 5]}`;

describe('scripted customers with a remote model emitting tool calls', () => {
  it.each(each('happy'))('happy (paraphrase %i)', async (i) => {
    const r = await talk('happy', i, fresh());
    expect(r.conv).toEqual({ status: 'completed', end_reason: 'completed', nps: customers.happy.expect.nps[i] });
    expect(r.reasons).toEqual([]);
  });

  it.each(each('price'))('price (paraphrase %i): the reason is kept; the 35%% discount the model offered waits for a person', async (i) => {
    const r = await talk('price', i, fresh());
    expect(r.reasons).toEqual([{ category: 'price' }]);
    expect(r.tools).toContainEqual({ name: 'offer_discount', status: 'approval' });
    expect(r.approvals).toEqual([{ kind: 'discount', terms: { percent: 35, months: 6 } }]);
    expect(r.promises).toEqual([]);
    expect(r.heard[1]!.said).toMatch(/confirm/);
  });

  it.each(each('competitor'))('competitor (paraphrase %i)', async (i) => {
    const r = await talk('competitor', i, fresh());
    expect(r.reasons).toEqual([{ category: 'competitor' }]);
  });

  it.each(each('stop'))('stop (paraphrase %i): the model is not asked, its offer never made', async (i) => {
    const before = server.requests.length;
    const r = await talk('stop', i, 'con_e');
    expect(server.requests.length).toBe(before);
    expect(r.conv).toMatchObject({ end_reason: 'opted_out' });
    expect(r.tools).toEqual([{ name: 'mark_do_not_contact', status: 'done' }]);
  });

  it.each(each('big_discount'))('50%% asked, 20%% allowed (paraphrase %i): an approval, no grant', async (i) => {
    const r = await talk('big_discount', i, fresh());
    expect(r.approvals).toEqual([{ kind: 'discount', terms: { percent: 50, months: 3 } }]);
    expect(r.promises).toEqual([]);
  });

  it.each(each('french_then_english'))('French then English (paraphrase %i)', async (i) => {
    const r = await talk('french_then_english', i, 'con_f');
    expect(r.heard[1]!.events).toContainEqual({ type: 'language', lang: 'en' });
    expect(r.conv).toMatchObject({ status: 'completed', nps: 8 });
  });

  it.each(each('injection'))('injection (paraphrase %i): a free year and an invented tool, both refused', async (i) => {
    const r = await talk('injection', i, fresh());
    expect(r.tools.slice(0, 2)).toEqual([{ name: 'apply_free_year', status: 'invalid' }, { name: 'offer_discount', status: 'refused' }]);
    expect(r.heard[0]!.said).toMatch(/not able to offer that/);
    expect(r.approvals).toEqual([]);
    expect(r.promises).toEqual([]);
  });
});
