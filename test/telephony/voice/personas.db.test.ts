import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueWork } from '../../../db/due-work';
import { allDueWork } from '../../../server/jobs';
import { voiceWorld, type VoiceWorld } from './world';

// Acceptance: a health-check call answered by each voice persona, end to end through the real
// twilio SDK (calls.create, calls.update) and real sockets (signed webhooks over HTTP, the
// ConversationRelay WebSocket), ends with the records its file expects, and the score update.

let w: VoiceWorld;
beforeAll(async () => {
  w = await voiceWorld();
});
afterAll(async () => w?.close());

const silent = { info() {}, warn() {}, error() {} };

async function records(conversationId: string, contactId: string) {
  const db = w.rt.db;
  const conv = (await db.query<any>('SELECT status, end_reason, nps, account_id FROM conversations WHERE id = $1', [conversationId])).rows[0];
  const reasons = (await db.query<any>('SELECT category FROM churn_reasons WHERE conversation_id = $1', [conversationId])).rows;
  const promises = (await db.query<any>(`SELECT 1 FROM events WHERE kind = 'promise.made' AND payload->>'conversation_id' = $1`, [conversationId])).rows;
  const suppressed = (await db.query<any>('SELECT reason, channel FROM suppressions WHERE contact_id = $1', [contactId])).rows;
  const legs = (await db.query<any>('SELECT status, attempt, outreach_log_id FROM call_legs WHERE contact_id = $1 ORDER BY attempt', [contactId])).rows;
  const results = (await db.query<any>('SELECT result FROM outreach_log WHERE contact_id = $1 ORDER BY at', [contactId])).rows;
  return { conv, reasons, promises, suppressed, legs, results };
}

describe('voice personas', () => {
  it('has the personas the issue lists', () => {
    expect(w.personas.map((p) => p.name).sort()).toEqual([
      'budget-en', 'competitor-en', 'expired-card-en', 'forgot-en', 'no-answer-en', 'no-results-en', 'price-en', 'promoter-en', 'stop-calling-en', 'switcher-fr', 'technical-en', 'voicemail-en',
    ]);
  });

  it.each(['promoter-en', 'price-en', 'competitor-en', 'no-results-en', 'technical-en', 'budget-en', 'forgot-en', 'expired-card-en', 'voicemail-en', 'no-answer-en', 'stop-calling-en', 'switcher-fr'])(
    '%s ends with the records its file expects',
    async (name) => {
      const p = w.personas.find((x) => x.name === name)!;
      const contactId = `con_${p.name}`;
      const { conversationId, call } = await w.call(name);
      const r = await records(conversationId, contactId);
      const e = p.expect;
      expect(r.conv).toMatchObject({ status: e.status, end_reason: e.end_reason, nps: e.nps });
      expect(r.reasons.map((x: any) => x.category)).toEqual(e.reason ? [e.reason] : []);
      expect(r.promises.length > 0).toBe(e.promise);
      if (e.opted_out) expect(r.suppressed).toEqual([{ reason: 'opt_out_keyword', channel: null }]);
      else expect(r.suppressed).toEqual([]);
      expect(r.results[0].result).toBe(e.result);
      // a retry is queued for later (and asked about by the policy then), never dialled at once
      expect(r.legs.map((l: any) => [l.attempt, l.status])).toEqual(e.retried ? [[1, expect.any(String)], [2, 'pending']] : [[1, 'completed']]);
      // every webhook the network posted was accepted, and the socket upgrade too
      expect(w.sim.deliveries.filter((d) => d.status >= 400)).toEqual([]);
      expect(call.refused).toBeNull();
      if (p.answer === 'human') {
        // the greeting was the agent's opening line (turn 0) and announced the stop key
        const turn0 = (await w.rt.db.query<any>('SELECT text FROM turns WHERE conversation_id = $1 AND seq = 0', [conversationId])).rows[0].text;
        if (!p.script.some((s) => 'interrupt' in s)) expect(call.heard[0]).toBe(`${turn0} ${p.lang === 'fr' ? 'Si vous ne souhaitez plus recevoir ces appels, appuyez sur 9 à tout moment.' : 'If you would rather not get these calls, press 9 at any time.'}`);
        // the score update: the call is in the account's history and the account is marked for rescoring
        const acc = `acc_${p.name}`;
        expect((await w.rt.db.query(`SELECT 1 FROM events WHERE kind = 'call.completed' AND account_id = $1`, [acc])).rows).toHaveLength(1);
        expect((await w.rt.db.query('SELECT 1 FROM rescore_due WHERE account_id = $1', [acc])).rows).toHaveLength(1);
      }
    },
  );

  it('a voicemail heard the short non-sensitive message; a no-answer rang out', () => {
    const vm = w.sim.calls.find((c) => c.persona === 'voicemail-en')!;
    expect(vm.voicemail).toMatch(/quick check-in/);
    expect(vm.voicemail).not.toMatch(/payment|card|€|\$|\d/);
    expect(vm.sessions).toBe(0);
    expect(w.sim.calls.find((c) => c.persona === 'no-answer-en')!.status).toBe('no-answer');
  });

  it('the switcher was answered in English after asking for it: a `language` frame, then English', () => {
    const c = w.sim.calls.find((x) => x.persona === 'switcher-fr')!;
    expect(c.frames).toContainEqual({ type: 'language', ttsLanguage: 'en-US', transcriptionLanguage: 'en-US' });
    expect(c.heard[1]).toMatch(/^Thank you/);
  });

  it('the scores move: the rescore sweep scores the accounts the calls marked', async () => {
    await runDueWork(allDueWork(w.rt.ctx).filter((d) => d.name === 'rescore'), w.rt.db, w.clock, silent);
    const { rows } = await w.rt.db.query<any>(`SELECT count(*)::int AS n FROM rescore_due WHERE account_id LIKE 'acc_%'`);
    expect(rows[0].n).toBe(0);
    const scored = await w.rt.db.query<any>(`SELECT account_id FROM v_current_scores WHERE account_id = 'acc_price-en'`);
    expect(scored.rows).toHaveLength(1);
  });
});
