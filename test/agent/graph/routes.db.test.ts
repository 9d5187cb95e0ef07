import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuntime, type TestRuntime } from '../../support/runtime';
import { clock, seedWorld } from './world';

// The agent's API as a user calls it: a text conversation through the harness routes, the list and
// the detail, and the decision on an approval (csm only) that resumes its waiting thread.

let rt: TestRuntime;
let csm: string;
let product: string;
beforeAll(async () => {
  rt = await testRuntime({ clock });
  await seedWorld(rt.db);
  csm = (await rt.api('POST', '/v1/keys', { body: { name: 'csm', role: 'csm' } })).body.key;
  product = (await rt.api('POST', '/v1/keys', { body: { name: 'pm', role: 'product' } })).body.key;
});
afterAll(async () => rt?.close());

describe('conversations over HTTP', () => {
  it('talks, lists and shows a conversation with its reason, NPS, turns, tool calls and prompt version', async () => {
    const open = await rt.api('POST', '/v1/conversations', { key: csm, body: { account_id: 'acc_c', play: 'nps' } });
    expect(open.status).toBe(201);
    expect(open.body.opening_line).toMatch(/from 0 to 10/);
    const id = open.body.id;
    for (const text of ['4', 'It is way too expensive for what we use, honestly.', 'No.']) {
      const r = await rt.api('POST', `/v1/conversations/${id}/turns`, { key: csm, body: { text, event_id: `${id}:${text}` } });
      expect(r.status).toBe(200);
    }
    const list = await rt.api('GET', '/v1/conversations?account_id=acc_c&status=completed', { key: product });
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({ id, status: 'completed', play: 'nps', channel: 'text', nps: 4, outcome: null, reason: expect.objectContaining({ category: 'price', verbatim: expect.stringContaining('too expensive') }) }),
    ]);
    const one = await rt.api('GET', `/v1/conversations/${id}`, { key: product });
    expect(one.body.prompt_version).toBe('nps/v1+common/v1');
    expect(one.body.turns).toHaveLength(7);
    expect(one.body.tool_calls.map((t: any) => t.name)).toEqual(['record_nps', 'end_conversation']);
    expect((await rt.api('GET', '/v1/conversations/conv_nope', { key: product })).status).toBe(404);
    expect((await rt.api('POST', '/v1/conversations', { key: product, body: { account_id: 'acc_c', play: 'nps' } })).status).toBe(403);
  });

  it('an approval is decided by a csm once; a second decision is refused', async () => {
    const open = await rt.api('POST', '/v1/conversations', { key: csm, body: { account_id: 'acc_b', play: 'win_back' } });
    await rt.api('POST', `/v1/conversations/${open.body.id}/turns`, { key: csm, body: { text: 'Give us 40% off and we stay.' } });
    const approval = (await rt.db.query('SELECT id FROM approvals WHERE conversation_id = $1', [open.body.id])).rows[0]!;
    expect((await rt.api('POST', `/v1/approvals/${approval.id}`, { key: product, body: { decision: 'approve' } })).status).toBe(403);
    expect((await rt.api('POST', `/v1/approvals/${approval.id}`, { key: csm, body: { decision: 'maybe' } })).status).toBe(400);
    const ok = await rt.api('POST', `/v1/approvals/${approval.id}`, { key: csm, body: { decision: 'reject' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'rejected', kind: 'discount', terms: { percent: 40, months: 3 } });
    expect((await rt.api('POST', `/v1/approvals/${approval.id}`, { key: csm, body: { decision: 'approve' } })).status).toBe(409);
    // the CSM's task is done; a rejected offer is no promise
    expect((await rt.db.query('SELECT status FROM tasks WHERE id = $1', [ok.body.task_id])).rows).toEqual([{ status: 'done' }]);
    expect((await rt.db.query(`SELECT 1 FROM events WHERE kind = 'promise.made' AND payload->>'promise_id' = $1`, [approval.id])).rows).toEqual([]);
  });

  it('an approved offer becomes our promise in the account\'s history', async () => {
    const open = await rt.api('POST', '/v1/conversations', { key: csm, body: { account_id: 'acc_d', play: 'win_back' } });
    await rt.api('POST', `/v1/conversations/${open.body.id}/turns`, { key: csm, body: { text: 'Could we pause for 3 months?' } });
    const approval = (await rt.db.query('SELECT id FROM approvals WHERE conversation_id = $1', [open.body.id])).rows[0]!;
    expect((await rt.api('POST', `/v1/approvals/${approval.id}`, { key: csm, body: { decision: 'approve' } })).body.status).toBe('approved');
    const promise = (await rt.db.query(`SELECT account_id, payload FROM events WHERE kind = 'promise.made' AND payload->>'promise_id' = $1`, [approval.id])).rows;
    expect(promise).toEqual([{ account_id: 'acc_d', payload: { promise_id: approval.id, by: 'vendor', text: 'pause for 3 months', conversation_id: open.body.id } }]);
  });
});
