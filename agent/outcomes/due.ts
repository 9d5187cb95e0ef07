import type { DueWork } from '../../db/due-work';
import type { Database } from '../../db/database';
import { withTransaction } from '../../db/transaction';
import { systemClock, type Clock } from '../../db/clock';
import { recordEvents } from '../../ingest/events/store';

// Each action's outcome (CONTRACTS.md section 8), written by due work 30 days after the action:
// churned if the subscription was cancelled since; recovered if a payment conversation was followed
// by a paid invoice; saved if the account was at risk and is still active; replied if the customer
// answered; otherwise no_response. Set-based: a batch of due actions per statement.

const BATCH = 500;

export async function recordOutcomes(db: Database, now: Date, clock: Clock = systemClock): Promise<number> {
  return withTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ id: string; account_id: string; kind: string; conversation_id: string | null }>(
      `WITH due AS (
         SELECT a.id FROM actions a WHERE a.outcome_due_at <= $1 AND a.outcome_claimed_at IS NULL ORDER BY a.outcome_due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED),
       judged AS (
         SELECT a.id, a.account_id, a.conversation_id,
                CASE
                  WHEN EXISTS (SELECT 1 FROM events e WHERE e.account_id = a.account_id AND e.kind = 'subscription.cancelled' AND e.occurred_at > a.at AND e.occurred_at <= $1) THEN 'churned'
                  WHEN a.kind = 'conversation:payment_recovery' AND EXISTS (SELECT 1 FROM events e WHERE e.account_id = a.account_id AND e.kind = 'invoice.paid' AND e.occurred_at > a.at AND e.occurred_at <= $1) THEN 'recovered'
                  WHEN a.at_risk AND (SELECT status FROM accounts WHERE id = a.account_id) = 'active' THEN 'saved'
                  WHEN EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = a.conversation_id AND t.role = 'customer') THEN 'replied'
                  ELSE 'no_response'
                END AS kind
         FROM actions a JOIN due USING (id)),
       claimed AS (UPDATE actions a SET outcome_claimed_at = $1 FROM judged j WHERE a.id = j.id RETURNING a.id),
       stored AS (
         INSERT INTO outcomes (id, account_id, action_id, kind, at, evidence, created_at)
         SELECT 'out_' || j.id, j.account_id, j.id, j.kind, $1, jsonb_build_object('event_ids', '[]'::jsonb, 'conversation_ids', jsonb_build_array(j.conversation_id)), $2
         FROM judged j JOIN claimed USING (id) RETURNING action_id)
       SELECT j.id, j.account_id, j.kind, j.conversation_id FROM judged j JOIN stored s ON s.action_id = j.id`,
      [now, clock.now()],
    );
    if (!rows.length) return 0;
    await tx.query(`UPDATE conversations c SET outcome = o.kind FROM outcomes o JOIN actions a ON a.id = o.action_id WHERE a.conversation_id = c.id AND a.id = ANY($1::text[])`, [rows.map((r) => r.id)]);
    await recordEvents(tx, clock, rows.map((r) => ({
      kind: 'outcome.recorded', account_id: r.account_id, occurred_at: now.toISOString(), dedupe_key: `agent:outcome:${r.id}`, payload: { action_id: r.id, outcome: r.kind },
    })), 'agent', 'outcome events');
    return rows.length;
  });
}

export function outcomeSweep(clock: Clock): DueWork {
  return { name: 'action-outcomes', run: (db, now) => recordOutcomes(db, now, clock) };
}
