import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestPlay } from '../../agent/planner/service';
import { DEFAULT_SETTINGS } from '../../agent/policy/rules';
import { suppress } from '../../agent/policy/suppress';
import { outreachConversationId, sendDueSmsOutreach } from '../../telephony/sms/outreach';
import { smsWorld, type World } from './world';

// The planner's scheduled texts reach customers: an SMS play waits for its allowed time, is asked
// about again when due (in the claiming transaction), then opens its conversation; one opted out
// in between is never texted.

let w: World;
beforeAll(async () => {
  w = await smsWorld();
});
afterAll(async () => w?.close());

const outreach = async (id: string) => (await w.rt.db.query<any>('SELECT status, reasons FROM outreach WHERE id = $1', [id])).rows[0];

describe('scheduled SMS outreach', () => {
  it('is sent at its allowed time, opens its conversation, and the persona answers', async () => {
    const p = w.personas.find((x) => x.name === 'promoter-en')!;
    const play = await requestPlay(w.rt.db, w.clock, DEFAULT_SETTINGS, { accountId: `acc_${p.name}`, play: 'nps', channel: 'sms' });
    expect(play.status).toBe('scheduled');
    const due = new Date(play.scheduled_for!);
    // 10:00 UTC is 05:00 in Washington: nothing goes before the allowed time
    expect(due.getTime()).toBeGreaterThan(w.clock.now().getTime());
    expect(await sendDueSmsOutreach(w.deps, DEFAULT_SETTINGS)).toBe(0);
    expect(w.sim.messages.filter((m) => m.to === p.phone)).toEqual([]);

    w.clock.set(due);
    expect(await sendDueSmsOutreach(w.deps, DEFAULT_SETTINGS)).toBe(1);
    await w.drain();
    expect(await outreach(play.outreach_id!)).toMatchObject({ status: 'sent' });
    const log = (await w.rt.db.query<any>('SELECT channel, play FROM outreach_log WHERE outreach_id = $1', [play.outreach_id])).rows;
    expect(log).toEqual([{ channel: 'sms', play: 'nps' }]);
    const conv = (await w.rt.db.query<any>('SELECT status, nps FROM conversations WHERE id = $1', [outreachConversationId(play.outreach_id!)])).rows[0];
    expect(conv).toMatchObject({ status: 'completed', nps: p.expect.nps });
    expect(w.sim.messages.filter((m) => m.to === p.phone).length).toBeGreaterThan(0);
    // running again sends nothing more
    expect(await sendDueSmsOutreach(w.deps, DEFAULT_SETTINGS)).toBe(0);
  });

  it('is blocked, not sent, when the contact opted out after it was scheduled', async () => {
    const p = w.personas.find((x) => x.name === 'price-en')!;
    const play = await requestPlay(w.rt.db, w.clock, DEFAULT_SETTINGS, { accountId: `acc_${p.name}`, play: 'health_check', channel: 'sms' });
    expect(play.status).toBe('scheduled');
    await suppress(w.rt.db, w.clock, { contactId: `con_${p.name}`, reason: 'opt_out_keyword', at: w.clock.now().toISOString() });
    w.clock.set(new Date(Math.max(new Date(play.scheduled_for!).getTime(), w.clock.now().getTime())));
    expect(await sendDueSmsOutreach(w.deps, DEFAULT_SETTINGS)).toBe(0);
    expect(await outreach(play.outreach_id!)).toMatchObject({ status: 'blocked', reasons: expect.arrayContaining(['suppressed']) });
    expect(w.sim.messages.filter((m) => m.to === p.phone)).toEqual([]);
  });
});
