import fs from 'node:fs';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsConversation } from '../../telephony/sms/start';
import { SANDBOX_AUTH_TOKEN } from '../../telephony/twilio';
import { tableFingerprints } from '../support/runtime';
import { PUBLIC, smsWorld, type World } from './world';

// Acceptance 3 (webhook security, idempotency) and acceptance 2 (STOP, its equivalents and a
// free-text revocation block the next text, one already queued included: the simulator gets no
// request after it).

const golden = (name: string): Record<string, string> => JSON.parse(fs.readFileSync(new URL(`../../telephony/simulator/golden/${name}.json`, import.meta.url), 'utf8'));

let w: World;
beforeAll(async () => {
  w = await smsWorld();
});
afterAll(async () => w?.close());

function post(path: string, params: Record<string, string>, signature?: string) {
  return w.rt.app!.inject({
    method: 'POST', url: path, payload: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === undefined ? {} : { 'x-twilio-signature': signature }) },
  });
}
const signed = (path: string, params: Record<string, string>, base = PUBLIC) => post(path, params, twilio.getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, base + path, params));

describe('Twilio webhooks', () => {
  it('refuses a missing, forged, wrong-key or http:// signature with 403 on every POST route under /webhooks/twilio/ in /docs/json, changing nothing', async () => {
    const doc = (await w.rt.app!.inject({ method: 'GET', url: '/docs/json' })).json();
    const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).filter(([p, ops]) => p.startsWith('/webhooks/twilio/') && 'post' in ops).map(([p]) => p);
    expect(routes.sort()).toEqual(['/webhooks/twilio/sms', '/webhooks/twilio/sms/{id}/status', '/webhooks/twilio/voice/{leg}/action', '/webhooks/twilio/voice/{leg}/amd', '/webhooks/twilio/voice/{leg}/status']);
    const before = await tableFingerprints(w.rt.db);
    for (const route of routes) {
      // a message id that does not exist: refused for the signature, before any lookup (403, not 404)
      const path = route.replace('{id}', 'msg_does_not_exist').replace('{leg}', 'leg_does_not_exist');
      const params = route.endsWith('status') ? golden('status-callback') : golden('inbound-sms');
      const http = twilio.getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, PUBLIC.replace('https://', 'http://') + path, params);
      const otherKey = twilio.getExpectedTwilioSignature('another-accounts-auth-token', PUBLIC + path, params);
      const tampered = twilio.getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, PUBLIC + path, { ...params, Body: 'something else' });
      for (const sig of [undefined, '', 'bm90IGEgc2lnbmF0dXJl', http, otherKey, tampered]) {
        const res = await post(path, params, sig);
        expect(res.statusCode, `${path} with ${sig}`).toBe(403);
      }
      // a correctly signed request to the same URL is let through (the unknown id is then 404)
      // (a voice route refuses the SMS parameters as invalid: 400)
      expect((await signed(path, params)).statusCode).toBe(route.includes('/voice/') ? 400 : route.endsWith('status') ? 404 : 200);
    }
    // the signed inbound text above was stored; nothing else changed
    const after = await tableFingerprints(w.rt.db);
    const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
    expect(changed.sort()).toEqual(['messages', 'suppressions']);
  });

  it('the same inbound text delivered twice is stored and worked once', async () => {
    const params = { ...golden('inbound-sms'), MessageSid: 'SM' + 'ab'.repeat(16), SmsSid: 'SM' + 'ab'.repeat(16), SmsMessageSid: 'SM' + 'ab'.repeat(16), From: '+12025550101', Body: 'Hello?' };
    const first = await signed('/webhooks/twilio/sms', params);
    const second = await signed('/webhooks/twilio/sms', params);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(first.headers['content-type']).toMatch(/text\/xml/);
    expect([first.body, second.body]).toEqual(['<?xml version="1.0" encoding="UTF-8"?><Response/>', '<?xml version="1.0" encoding="UTF-8"?><Response/>']);
    expect((await w.rt.db.query<any>(`SELECT count(*)::int AS n FROM messages WHERE sid = $1`, [params.MessageSid])).rows[0]!.n).toBe(1);
  });

  it('the same status callback twice has one effect, and a late one never moves a status back', async () => {
    const { conversationId } = await startSmsConversation(w.deps, { contactId: 'con_price-en', play: 'nps' });
    const m = (await w.rt.db.query<any>(`SELECT id FROM messages WHERE conversation_id = $1`, [conversationId])).rows[0];
    const { sendText } = await import('../../telephony/sms/send');
    await sendText(w.deps, m.id); // sent through the SDK; the simulator's callbacks arrive in order
    await w.sim.idle();
    const row = (await w.rt.db.query<any>(`SELECT sid, status FROM messages WHERE id = $1`, [m.id])).rows[0];
    expect(row.status).toBe('delivered');
    const path = `/webhooks/twilio/sms/${m.id}/status`;
    const callback = { ...golden('status-callback'), MessageSid: row.sid, SmsSid: row.sid, MessageStatus: 'undelivered', SmsStatus: 'undelivered', ErrorCode: '30003' };
    // two identical deliveries of a (late) failure: one retry at most, and here none, as it was delivered
    expect((await signed(path, callback)).statusCode).toBe(204);
    expect((await signed(path, callback)).statusCode).toBe(204);
    const sent = { ...callback, MessageStatus: 'sent', SmsStatus: 'sent' };
    delete (sent as Record<string, string>).ErrorCode;
    expect((await signed(path, sent)).statusCode).toBe(204);
    expect((await w.rt.db.query<any>(`SELECT status, error_code FROM messages WHERE id = $1`, [m.id])).rows[0]).toEqual({ status: 'delivered', error_code: null });
    expect((await w.rt.db.query<any>(`SELECT count(*)::int AS n FROM webhook_events WHERE provider = 'twilio' AND event_id = $1`, [`${row.sid}:undelivered`])).rows[0].n).toBe(1);
  });
});

describe('crashes', () => {
  it('an inbound turn worked twice (its job run again after a crash) is answered once', async () => {
    const { handleInbound } = await import('../../telephony/sms/turn');
    await w.drain();
    await w.rt.db.query(`DELETE FROM suppressions WHERE contact_id = 'con_callback-fr'`);
    await w.rt.db.query(`UPDATE conversations SET status = 'completed' WHERE contact_id = 'con_callback-fr'`);
    const { conversationId } = await startSmsConversation(w.deps, { contactId: 'con_callback-fr', play: 'nps' });
    const params = { ...golden('inbound-sms'), MessageSid: 'SM' + 'cd'.repeat(16), SmsSid: 'SM' + 'cd'.repeat(16), SmsMessageSid: 'SM' + 'cd'.repeat(16), From: '+33655010003', Body: '8' };
    expect((await signed('/webhooks/twilio/sms', params)).statusCode).toBe(200);
    const id = (await w.rt.db.query<any>(`SELECT id FROM messages WHERE sid = $1`, [params.MessageSid])).rows[0].id;
    await handleInbound(w.deps, id);
    // the crash: the work was done but the row was not marked handled
    await w.rt.db.query(`UPDATE messages SET status = 'received' WHERE id = $1`, [id]);
    await handleInbound(w.deps, id);
    const replies = (await w.rt.db.query<any>(`SELECT body FROM messages WHERE reply_to = $1`, [id])).rows;
    expect(replies).toHaveLength(1);
    expect(replies[0].body).toMatch(/raison/);
    const turns = (await w.rt.db.query<any>(`SELECT role FROM turns WHERE conversation_id = $1 ORDER BY seq`, [conversationId])).rows.map((t: any) => t.role);
    expect(turns).toEqual(['agent', 'customer', 'agent']);
  });
});

describe('opt-outs block what was already queued', () => {
  it.each([
    ['promoter-en', 'STOP'],
    ['callback-fr', 'Arrêt'],
    ['revoke-ru', 'СТОП'],
    ['price-en', 'can you please stop texting me'],
    ['arret-fr', "Arrêtez de m'envoyer des SMS svp"],
    ['revoke-en', 'Больше не пишите мне'],
  ])('%s texting "%s": suppressed before the answer, one confirmation, and the queued text never reaches Twilio', async (persona, words) => {
    const p = w.personas.find((x) => x.name === persona)!;
    const contactId = `con_${p.name}`;
    await w.rt.db.query(`DELETE FROM suppressions WHERE contact_id = $1`, [contactId]);
    await w.drain(); // what earlier tests left in flight
    await w.rt.db.query(`UPDATE conversations SET status = 'completed' WHERE contact_id = $1`, [contactId]);
    // a text scheduled for an hour from now: queued, not yet sent
    const { messageId } = await startSmsConversation(w.deps, { contactId, play: 'nps', at: new Date(w.clock.now().getTime() + 3_600_000) });
    const res = await w.sim.inbound(p.phone, words);
    expect(res.status).toBe(200);
    expect(res.body.match(/<Message>/g)).toHaveLength(1);
    // written before the answer: the webhook's own transaction
    expect((await w.rt.db.query(`SELECT reason, channel FROM suppressions WHERE contact_id = $1`, [contactId])).rows).toEqual([{ reason: 'opt_out_keyword', channel: null }]);
    const requests = w.sim.requests.length;
    w.clock.advance(2 * 3_600_000);
    await w.drain();
    expect(w.sim.requests.length).toBe(requests);
    expect((await w.rt.db.query<any>(`SELECT status, error_message FROM messages WHERE id = $1`, [messageId])).rows[0]).toEqual({ status: 'blocked', error_message: 'suppressed' });
    // and any later outreach is refused up front
    await expect(startSmsConversation(w.deps, { contactId, play: 'nps' })).rejects.toThrow(/opted out/);
  });

  it('POST /v1/sms/conversations starts one (csm), and answers 409 for a contact who opted out', async () => {
    const ok = await w.rt.api('POST', '/v1/sms/conversations', { body: { contact_id: 'con_roaming-en', play: 'health_check', send_at: '2030-01-01T00:00:00Z' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ conversation_id: expect.stringMatching(/^conv_/), message_id: expect.stringMatching(/^msg_/), opening_line: expect.any(String) });
    const refused = await w.rt.api('POST', '/v1/sms/conversations', { body: { contact_id: 'con_stop-en', play: 'nps' } });
    await w.sim.inbound('+12025550104', 'STOP');
    const after = await w.rt.api('POST', '/v1/sms/conversations', { body: { contact_id: 'con_stop-en', play: 'nps' } });
    expect([refused.status, after.status]).toEqual([201, 409]);
    expect(after.body.error.message).toMatch(/opted out/);
  });

  it('HELP answers the help text and changes nothing; START after STOP opts back in; YES otherwise is just an answer', async () => {
    const p = w.personas.find((x) => x.name === 'silent-en')!;
    const help = await w.sim.inbound(p.phone, 'HELP');
    expect(help.body).toMatch(/<Message>.*STOP.*<\/Message>/);
    expect((await w.rt.db.query(`SELECT 1 FROM suppressions WHERE contact_id = 'con_silent-en'`)).rows).toEqual([]);
    await w.sim.inbound(p.phone, 'STOP');
    expect((await w.rt.db.query(`SELECT 1 FROM suppressions WHERE contact_id = 'con_silent-en'`)).rows).toHaveLength(1);
    const back = await w.sim.inbound(p.phone, 'START');
    expect(back.body).toMatch(/resubscribed/);
    expect((await w.rt.db.query(`SELECT 1 FROM suppressions WHERE contact_id = 'con_silent-en'`)).rows).toEqual([]);
    const yes = await w.sim.inbound(p.phone, 'Yes');
    expect(yes.body).not.toMatch(/<Message>/);
    expect((await w.rt.db.query<any>(`SELECT kind FROM messages WHERE direction = 'inbound' AND from_number = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [p.phone])).rows[0].kind).toBe('turn');
  });

  it('opting out on one channel only when TENURE_OPT_OUT_SCOPE=channel', async () => {
    const scoped = await smsWorld({ TENURE_OPT_OUT_SCOPE: 'channel' });
    try {
      const res = await scoped.sim.inbound('+12025550104', 'STOP');
      expect(res.body).toMatch(/no more texts/);
      expect((await scoped.rt.db.query(`SELECT channel FROM suppressions WHERE contact_id = 'con_stop-en'`)).rows).toEqual([{ channel: 'sms' }]);
    } finally {
      await scoped.close();
    }
  });
});
