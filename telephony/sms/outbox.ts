import { newId } from '../../db/ids';
import type { Queue } from '../../db/queue';
import type { Queryable } from '../../db/transaction';
import { fitSegments, segmentsOf } from './segments';
import { SEND_JOB } from './deps';

// An outbound text is a row first ('pending', due at due_at), with its send job in the same
// transaction: a crash loses neither, and the job finds the row's state before it sends anything.

export const MAX_SEGMENTS = 3;

export interface NewText {
  conversationId: string | null;
  contactId: string | null;
  from: string;
  to: string;
  body: string;
  dueAt: Date;
  /** the inbound message this answers: an answer is queued once per inbound text */
  replyTo?: string;
  /** the message this repeats (the one retry after 30003) */
  retryOf?: string;
  attempt?: number;
}

/** Queues a text, cut to 3 segments; null when this reply or retry was queued before. */
export async function queueText(tx: Queryable, queue: Queue | null, now: Date, t: NewText): Promise<string | null> {
  const body = fitSegments(t.body, MAX_SEGMENTS);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO messages (id, direction, kind, conversation_id, contact_id, from_number, to_number, body, status, segments, attempt, reply_to, retry_of, due_at, updated_at, created_at)
     VALUES ($1, 'outbound', 'agent', $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11, $12, $12)
     ON CONFLICT DO NOTHING RETURNING id`,
    [newId('msg'), t.conversationId, t.contactId, t.from, t.to, body, segmentsOf(body).segments, t.attempt ?? 1, t.replyTo ?? null, t.retryOf ?? null, t.dueAt, now],
  );
  const id = rows[0]?.id ?? null;
  if (id && queue) await queue.send(SEND_JOB, { messageId: id }, { startAfter: t.dueAt > now ? t.dueAt : undefined }, tx);
  return id;
}
