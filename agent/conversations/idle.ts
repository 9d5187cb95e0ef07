import type { DueWork } from '../../db/due-work';
import type { Queryable } from '../../db/transaction';
import type { Conversations } from '../graph/port';

// An SMS thread left idle (CONTRACTS.md section 3, default 48 hours since its last turn) closes with
// a wrap-up, so what was said is recorded even when the customer just stops answering.

export const SMS_IDLE_HOURS = 48;
const BATCH = 100;

export async function idleConversations(db: Queryable, now: Date, hours = SMS_IDLE_HOURS): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT c.id FROM conversations c
     WHERE c.status = 'open' AND c.channel = 'sms' AND c.handled_by = 'agent'
       AND coalesce((SELECT max(t.at) FROM turns t WHERE t.conversation_id = c.id), c.started_at) < $1::timestamptz - make_interval(hours => $2)
     ORDER BY c.started_at LIMIT ${BATCH}`,
    [now, hours],
  );
  return rows.map((r) => r.id);
}

export async function closeIdle(agent: Conversations, db: Queryable, now: Date, hours = SMS_IDLE_HOURS): Promise<number> {
  const ids = await idleConversations(db, now, hours);
  for (const id of ids) await agent.channelClosed({ conversationId: id, reason: 'idle_timeout', at: now.toISOString() });
  return ids.length;
}

/** `hours`: TENURE_SMS_IDLE_HOURS */
export function idleSweep(agent: () => Promise<Conversations>, hours = SMS_IDLE_HOURS): DueWork {
  return { name: 'idle-sms-threads', run: async (db, now) => closeIdle(await agent(), db, now, hours) };
}
