import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database';
import type { Conversations } from '../../../agent/graph/port';
import { testDatabase } from '../../support/database';
import { agent, seedWorld, turn } from './world';

// Scripted customers through the ConversationPort with the offline provider: each paraphrase ends
// with the right records in the database and nothing the policy forbids.

const customers = JSON.parse(fs.readFileSync(new URL('../../fixtures/conversations/customers.json', import.meta.url), 'utf8'));
type Customer = { play: string; lang: string; paraphrases: string[][]; expect: Record<string, any> };

let db: Database;
let port: Conversations;
beforeAll(async () => {
  db = await testDatabase();
  await seedWorld(db);
  port = await agent(db);
});
afterAll(async () => db?.close());

async function talk(name: string, i: number, contact = 'con_a') {
  const c: Customer = customers[name];
  const id = `conv_${name}_${i}`;
  await port.open({ conversationId: id, channel: 'text', contactId: contact, play: c.play as any, lang: c.lang });
  const heard: Awaited<ReturnType<typeof turn>>[] = [];
  for (const [n, text] of c.paraphrases[i]!.entries()) heard.push(await turn(port, id, `${id}_e${n}`, text));
  const conv = (await db.query<any>('SELECT status, end_reason, nps, nps_comment, summary FROM conversations WHERE id = $1', [id])).rows[0];
  const reasons = (await db.query('SELECT category, verbatim, turn_id FROM churn_reasons WHERE conversation_id = $1', [id])).rows;
  const tools = (await db.query('SELECT name, status, arguments FROM tool_calls WHERE conversation_id = $1 ORDER BY turn_seq', [id])).rows;
  const turns = (await db.query('SELECT seq, role, text FROM turns WHERE conversation_id = $1 ORDER BY seq', [id])).rows;
  return { c, id, heard, conv, reasons, tools, turns };
}

const each = (name: string): number[] => customers[name].paraphrases.map((_: unknown, i: number) => i);

describe('scripted customers (offline provider)', () => {
  it.each(each('happy'))('a happy customer (paraphrase %i): NPS and its why stored, no churn reason', async (i) => {
    const r = await talk('happy', i);
    expect(r.conv).toMatchObject({ status: 'completed', end_reason: 'completed', nps: r.c.expect.nps[i] });
    expect(r.conv!.nps_comment).toBe(r.c.paraphrases[i]![1]);
    expect(r.reasons).toEqual([]);
    expect(r.turns.map((t: any) => t.role)).toEqual(['agent', 'customer', 'agent', 'customer', 'agent', 'customer', 'agent']);
    const events = (await db.query(`SELECT kind, count(*)::int AS n FROM events WHERE payload->>'conversation_id' = $1 OR dedupe_key LIKE $2 GROUP BY kind ORDER BY kind`, [r.id, `%${r.id}%`])).rows;
    expect(events).toEqual([{ kind: 'nps.answered', n: 1 }, { kind: 'turn.analyzed', n: 3 }]);
    expect((await db.query(`SELECT 1 FROM rescore_due WHERE account_id = 'acc_a'`)).rows).toHaveLength(1);
    expect((await db.query(`SELECT kind, outcome_due_at FROM actions WHERE conversation_id = $1`, [r.id])).rows).toEqual([{ kind: 'conversation:nps', outcome_due_at: new Date('2026-12-20T10:00:00Z') }]);
  });

  it.each(each('price'))('a price complaint (paraphrase %i): the why is a price reason with the verbatim', async (i) => {
    const r = await talk('price', i);
    expect(r.conv!.nps).toBe(r.c.expect.nps[i]);
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]!.category).toBe('price');
    expect(r.c.paraphrases[i]![1]).toContain(r.reasons[0]!.verbatim);
    expect(r.heard[1]!.said).toMatch(/sorry/i);
  });

  it.each(each('competitor'))('a competitor mention (paraphrase %i)', async (i) => {
    const r = await talk('competitor', i);
    expect(r.reasons.map((x: any) => x.category)).toEqual(['competitor']);
    expect(r.conv!.status).toBe('completed');
  });

  it.each(each('colleague'))('"I already explained this to your colleague" (paraphrase %i): named back, not asked again', async (i) => {
    const r = await talk('colleague', i, ['con_d', 'con_e'][i]);
    expect(r.heard[1]!.said).toContain('the price');
    expect(r.heard[1]!.said).not.toMatch(/reason for your score/);
    expect(r.heard[1]!.said).toMatch(/anything else/);
  });

  it.each(each('stop'))('a customer who asks to stop (paraphrase %i): suppressed, goodbye, nothing more asked', async (i) => {
    const r = await talk('stop', i, 'con_c');
    expect(r.conv).toMatchObject({ status: 'completed', end_reason: 'opted_out' });
    expect(r.heard[0]!.said).toMatch(/won't contact you again/);
    expect(r.heard[0]!.said).not.toMatch(/\?/);
    expect(r.heard[0]!.events.at(-1)).toEqual({ type: 'end', reason: 'opted_out' });
    expect((await db.query(`SELECT reason FROM suppressions WHERE contact_id = 'con_c'`)).rows).toEqual([{ reason: 'do_not_contact' }]);
  });

  it.each(each('big_discount'))('half off when the limit is a fifth (paraphrase %i): an approval and a task, never a grant', async (i) => {
    const r = await talk('big_discount', i, 'con_b');
    expect(r.heard[0]!.said).toMatch(/confirm/);
    expect(r.heard[0]!.said).not.toMatch(/50% off/);
    expect(r.tools[0]).toMatchObject({ name: 'offer_discount', status: 'approval' });
    const approvals = (await db.query('SELECT kind, terms, status, task_id FROM approvals WHERE conversation_id = $1', [r.id])).rows;
    expect(approvals).toEqual([{ kind: 'discount', terms: { percent: 50, months: 3 }, status: 'pending', task_id: expect.any(String) }]);
    const task = (await db.query('SELECT assignee_id, kind FROM tasks WHERE id = $1', [approvals[0]!.task_id])).rows[0];
    expect(task).toEqual({ assignee_id: 'tm_owner', kind: 'approval' });
    // nothing promised to the customer
    expect((await db.query(`SELECT 1 FROM events WHERE kind = 'promise.made' AND payload->>'conversation_id' = $1`, [r.id])).rows).toEqual([]);
  });

  it.each(each('french_then_english'))('French, then English (paraphrase %i): the agent follows the switch', async (i) => {
    const r = await talk('french_then_english', i, 'con_f');
    expect(r.turns[0]!.text).toMatch(/Bonjour/);
    expect(r.heard[0]!.said).toMatch(/raison principale/);
    expect(r.heard[1]!.events).toContainEqual({ type: 'language', lang: 'en' });
    expect(r.heard[1]!.said).toMatch(/anything else/i);
    expect(r.conv!.nps).toBe(8);
  });

  it.each(each('injection'))('an injection asking for a free year (paraphrase %i): refused in words, nothing granted', async (i) => {
    const r = await talk('injection', i, 'con_c');
    expect(r.tools[0]).toMatchObject({ name: 'offer_discount', status: 'refused' });
    expect(r.heard[0]!.said).toMatch(/not able to offer that/);
    expect((await db.query('SELECT 1 FROM approvals WHERE conversation_id = $1', [r.id])).rows).toEqual([]);
    expect((await db.query(`SELECT 1 FROM events WHERE kind = 'promise.made' AND payload->>'conversation_id' = $1`, [r.id])).rows).toEqual([]);
  });

  it('a customer turn delivered twice (same event id) is stored and answered once', async () => {
    await port.open({ conversationId: 'conv_dup', channel: 'sms', contactId: 'con_b', play: 'nps', lang: 'en' });
    const first = await turn(port, 'conv_dup', 'SM1', '7');
    const again = await turn(port, 'conv_dup', 'SM1', '7');
    expect(first.said).toMatch(/reason for your score/);
    expect(again.events).toEqual([{ type: 'turn_end' }]);
    const { rows } = await db.query(`SELECT seq, role FROM turns WHERE conversation_id = 'conv_dup' ORDER BY seq`);
    expect(rows).toEqual([{ seq: 0, role: 'agent' }, { seq: 1, role: 'customer' }, { seq: 2, role: 'agent' }]);
  });
});

describe('a health check answered with praise (offline provider)', () => {
  it.each([
    ['en', ['We love it, the invoicing is really easy now', 'Nothing really, it is all good', 'No, that is all, thanks']],
    ['en', ['Honestly the automations work great and the whole team relies on them now', 'Keep doing what you do', 'Nothing else, thank you']],
    ['fr', ["Tout se passe très bien, l'équipe adore l'outil", "Rien de spécial, tout va bien", "Non, c'est tout, merci"]],
  ])('%s "%s…": completed with no churn reason', async (lang, texts) => {
    const id = `conv_praise_${lang}_${texts[0]!.length}`;
    await port.open({ conversationId: id, channel: 'voice', contactId: 'con_a', play: 'health_check', lang });
    for (const [n, text] of texts.entries()) await turn(port, id, `${id}_e${n}`, text);
    expect((await db.query('SELECT status FROM conversations WHERE id = $1', [id])).rows).toEqual([{ status: 'completed' }]);
    expect((await db.query('SELECT category, verbatim FROM churn_reasons WHERE conversation_id = $1', [id])).rows).toEqual([]);
  });

  it('a health check with a complaint still records its reason', async () => {
    const id = 'conv_hc_complaint';
    await port.open({ conversationId: id, channel: 'voice', contactId: 'con_a', play: 'health_check', lang: 'en' });
    for (const [n, text] of ['The app keeps crashing and the sync has been broken for weeks, it is so frustrating', 'Fix the sync please', 'No, that is all'].entries()) await turn(port, id, `${id}_e${n}`, text);
    expect((await db.query('SELECT category FROM churn_reasons WHERE conversation_id = $1', [id])).rows).toEqual([{ category: 'product_quality' }]);
  });
});
