import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../db/clock';
import { runDueWork } from '../../../db/due-work';
import { withTransaction } from '../../../db/transaction';
import { escalationSweep } from '../../../scoring/escalations/due';
import { addTeamMember } from '../../../team/members';
import { testRuntime, type TestRuntime } from '../../support/runtime';
import { account, day, REASONS, scoreAt, team } from '../alerts/synthetic';

// The escalation SOP through the API, with an injected clock: opened for an account entering a zone
// with `escalate`, staffed by the rules, steps as tasks with deadlines, a missed step alerting the
// manager, overrides with a reason that expire and restore the risk.
const T0 = '2026-10-01T09:00:00Z';
const clock = fixedClock(T0);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
let rt: TestRuntime;
let people: Awaited<ReturnType<typeof team>> & { csm: { id: string }; sponsor: { id: string } };
let csmKey: string;
let productKey: string;

const sweep = (at: Date) => {
  clock.set(at);
  return runDueWork([escalationSweep()], rt.db, clock, silent);
};
const escalationsOf = async (accountId: string, state = 'all') => (await rt.api('GET', `/v1/escalations?account_id=${accountId}&state=${state}`, { key: csmKey })).body.data;
const tasksOf = async (memberId: string, kind: string) =>
  (await rt.db.query<{ title: string; status: string; due_at: Date | null }>('SELECT title, status, due_at FROM tasks WHERE assignee_id = $1 AND kind = $2 ORDER BY id', [memberId, kind])).rows;

beforeAll(async () => {
  rt = await testRuntime({ clock });
  const base = await team(rt.db, clock);
  const more = await withTransaction(rt.db, async (tx) => ({
    csm: (await addTeamMember(tx, clock, { name: 'Cleo Csm', email: 'cleo@vendor.test', kind: 'csm', manager_id: base.boss.id })).member,
    sponsor: (await addTeamMember(tx, clock, { name: 'Victor Vp', email: 'victor@vendor.test', kind: 'executive_sponsor' })).member,
  }));
  people = { ...base, ...more };
  csmKey = (await rt.api('POST', '/v1/keys', { body: { name: 'cleo', role: 'csm', team_member_id: people.csm.id } })).body.key;
  productKey = (await rt.api('POST', '/v1/keys', { body: { name: 'pat', role: 'product' } })).body.key;
});
afterAll(() => rt?.close());

describe('escalations', () => {
  it('an account entering the red zone gets one escalation, staffed by the rules, its steps as timed tasks', async () => {
    const acc = await account(rt.db, clock, people.owner.id, 'Garage Dupuis');
    await scoreAt(rt.db, clock, acc, 72, day(T0, 0));
    expect(await escalationsOf(acc)).toEqual([]);
    await scoreAt(rt.db, clock, acc, 35, day(T0, 1), { reasons: [REASONS.budget!] });
    await scoreAt(rt.db, clock, acc, 33, day(T0, 1, 2)); // still red: no second one
    const list = await escalationsOf(acc);
    expect(list).toHaveLength(1);
    const e = list[0];
    expect(e).toMatchObject({ state: 'open', trigger: 'zone', zone: 'red', score: 35, csm_id: people.csm.id, sponsor_id: people.sponsor.id, signal_family: 'budget_pressure' });
    expect(e.suggested_action.text).toBe('Management callback proposing a rebalance or a pause');
    const opened = day(T0, 1).getTime();
    expect(e.steps.map((s: { step: string; state: string; due_at: string; owner_id: string }) => [s.step, s.state, new Date(s.due_at).getTime() - opened, s.owner_id])).toEqual([
      ['assign', 'done', 4 * 3_600_000, people.boss.id],
      ['root_cause_call', 'pending', 24 * 3_600_000, people.csm.id],
      ['mitigation_plan', 'pending', 72 * 3_600_000, people.csm.id],
    ]);
    // the CSM's inbox: the two open steps, the plan's task naming the suggested action
    const inbox = await rt.api('GET', '/v1/tasks', { key: csmKey });
    const mine = inbox.body.data.filter((t: { kind: string; account_id: string }) => t.kind === 'escalation_step' && t.account_id === acc);
    expect(mine.map((t: { title: string }) => t.title)).toEqual(['Root-cause call with Garage Dupuis within 24 h', 'Mitigation plan agreed with Garage Dupuis within 72 h']);
    expect(mine[1].body).toContain('Management callback proposing a rebalance or a pause');
  });

  it('a missed 24-hour step alerts the manager; the step can still be done, and the plan agreed resolves it', async () => {
    const acc = await account(rt.db, clock, people.owner.id, 'Hotel Lumière');
    await scoreAt(rt.db, clock, acc, 70, day(T0, 10));
    await scoreAt(rt.db, clock, acc, 30, day(T0, 11));
    const [e] = await escalationsOf(acc);
    await sweep(day(T0, 11, 23));
    expect((await tasksOf(people.boss.id, 'escalation_overdue')).filter((t) => t.title.includes('Hotel Lumière'))).toEqual([]);
    await sweep(day(T0, 12, 1));
    await sweep(day(T0, 12, 2)); // once only
    const overdue = (await tasksOf(people.boss.id, 'escalation_overdue')).filter((t) => t.title.includes('Hotel Lumière'));
    expect(overdue.map((t) => t.title)).toEqual([`Overdue: root cause call for Hotel Lumière (escalation ${e.id})`]);
    const note = await rt.db.query('SELECT recipient_id, kind FROM notifications WHERE account_id = $1 AND kind = $2', [acc, 'escalation_step_missed']);
    expect(note.rows).toEqual([{ recipient_id: people.boss.id, kind: 'escalation_step_missed' }]);
    expect((await escalationsOf(acc))[0].steps[1]).toMatchObject({ step: 'root_cause_call', state: 'missed' });

    const done = await rt.api('POST', `/v1/escalations/${e.id}/steps/root_cause_call`, { key: csmKey, body: { note: 'Called the CFO' } });
    expect(done.status).toBe(200);
    expect(done.body.steps[1]).toMatchObject({ state: 'done', note: 'Called the CFO' });
    expect((await rt.api('POST', `/v1/escalations/${e.id}/steps/root_cause_call`, { key: productKey })).status).toBe(403);
    const plan = await rt.api('POST', `/v1/escalations/${e.id}/steps/mitigation_plan`, { key: csmKey, body: { note: 'Two months at half price' } });
    expect(plan.body).toMatchObject({ state: 'resolved' });
    expect((await tasksOf(people.csm.id, 'escalation_step')).filter((t) => t.title.includes('Hotel Lumière')).map((t) => t.status)).toEqual(['done', 'done']);
    expect(await escalationsOf(acc, 'live')).toEqual([]);
  });

  it('an override needs a reason; it is logged, holds the steps, and when it expires the risk is restored', async () => {
    const acc = await account(rt.db, clock, people.owner.id, 'Librairie Noir');
    await scoreAt(rt.db, clock, acc, 75, day(T0, 20));
    await scoreAt(rt.db, clock, acc, 25, day(T0, 21));
    const [e] = await escalationsOf(acc);
    clock.set(day(T0, 21, 1));
    const bare = await rt.api('POST', `/v1/escalations/${e.id}/override`, { key: csmKey, body: { note: 'they are fine' } });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details.map((d: { field: string }) => d.field)).toContain('body.reason_code');
    expect((await rt.api('POST', `/v1/escalations/${e.id}/override`, { key: csmKey, body: { reason_code: 'renewal_confirmed', note: '  ' } })).status).toBe(400);
    const ok = await rt.api('POST', `/v1/escalations/${e.id}/override`, { key: csmKey, body: { reason_code: 'renewal_confirmed', note: 'Signed the renewal on the phone', expires_in_days: 2 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'overridden', override: { reason_code: 'renewal_confirmed', note: 'Signed the renewal on the phone', member_id: people.csm.id, state: 'active' } });
    expect(ok.body.override.actor).toMatch(/^key:/);
    expect(new Date(ok.body.override.expires_at).getTime()).toBe(day(T0, 23, 1).getTime());
    // the model's reason codes beside the override
    expect(ok.body.current_score.reason_codes.map((r: { code: string }) => r.code)).toEqual(['risk_phrases', 'ticket_volume']);
    const audit = await rt.db.query('SELECT actor FROM audit_log WHERE target = $1', [e.id]);
    expect(audit.rowCount).toBe(1);

    await sweep(day(T0, 22, 2)); // 25 h after opening, but overridden: nothing goes overdue
    expect((await escalationsOf(acc))[0].steps[1].state).toBe('pending');
    await sweep(day(T0, 23, 2)); // expired
    const [back] = await escalationsOf(acc);
    expect(back).toMatchObject({ state: 'open', override: { state: 'expired' } });
    expect(new Date(back.steps[1].due_at).getTime()).toBe(day(T0, 24, 2).getTime());
    // a second override of the same escalation while open again is fine; on a resolved one it is refused
    expect((await rt.api('POST', `/v1/escalations/${e.id}/override`, { key: csmKey, body: { reason_code: 'other', note: 'again' } })).status).toBe(200);
    expect((await rt.api('POST', '/v1/escalations/esc_nope/override', { key: csmKey, body: { reason_code: 'other', note: 'x' } })).status).toBe(404);
  });
});
