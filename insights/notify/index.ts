// Notifications (insights/notify): messages to people over the task inbox, Slack, email and SMS,
// deduplicated, retried and logged. Scoring's alerts use it; the insights digest will too.
import { emailNotifier, slackNotifier, smsNotifier, type Notifier, type SmsPort } from './channels';
import type { Notifiers } from './deliver';

export { emailNotifier, slackNotifier, smsNotifier, Undeliverable, type Channel, type Message, type Notifier, type SmsPort } from './channels';
export { deliverDue, expand, notificationDelivery, type Notifiers } from './deliver';
export { enqueueNotifications, listDeliveries, NewNotification, Delivery } from './store';
export { notifyRoutes } from './routes';

export interface NotifyConfig {
  SLACK_WEBHOOK_URL?: string | undefined;
  SMTP_URL?: string | undefined;
  SMTP_FROM?: string | undefined;
}

let cached: { key: string; notifiers: Notifier[] } | null = null;

/**
 * The channels the configuration turns on: Slack with SLACK_WEBHOOK_URL, email with SMTP_URL. Without
 * them (sandbox), messages reach the task inbox and the delivery log only. SMS needs the telephony
 * adapter's port, passed by whoever wires it.
 */
export function notifiersFor(config: NotifyConfig, sms?: SmsPort): Notifiers {
  const key = `${config.SLACK_WEBHOOK_URL ?? ''}|${config.SMTP_URL ?? ''}|${config.SMTP_FROM ?? ''}`;
  if (cached?.key !== key) {
    const list: Notifier[] = [];
    if (config.SLACK_WEBHOOK_URL) list.push(slackNotifier(config.SLACK_WEBHOOK_URL));
    if (config.SMTP_URL && config.SMTP_FROM) list.push(emailNotifier(config.SMTP_URL, config.SMTP_FROM));
    cached = { key, notifiers: list };
  }
  return { external: sms ? [...cached.notifiers, smsNotifier(sms)] : cached.notifiers };
}
