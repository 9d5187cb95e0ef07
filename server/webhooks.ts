import type { Clock } from '../db/clock';
import type { Queryable } from '../db/transaction';

// Webhook idempotency (CONTRACTS.md section 1: server/ owns `webhook_events`). A provider's event is
// stored once by its id, in the caller's transaction, before the webhook is acknowledged; the
// capability that handles the provider works the stored rows later and marks them processed.

export interface StoredWebhook {
  id: string;
  provider: string;
  event_id: string;
  received_at: Date;
  payload: unknown;
}

/** Stores the event unless its id is already stored; true when this call stored it. */
export async function storeWebhookEvent(tx: Queryable, clock: Clock, provider: string, eventId: string, payload: string): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO webhook_events (provider, event_id, received_at, payload) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (provider, event_id) DO NOTHING`,
    [provider, eventId, clock.now(), payload],
  );
  return r.rowCount === 1;
}

/** The oldest stored events of a provider not yet processed (ids as strings). */
export async function pendingWebhookEvents(db: Queryable, provider: string, limit: number): Promise<StoredWebhook[]> {
  const { rows } = await db.query<StoredWebhook>(
    `SELECT id::text AS id, provider, event_id, received_at, payload FROM webhook_events
     WHERE provider = $1 AND processed_at IS NULL ORDER BY id LIMIT $2`,
    [provider, limit],
  );
  return rows;
}

/**
 * Marks one event processed inside the transaction that did its work; false when another worker
 * already did (the caller then rolls back, so the work happens once).
 */
export async function markWebhookProcessed(tx: Queryable, clock: Clock, id: string): Promise<boolean> {
  const r = await tx.query('UPDATE webhook_events SET processed_at = $2 WHERE id = $1::bigint AND processed_at IS NULL', [id, clock.now()]);
  return r.rowCount === 1;
}
