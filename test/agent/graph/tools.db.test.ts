import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database';
import type { Conversations } from '../../../agent/graph/port';
import { recordOutcomes } from '../../../agent/outcomes/due';
import { closeIdle, idleConversations } from '../../../agent/conversations/idle';
import { testDatabase } from '../../support/database';
import { agent, clock, seedWorld, turn } from './world';

// The people-facing tools with the offline provider: a hand-off leaves a task with the transcript
// and summary, a callback a dated task and our promise, a payment link a task until payment recovery
// lands; barge-in cuts the agent's turn to what was heard; a hang-up wraps up; 30 days later the
// action gets its outcome.

let db: Database;
let port: Conversations;
beforeAll(async () => {
  db = await testDatabase();
  await seedWorld(db);
  port = await agent(db);
});
afterAll(async () => db?.close());

const tasks = (kind: string) => db.query('SELECT assignee_id, title, body, due_at FROM tasks WHERE kind = $1 ORDER BY id', [kind]).then((r) => r.rows);

describe('tools that hand work to people', () => {
  it('"can I talk to a real person": a hand-off task with the transcript and summary, and the call ends with it', async () => {
    await port.open({ conversationId: 'conv_h', channel: 'voice', contactId: 'con_b', play: 'health_check', lang: 'en' });
    await turn(port, 'conv_h', 'h1', 'The export keeps failing on large files and we lose hours.');
    const r = await turn(port, 'conv_h', 'h2', 'Can I talk to a real person about this please?');
    expect(r.said).toMatch(/passing this to your account manager/);
    const end = r.events.at(-1);
    expect(end).toMatchObject({ type: 'end', reason: 'handoff', handoff: { summary: expect.any(String) } });
    const task = (await tasks('handoff'))[0]!;
    expect(task.assignee_id).toBe('tm_owner');
    expect(task.body).toContain('Customer: The export keeps failing on large files');
    expect(task.body).toMatch(/Summary: /);
    expect((await db.query(`SELECT status, end_reason FROM conversations WHERE id = 'conv_h'`)).rows).toEqual([{ status: 'completed', end_reason: 'handoff' }]);
  });

  it('"call me back tomorrow": a task due tomorrow and our promise, as a promise.made event', async () => {
    await port.open({ conversationId: 'conv_cb', channel: 'voice', contactId: 'con_c', play: 'health_check', lang: 'en' });
    const r = await turn(port, 'conv_cb', 'c1', "I'm driving, can you call me back tomorrow?");
    expect(r.said).toMatch(/scheduled a call back for you, tomorrow/);
    const task = (await tasks('callback'))[0]!;
    expect(task.due_at).toEqual(new Date(clock.now().getTime() + 24 * 3_600_000));
    await port.channelClosed({ conversationId: 'conv_cb', reason: 'hangup', at: clock.now().toISOString() });
    const promises = (await db.query(`SELECT payload FROM events WHERE kind = 'promise.made' AND payload->>'conversation_id' = 'conv_cb'`)).rows;
    expect(promises).toEqual([{ payload: expect.objectContaining({ by: 'vendor', text: 'call back tomorrow' }) }]);
    expect((await db.query(`SELECT end_reason FROM conversations WHERE id = 'conv_cb'`)).rows).toEqual([{ end_reason: 'hangup' }]);
  });

  it('payment recovery: "yes, send the link": the link will follow, and a task makes it happen', async () => {
    await port.open({ conversationId: 'conv_pay', channel: 'sms', contactId: 'con_d', play: 'payment_recovery', lang: 'en' });
    const r = await turn(port, 'conv_pay', 'p1', 'Yes please, send me the link.');
    expect(r.said).toMatch(/secure link .* will follow/);
    expect(await tasks('payment_link')).toHaveLength(1);
  });

  it('a one-month pause is granted; a three-month one waits for a person', async () => {
    await port.open({ conversationId: 'conv_pause', channel: 'text', contactId: 'con_e', play: 'win_back', lang: 'en' });
    expect((await turn(port, 'conv_pause', 'q1', 'Could we pause the subscription for 1 month?')).said).toMatch(/pause your subscription for 1 month\./);
    await port.open({ conversationId: 'conv_pause3', channel: 'text', contactId: 'con_e', play: 'win_back', lang: 'en' });
    expect((await turn(port, 'conv_pause3', 'q1', 'Could we pause for 3 months instead?')).said).toMatch(/confirm/);
    expect((await db.query(`SELECT kind, terms FROM approvals WHERE conversation_id = 'conv_pause3'`)).rows).toEqual([{ kind: 'pause', terms: { months: 3 } }]);
  });

  it('barge-in: the agent turn is cut to what the customer heard, in the table and the checkpoint', async () => {
    await port.open({ conversationId: 'conv_b', channel: 'voice', contactId: 'con_b', play: 'nps', lang: 'en' });
    await port.interrupted({ conversationId: 'conv_b', heard: 'Hello Sam.', at: clock.now().toISOString() });
    expect((await db.query(`SELECT text, interrupted FROM turns WHERE conversation_id = 'conv_b' AND seq = 0`)).rows).toEqual([{ text: 'Hello Sam.', interrupted: true }]);
    const state = await port.graph.getState({ configurable: { thread_id: 'conv_b' } });
    expect(state.values.lines[0].text).toBe('Hello Sam.');
    // and the conversation carries on
    expect((await turn(port, 'conv_b', 'b1', '9')).said).toMatch(/reason for your score/);
  });

  it('30 days after the action its outcome is written: saved when at risk and still active, replied otherwise', async () => {
    await port.open({ conversationId: 'conv_out', channel: 'text', contactId: 'con_c', play: 'nps', lang: 'en' });
    for (const [i, t] of ['3', 'It is far too expensive for us now, we may cancel.', 'No.'].entries()) await turn(port, 'conv_out', `o${i}`, t);
    expect(await recordOutcomes(db, new Date(clock.now().getTime() + 29 * 86_400_000), clock)).toBe(0);
    const n = await recordOutcomes(db, new Date(clock.now().getTime() + 31 * 86_400_000), clock);
    expect(n).toBeGreaterThan(0);
    expect((await db.query(`SELECT outcome FROM conversations WHERE id = 'conv_out'`)).rows).toEqual([{ outcome: 'saved' }]);
    expect((await db.query(`SELECT count(*)::int AS n FROM events WHERE kind = 'outcome.recorded'`)).rows[0]!.n).toBe(n);
    // claimed once: a second run writes nothing
    expect(await recordOutcomes(db, new Date(clock.now().getTime() + 32 * 86_400_000), clock)).toBe(0);
  });

  it('a keypad digit is heard as the customer\'s answer', async () => {
    await port.open({ conversationId: 'conv_dtmf', channel: 'voice', contactId: 'con_d', play: 'nps', lang: 'en' });
    let said = '';
    for await (const e of port.dtmf({ conversationId: 'conv_dtmf', digit: '9', at: clock.now().toISOString() })) if (e.type === 'token') said += e.text;
    expect(said).toMatch(/reason for your score/);
    expect((await db.query(`SELECT role, text FROM turns WHERE conversation_id = 'conv_dtmf' AND seq = 1`)).rows).toEqual([{ role: 'customer', text: '9' }]);
  });

  it('a customer turn made durable just before a crash is answered with the next one, not lost', async () => {
    await port.open({ conversationId: 'conv_lost', channel: 'sms', contactId: 'con_e', play: 'nps', lang: 'en' });
    // what a process killed after storing the turn, before answering, leaves behind
    await db.query(`INSERT INTO turns (id, conversation_id, seq, role, text, at, event_id) VALUES ('conv_lost_t1', 'conv_lost', 1, 'customer', '7', now(), 'SM-lost')`);
    const r = await turn(port, 'conv_lost', 'SM-next', 'The price went up again and it is hard to justify.');
    expect(r.said).toMatch(/anything else/);
    const { rows } = await db.query(`SELECT seq, role FROM turns WHERE conversation_id = 'conv_lost' ORDER BY seq`);
    expect(rows.map((x) => `${x.seq} ${x.role}`)).toEqual(['0 agent', '1 customer', '2 customer', '3 agent']);
    expect((await port.graph.getState({ configurable: { thread_id: 'conv_lost' } })).values.captured.nps).toBe(7);
  });

  it('an SMS thread idle for 48 hours closes with a wrap-up', async () => {
    await port.open({ conversationId: 'conv_idle', channel: 'sms', contactId: 'con_c', play: 'nps', lang: 'en' });
    await turn(port, 'conv_idle', 'SMi1', '5');
    const later = (h: number) => new Date(clock.now().getTime() + h * 3_600_000);
    expect(await idleConversations(db, later(47))).not.toContain('conv_idle');
    expect(await closeIdle(port, db, later(49))).toBeGreaterThan(0);
    expect((await db.query(`SELECT status, end_reason, nps FROM conversations WHERE id = 'conv_idle'`)).rows).toEqual([{ status: 'completed', end_reason: 'idle_timeout', nps: 5 }]);
  });
});
