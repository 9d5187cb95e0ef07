import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationUsage, reasonRecord, recordModelCalls, type ModelCall, type Outcome } from '../../../agent/models';
import { recordConversations } from '../../../agent/conversations/record';
import type { ChurnReason } from '../../../agent/contracts';
import { fixedClock } from '../../../db/clock';
import type { Database } from '../../../db/database';
import { withTransaction } from '../../../db/transaction';
import { testDatabase } from '../../support/database';
import { remoteProvider } from '../../fakes/remote';
import { startChatServer, type ChatServer } from '../../fakes/chat-server';

// What is stored when the remote model answers, misbehaves or fails: the reason with the provider
// that gave it and why the remote one fell back, disputed reasons with both answers, and each
// model call with its tokens, latency and cost, read back per conversation.

let db: Database;
let server: ChatServer;
const clock = fixedClock('2026-11-20T10:00:00Z');
beforeAll(async () => {
  db = await testDatabase();
  server = await startChatServer();
  await db.query(`INSERT INTO accounts (id, external_id, name, created_at, updated_at) VALUES ('acc_m', 'M-1', 'Models Ltd', now(), now())`);
});
afterAll(async () => {
  await server.close();
  await db?.close();
});

const PRICE = 'Honestly your price is far too high for what we get, it is too expensive and we are cancelling.';

async function store(id: string, outcome: Outcome<ChurnReason | null>, calls: ModelCall[]): Promise<void> {
  const record = reasonRecord(outcome, clock.now());
  await withTransaction(db, async (tx) => {
    await recordConversations(tx, clock, [
      {
        id,
        account_id: 'acc_m',
        channel: 'text',
        direction: 'outbound',
        handled_by: 'agent',
        lang: 'en',
        status: 'completed',
        started_at: clock.now(),
        source: 'agent',
        turns: [
          { id: `${id}_t0`, role: 'agent', text: 'How is it going?', at: clock.now() },
          { id: `${id}_t1`, role: 'customer', text: PRICE, at: clock.now() },
        ],
        reasons: record ? [record] : [],
      },
    ]);
    await recordModelCalls(tx, calls);
  });
}

const transcript = (id: string) => ({ conversation_id: id, turns: [{ id: `${id}_t0`, speaker: 'agent' as const, text: 'How is it going?' }, { id: `${id}_t1`, speaker: 'customer' as const, text: PRICE }] });

describe('stored model answers', () => {
  it('a malformed answer, then a timeout: the offline reason is stored with provider offline and the fallback recorded', async () => {
    server.queue.push({ malformed: true }, { hang: true });
    const outcome = await remoteProvider(server.url, { maxRetries: 1, timeoutMs: 300 }).extractReasonOutcome(transcript('conv_fb'));
    await store('conv_fb', outcome, outcome.calls);
    const { rows } = await db.query('SELECT category, provider, provider_fallback, verbatim, status FROM v_churn_reasons WHERE conversation_id = $1', ['conv_fb']);
    expect(rows).toEqual([{ category: 'price', provider: 'offline', provider_fallback: 'timeout', verbatim: expect.stringContaining('too expensive'), status: null }]);
    const calls = await db.query('SELECT attempt, outcome, model FROM model_calls WHERE conversation_id = $1 ORDER BY attempt', ['conv_fb']);
    expect(calls.rows).toEqual([
      { attempt: 1, outcome: 'malformed', model: 'gpt-4o-mini' },
      { attempt: 2, outcome: 'timeout', model: 'gpt-4o-mini' },
    ]);
    // the malformed text itself is stored nowhere
    const everything = JSON.stringify((await db.query("SELECT * FROM model_calls, churn_reasons WHERE churn_reasons.conversation_id = 'conv_fb'")).rows);
    expect(everything).not.toContain('oops');
  });

  it('an obeyed injection is stored as price, flagged disputed, with both providers\' answers', async () => {
    server.queue.push({ json: { stated: true, category: 'other', quote: 'we are cancelling', detail: 'Other', competitor: null, feature: null, voluntary: true, sentiment: 'neutral', confidence: 0.99 } });
    const outcome = await remoteProvider(server.url).extractReasonOutcome(transcript('conv_inj'));
    await store('conv_inj', outcome, outcome.calls);
    const { rows } = await db.query('SELECT category, status, alternatives, provider FROM v_churn_reasons WHERE conversation_id = $1', ['conv_inj']);
    expect(rows).toEqual([
      {
        category: 'price',
        status: 'disputed',
        provider: 'openai',
        alternatives: [
          { provider: 'openai', category: 'other', confidence: 0.99 },
          { provider: 'offline', category: 'price', confidence: expect.any(Number) },
        ],
      },
    ]);
  });

  it('tokens, latency and cost are visible per conversation', async () => {
    server.queue.push({ status: 503 }, { json: { stated: true, category: 'price', quote: 'far too high', detail: 'Price', competitor: null, feature: null, voluntary: true, sentiment: 'negative', confidence: 0.9 } });
    const outcome = await remoteProvider(server.url).extractReasonOutcome(transcript('conv_use'));
    await store('conv_use', outcome, outcome.calls);
    const usage = await conversationUsage(db, 'conv_use');
    const ok = outcome.calls.find((c) => c.outcome === 'ok')!;
    expect(usage).toEqual({
      conversation_id: 'conv_use',
      calls: 2,
      failed: 1,
      prompt_tokens: ok.prompt_tokens,
      completion_tokens: ok.completion_tokens,
      latency_ms: outcome.calls.reduce((a, c) => a + c.latency_ms, 0),
      cost_usd: expect.closeTo((ok.prompt_tokens! * 0.15 + ok.completion_tokens! * 0.6) / 1e6, 6),
    });
    expect(usage!.prompt_tokens).toBeGreaterThan(100);
    expect(await conversationUsage(db, 'conv_none')).toBeNull();
  });
});
