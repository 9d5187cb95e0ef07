import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestPlay } from '../../../agent/planner/service';
import { DEFAULT_SETTINGS } from '../../../agent/policy/rules';
import { workVoice } from '../../../telephony/voice/work';
import { voiceWorld, type VoiceWorld } from './world';

// The planner's scheduled calls reach customers: a voice play waits for its allowed time, is claimed
// (asked about again, logged) once due, becomes one call leg in that transaction, and is dialled; the
// persona answers and the outreach's result is recorded. Running the sweep again calls no one twice.

let w: VoiceWorld;
beforeAll(async () => {
  w = await voiceWorld();
});
afterAll(async () => w?.close());

describe('scheduled voice outreach', () => {
  it('is called at its allowed time, once, and the persona answers', async () => {
    const p = w.personas.find((x) => x.name === 'price-en')!;
    // 06:00 UTC is 01:00 in Washington: the planner schedules the call for the contact's calling hours
    w.clock.set('2026-11-17T06:00:00Z');
    const play = await requestPlay(w.rt.db, w.clock, DEFAULT_SETTINGS, { accountId: `acc_${p.name}`, play: 'health_check', channel: 'voice' });
    expect(play.status).toBe('scheduled');
    const due = new Date(play.scheduled_for!);
    expect(due.getTime()).toBeGreaterThan(w.clock.now().getTime());
    expect(await workVoice(w.deps, w.clock.now())).toBe(0);
    expect(w.sim.calls.filter((c) => c.to === p.phone)).toEqual([]);

    w.clock.set(due);
    // claimed (1) and dialled (1)
    expect(await workVoice(w.deps, w.clock.now())).toBe(2);
    await w.settled();
    await new Promise((r) => setTimeout(r, 50));
    expect((await w.rt.db.query<any>('SELECT status FROM outreach WHERE id = $1', [play.outreach_id])).rows[0].status).toBe('sent');
    const log = (await w.rt.db.query<any>('SELECT channel, play, result FROM outreach_log WHERE outreach_id = $1', [play.outreach_id])).rows;
    expect(log).toEqual([{ channel: 'voice', play: 'health_check', result: 'answered' }]);
    const conv = (await w.rt.db.query<any>('SELECT c.status, r.category FROM conversations c LEFT JOIN churn_reasons r ON r.conversation_id = c.id WHERE c.id = $1', [`conv_leg_${play.outreach_id}`])).rows[0];
    expect(conv).toEqual({ status: 'completed', category: 'price' });
    expect(w.sim.calls.filter((c) => c.to === p.phone)).toHaveLength(1);
    // running again calls no one
    expect(await workVoice(w.deps, w.clock.now())).toBe(0);
    expect(w.sim.calls.filter((c) => c.to === p.phone)).toHaveLength(1);
  });
});
