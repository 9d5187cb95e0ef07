import type { SmsPort } from '../../insights/notify/channels';
import { withTransaction } from '../../db/transaction';
import { fromNumberFor } from '../twilio';
import type { SmsDeps } from './deps';
import { queueText } from './outbox';

// Notifications by SMS (an alert to an account's owner) through the same outbox as every text:
// a row with its send job, checked against the opt-outs when it goes, sent once.

export function notificationSms(deps: () => SmsDeps): SmsPort {
  return {
    async sendSms(to, body) {
      const d = deps();
      const now = d.clock.now();
      const id = await withTransaction(d.db, (tx) => queueText(tx, d.queue(), now, { conversationId: null, contactId: null, from: fromNumberFor(d.config), to, body, dueAt: now }));
      return id ? { sid: id } : {};
    },
  };
}
