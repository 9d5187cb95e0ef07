import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import { withTransaction } from '../../db/transaction';
import { createTask } from '../../team/tasks';
import { testRuntime, type TestRuntime } from '../support/runtime';

const clock = fixedClock('2026-03-02T09:00:00Z');
let rt: TestRuntime;
let ana: string;
let bob: string;
let anaKey: string;

beforeAll(async () => {
  rt = await testRuntime({ clock });
  const boss = await rt.api('POST', '/v1/team-members', { body: { name: 'Claire Dubois', email: 'claire@example.fr', kind: 'manager' } });
  ana = (await rt.api('POST', '/v1/team-members', { body: { name: 'Ana Ruiz', email: 'ana@example.fr', kind: 'csm', manager_id: boss.body.id } })).body.id;
  bob = (await rt.api('POST', '/v1/team-members', { body: { name: 'Bob Lee', email: 'bob@example.fr', kind: 'account_owner', manager_id: boss.body.id } })).body.id;
  anaKey = (await rt.api('POST', '/v1/keys', { body: { name: 'ana', role: 'csm', team_member_id: ana } })).body.key;
});
afterAll(() => rt?.close());

describe('team members', () => {
  it('treats the same member sent twice as one, and a clashing email as a conflict', async () => {
    const again = await rt.api('POST', '/v1/team-members', { body: { name: 'Ana Ruiz', email: 'ANA@example.fr', kind: 'csm', manager_id: (await rt.api('GET', '/v1/team-members')).body.data[0].id } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(ana);
    const clash = await rt.api('POST', '/v1/team-members', { body: { name: 'Someone Else', email: 'ana@example.fr', kind: 'csm' } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('conflict');
  });

  it('refuses a manager that does not exist, naming the field', async () => {
    const res = await rt.api('POST', '/v1/team-members', { body: { name: 'X', email: 'x@example.fr', kind: 'csm', manager_id: 'tm_missing' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.manager_id');
  });

  it('pages through a list with limit and cursor, every item once', async () => {
    for (let i = 0; i < 6; i++) await rt.api('POST', '/v1/team-members', { body: { name: `P${i}`, email: `p${i}@example.fr`, kind: 'product' } });
    const all = (await rt.api('GET', '/v1/team-members?limit=500')).body.data.map((m: { id: string }) => m.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: { data: { id: string }[]; next_cursor: string | null } } = await rt.api('GET', `/v1/team-members?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.data.map((m) => m.id));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 4));
    expect((await rt.api('GET', '/v1/team-members?limit=501')).status).toBe(400);
    expect((await rt.api('GET', '/v1/team-members?cursor=garbage')).status).toBe(400);
  });
});

describe('the task inbox', () => {
  it('creates a task once per dedupe key, whoever hands it over twice', async () => {
    const input = { assigneeId: ana, kind: 'escalation_step', title: 'Call Acme back', source: 'scoring', dedupeKey: 'esc:acme:1', accountId: 'acc_1' };
    const [a, b] = await withTransaction(rt.db, async (tx) => [await createTask(tx, clock, input), await createTask(tx, clock, input)]);
    expect(a!.id).toBe(b!.id);
    expect((await rt.db.query(`SELECT count(*)::int AS n FROM tasks WHERE dedupe_key = 'esc:acme:1'`)).rows[0]!.n).toBe(1);
  });

  it("shows a member their own tasks, admin anyone's, and lets only the assignee or admin close one", async () => {
    const bobs = await withTransaction(rt.db, (tx) => createTask(tx, clock, { assigneeId: bob, kind: 'approval', title: 'Approve discount', source: 'agent' }));
    const mine = (await rt.api('GET', '/v1/tasks', { key: anaKey })).body.data;
    expect(mine.map((t: { assignee_id: string }) => t.assignee_id)).toEqual([ana]);
    expect((await rt.api('GET', `/v1/tasks?assignee=${bob}`, { key: anaKey })).status).toBe(403);
    expect((await rt.api('GET', `/v1/tasks?assignee=${bob}`)).body.data.map((t: { id: string }) => t.id)).toEqual([bobs.id]);
    expect((await rt.api('POST', `/v1/tasks/${bobs.id}/done`, { key: anaKey })).status).toBe(403);

    clock.advance(60_000);
    const done = await rt.api('POST', `/v1/tasks/${mine[0].id}/done`, { key: anaKey });
    expect(done.body).toMatchObject({ status: 'done', done_at: '2026-03-02T09:01:00.000Z' });
    clock.advance(60_000);
    const twice = await rt.api('POST', `/v1/tasks/${mine[0].id}/done`, { key: anaKey });
    expect(twice.body.done_at).toBe('2026-03-02T09:01:00.000Z');
    expect((await rt.api('GET', '/v1/tasks', { key: anaKey })).body.data).toEqual([]);
    expect((await rt.api('GET', '/v1/tasks?status=done', { key: anaKey })).body.data).toHaveLength(1);
  });

  it('tells a key linked to no team member why it has no inbox', async () => {
    const key = (await rt.api('POST', '/v1/keys', { body: { name: 'loose', role: 'csm' } })).body.key;
    const res = await rt.api('GET', '/v1/tasks', { key });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/no team member/);
  });
});
