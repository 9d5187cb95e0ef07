import { withTransaction } from '../../db/transaction';
import type { SmsDeps } from './deps';
import { queueText } from './outbox';

// The job of one inbound text: the customer's words go to the contact's open SMS conversation
// through the ConversationPort (idempotent on the MessageSid), or open a new one; the agent's answer
// is read back from the turns table — so a job run again after a crash finds the answer the first
// run stored — and queued as one reply (at most 3 segments) to that text. An opt-out closes the
// conversation ("opted_out"): its confirmation was the webhook's answer, and nothing else is said.

interface Inbound {
  id: string;
  sid: string;
  kind: string;
  status: string;
  contact_id: string | null;
  conversation_id: string | null;
  from_number: string;
  to_number: string;
  body: string;
  created_at: Date;
  language: string | null;
}

export async function handleInbound(deps: SmsDeps, messageId: string): Promise<void> {
  const { rows } = await deps.db.query<Inbound>(
    `SELECT m.id, m.sid, m.kind, m.status, m.contact_id, m.conversation_id, m.from_number, m.to_number, m.body, m.created_at, c.language
     FROM messages m LEFT JOIN contacts c ON c.id = m.contact_id WHERE m.id = $1 AND m.direction = 'inbound'`,
    [messageId],
  );
  const m = rows[0];
  if (!m || m.status === 'handled') return;
  const handled = (conversationId: string | null) =>
    deps.db.query(`UPDATE messages SET status = 'handled', conversation_id = coalesce(conversation_id, $2), updated_at = $3 WHERE id = $1`, [m.id, conversationId, deps.clock.now()]);
  // a number Tenure does not know: nobody to talk to (an opt-out from it was recorded by number)
  if (!m.contact_id) return void (await handled(null));

  let conversationId = m.conversation_id ?? (await openThread(deps, m.contact_id));
  const agent = await deps.agent();
  if (m.kind === 'opt_out') {
    if (conversationId) await agent.channelClosed({ conversationId, reason: 'opted_out', at: m.created_at.toISOString() });
    return void (await handled(conversationId));
  }
  if (!conversationId) {
    // a text out of the blue: a new conversation, named after the text so a re-run opens the same one
    conversationId = `conv_${m.id.slice(m.id.indexOf('_') + 1)}`;
    await agent.open({ conversationId, channel: 'sms', contactId: m.contact_id, play: 'health_check', lang: m.language ?? 'en' });
  }
  await deps.db.query(`UPDATE messages SET conversation_id = $2 WHERE id = $1 AND conversation_id IS NULL`, [m.id, conversationId]);
  for await (const e of agent.customerTurn({ conversationId, eventId: m.sid, text: m.body, at: m.created_at.toISOString() }, AbortSignal.timeout(120_000))) void e;

  const answer = await deps.db.query<{ text: string | null }>(
    `WITH mine AS (SELECT seq FROM turns WHERE conversation_id = $1 AND event_id = $2)
     SELECT string_agg(t.text, ' ' ORDER BY t.seq) AS text FROM turns t, mine
     WHERE t.conversation_id = $1 AND t.role = 'agent' AND t.seq > mine.seq
       AND t.seq < coalesce((SELECT min(seq) FROM turns WHERE conversation_id = $1 AND role = 'customer' AND seq > mine.seq), 2147483647)`,
    [conversationId, m.sid],
  );
  const text = answer.rows[0]?.text?.trim();
  await withTransaction(deps.db, async (tx) => {
    if (text) {
      await queueText(tx, deps.queue(), deps.clock.now(), {
        conversationId, contactId: m.contact_id, from: m.to_number, to: m.from_number, body: text, dueAt: deps.clock.now(), replyTo: m.id,
      });
    }
    await tx.query(`UPDATE messages SET status = 'handled', updated_at = $2 WHERE id = $1`, [m.id, deps.clock.now()]);
  });
}

async function openThread(deps: SmsDeps, contactId: string): Promise<string | null> {
  const { rows } = await deps.db.query<{ id: string }>(
    `SELECT id FROM conversations WHERE contact_id = $1 AND channel = 'sms' AND status = 'open' ORDER BY started_at DESC LIMIT 1`,
    [contactId],
  );
  return rows[0]?.id ?? null;
}
