import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsConversation } from '../../telephony/sms/start';
import { smsWorld, type World } from './world';

// Acceptance 1: an SMS NPS conversation with each persona, end to end through the real twilio SDK
// and real HTTP both ways (SDK → simulator, simulator → signed webhooks → Tenure), ends with the
// records its file expects.

let w: World;
beforeAll(async () => {
  w = await smsWorld();
});
afterAll(async () => w?.close());

async function records(conversationId: string, contactId: string) {
  const db = w.rt.db;
  const conv = (await db.query<any>('SELECT status, end_reason, nps, nps_comment FROM conversations WHERE id = $1', [conversationId])).rows[0];
  const reasons = (await db.query<any>('SELECT category FROM churn_reasons WHERE conversation_id = $1', [conversationId])).rows;
  const promises = (await db.query<any>(`SELECT payload->>'text' AS text FROM events WHERE kind = 'promise.made' AND payload->>'conversation_id' = $1`, [conversationId])).rows;
  const suppressed = (await db.query<any>('SELECT reason, channel FROM suppressions WHERE contact_id = $1', [contactId])).rows;
  return { conv, reasons, promises, suppressed };
}

describe('personas over SMS', () => {
  const names = () => w.personas.map((p) => p.name);
  it('has personas for each language, disposition, STOP, a revocation and silence', () => {
    expect(new Set(w.personas.map((p) => p.lang))).toEqual(new Set(['en', 'fr', 'ru']));
    expect(names()).toEqual(expect.arrayContaining(['stop-en', 'arret-fr', 'revoke-ru', 'silent-en']));
  });

  it.each(['promoter-en', 'price-en', 'callback-fr', 'stop-en', 'arret-fr', 'revoke-ru', 'revoke-en', 'silent-en', 'landline-en', 'roaming-en'])('%s ends with the records its file expects', async (name) => {
    const p = w.personas.find((x) => x.name === name)!;
    const contactId = `con_${p.name}`;
    const { conversationId } = await startSmsConversation(w.deps, { contactId, play: p.play });
    await w.drain();
    const r = await records(conversationId, contactId);
    const e = p.expect;
    expect(r.conv).toMatchObject({ status: e.status, end_reason: e.end_reason, nps: e.nps });
    if (e.nps_comment) expect(r.conv.nps_comment).toContain(e.nps_comment);
    else expect(r.conv.nps_comment).toBeNull();
    expect(r.reasons.map((x: any) => x.category)).toEqual(e.reason ? [e.reason] : []);
    expect(r.promises.length > 0).toBe(e.promise);
    if (e.opted_out) expect(r.suppressed).toEqual([{ reason: 'opt_out_keyword', channel: null }]);
    const received = w.sim.messages.filter((m) => m.to === p.phone && (m.direction === 'reply' || m.status === 'delivered'));
    expect(received).toHaveLength(e.texts_received);
    // replies are at most 3 segments, and every webhook the simulator posted was accepted
    for (const m of received) expect(m.num_segments).toBeLessThanOrEqual(3);
    expect(w.sim.deliveries.filter((d) => d.status >= 400)).toEqual([]);
  });

  it('a landline (30006) is marked not textable; an unreachable handset (30003) was retried exactly once', async () => {
    const db = w.rt.db;
    expect((await db.query(`SELECT reason, channel FROM suppressions WHERE contact_id = 'con_landline-en'`)).rows).toEqual([{ reason: 'carrier_block', channel: 'sms' }]);
    const roaming = (await db.query<any>(`SELECT attempt, status, error_code FROM messages WHERE to_number = '+12025550110' AND retry_of IS NOT NULL OR (to_number = '+12025550110' AND error_code IS NOT NULL) ORDER BY attempt`)).rows;
    expect(roaming).toEqual([{ attempt: 1, status: 'undelivered', error_code: 30003 }, { attempt: 2, status: 'delivered', error_code: null }]);
  });

  it('a silent thread closes after the idle window with a wrap-up', async () => {
    const db = w.rt.db;
    const { rows } = await db.query<any>(`SELECT id FROM conversations WHERE contact_id = 'con_silent-en'`);
    const { runDueWork } = await import('../../db/due-work');
    const { allDueWork } = await import('../../server/jobs');
    w.clock.advance(47 * 3_600_000);
    await runDueWork(allDueWork(w.rt.ctx).filter((d) => d.name === 'idle-sms-threads'), db, w.clock, { info() {}, warn() {}, error() {} });
    expect((await db.query<any>('SELECT status FROM conversations WHERE id = $1', [rows[0].id])).rows[0].status).toBe('open');
    w.clock.advance(2 * 3_600_000);
    await runDueWork(allDueWork(w.rt.ctx).filter((d) => d.name === 'idle-sms-threads'), db, w.clock, { info() {}, warn() {}, error() {} });
    expect((await db.query<any>('SELECT status, end_reason, summary FROM conversations WHERE id = $1', [rows[0].id])).rows[0]).toMatchObject({ status: 'completed', end_reason: 'idle_timeout', summary: expect.any(String) });
  });
});
