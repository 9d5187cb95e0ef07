import { fixedClock } from '../../../db/clock';
import type { Database } from '../../../db/database';
import { Conversations } from '../../../agent/graph/port';
import { offlineProvider } from '../../../agent/understanding';
import type { ModelClient } from '../../../agent/models/client';
import type { AgentEvent } from '../../../agent/contracts';
import type { UnderstandingProvider } from '../../../agent/understanding/provider';

// A small world for conversation tests: an owner, three accounts with a contact each (one whose
// last complaint was the price, one a missing feature, one with no history).

export const clock = fixedClock('2026-11-20T10:00:00Z');

export async function seedWorld(db: Database): Promise<void> {
  await db.query(`INSERT INTO team_members (id, name, email, kind, created_at) VALUES ('tm_owner', 'Olive Owner', 'olive@example.com', 'account_owner', now())`);
  for (const [acc, name, lang] of [['acc_a', 'Acme', 'en'], ['acc_b', 'Beta Corp', 'en'], ['acc_c', 'Cobalt', 'en'], ['acc_d', 'Delta', 'en'], ['acc_e', 'Echo', 'en'], ['acc_f', 'Fromagerie', 'fr']] as const) {
    await db.query(`INSERT INTO accounts (id, external_id, name, owner_id, plan, mrr_minor, currency, created_at, updated_at) VALUES ($1, $1, $2, 'tm_owner', 'pro', 50000, 'EUR', now(), now())`, [acc, name]);
    await db.query(`INSERT INTO contacts (id, external_id, account_id, name, language, created_at, updated_at) VALUES ($1, $1, $2, 'Sam Jones', $3, now(), now())`, [`con_${acc.slice(4)}`, acc, lang]);
  }
  const reason = `INSERT INTO churn_reasons (id, account_id, category, detail, verbatim, feature, voluntary, sentiment, confidence, source, captured_at, created_at)
                  VALUES ($1, $2, $3, $4, $5, $6, true, 'negative', 0.9, 'api', '2026-10-01T00:00:00Z', now())`;
  await db.query(reason, ['cr_a', 'acc_a', 'price', 'Price too high', 'it costs too much', null]);
  await db.query(reason, ['cr_b', 'acc_b', 'missing_feature', 'No export', 'we need exports to Excel', 'exports']);
  await db.query(reason, ['cr_d', 'acc_d', 'price', 'Price too high', 'too expensive for us', null]);
  await db.query(reason, ['cr_e', 'acc_e', 'price', 'Price too high', 'far too pricey', null]);
  await db.query(reason, ['cr_f', 'acc_f', 'price', 'Prix', 'trop cher', null]);
}

export function agent(db: Database, chat: ModelClient | null = null, understanding: UnderstandingProvider = offlineProvider) {
  return Conversations.create({ db, clock, policy: { maxDiscountPercent: 20, approvalCeilingPercent: 50, maxPauseMonths: 1 }, understanding, chat });
}

/** Drains one customer turn: the words said and every event. */
export async function turn(port: Conversations, conversationId: string, eventId: string, text: string): Promise<{ said: string; events: AgentEvent[] }> {
  const events: AgentEvent[] = [];
  for await (const e of port.customerTurn({ conversationId, eventId, text, at: clock.now().toISOString() }, new AbortController().signal)) events.push(e);
  return { said: events.map((e) => (e.type === 'token' ? e.text : '')).join(''), events };
}
