import type { Lang, Play } from '../../agent/contracts/common';
import { newId } from '../../db/ids';
import { withTransaction } from '../../db/transaction';
import { TenureError } from '../../server/errors';
import { fromNumberFor } from '../twilio';
import type { SmsDeps } from './deps';
import { smsBlocked } from './gate';
import { queueText } from './outbox';

// An outbound SMS conversation: the agent opens it (the opening line is agent turn 0) and the
// opening line is queued as the first text, due now or at `at`. The send job checks the opt-outs
// again when it is due, so a STOP that arrives in between still stops it.

export interface StartSms {
  contactId: string;
  play: Play;
  lang?: Lang;
  conversationId?: string;
  /** when the first text goes (default: now) */
  at?: Date;
}

export async function startSmsConversation(deps: SmsDeps, s: StartSms): Promise<{ conversationId: string; messageId: string | null; openingLine: string }> {
  const { rows } = await deps.db.query<{ phone: string | null; language: string }>('SELECT phone, language FROM contacts WHERE id = $1', [s.contactId]);
  const contact = rows[0];
  if (!contact) throw new TenureError('not_found', `Contact ${s.contactId} does not exist`);
  if (!contact.phone) throw new TenureError('conflict', `Contact ${s.contactId} has no phone number to text`);
  if (await smsBlocked(deps.db, { contact_id: s.contactId, to_number: contact.phone, conversation_id: null })) {
    throw new TenureError('conflict', `Contact ${s.contactId} has opted out of texts`);
  }
  const conversationId = s.conversationId ?? newId('conv');
  const agent = await deps.agent();
  const { openingLine } = await agent.open({ conversationId, channel: 'sms', contactId: s.contactId, play: s.play, lang: s.lang ?? contact.language });
  const now = deps.clock.now();
  const messageId = await withTransaction(deps.db, (tx) =>
    queueText(tx, deps.queue(), now, { conversationId, contactId: s.contactId, from: fromNumberFor(deps.config), to: contact.phone!, body: openingLine, dueAt: s.at ?? now, replyTo: undefined }),
  );
  return { conversationId, messageId, openingLine };
}
