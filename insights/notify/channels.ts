import nodemailer from 'nodemailer';

// One small interface per delivery channel. Each gets the message and the recipient as the log
// knows them, and either resolves (sent) or throws (the delivery job retries, then gives up).

export type Channel = 'inbox' | 'slack' | 'email' | 'sms';

export interface Message {
  notification_id: string;
  kind: string;
  account_id: string | null;
  subject: string;
  body: string;
  payload: Record<string, unknown>;
  recipient: { id: string; name: string; email: string; phone: string | null } | null;
}

/** Nothing to deliver to (no recipient, no address): logged as skipped, never retried. */
export class Undeliverable extends Error {}

export interface Notifier {
  channel: Channel;
  /** resolves with a short detail for the log (a message id, a status) */
  send(m: Message): Promise<string>;
}

/** A Slack incoming webhook: the team's channel, the owner named in the text. */
export function slackNotifier(webhookUrl: string, o: { timeoutMs?: number } = {}): Notifier {
  return {
    channel: 'slack',
    async send(m) {
      const text = `*${m.subject}*${m.recipient ? ` (for ${m.recipient.name})` : ''}\n${m.body}`;
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, metadata: { event_type: m.kind, event_payload: m.payload } }),
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      const answer = (await res.text()).slice(0, 200);
      if (!res.ok) throw new Error(`Slack answered ${res.status}: ${answer}`);
      return `${res.status} ${answer}`;
    },
  };
}

/** Email over SMTP (nodemailer), to the recipient's address. */
export function emailNotifier(smtpUrl: string, from: string, o: { timeoutMs?: number } = {}): Notifier & { close(): void } {
  const timeout = o.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return {
    channel: 'email',
    async send(m) {
      if (!m.recipient) throw new Undeliverable('no recipient');
      const info = await transport.sendMail({ from, to: m.recipient.email, subject: m.subject, text: m.body });
      return String(info.messageId ?? 'sent');
    },
    close: () => transport.close(),
  };
}

/** The telephony adapter's side: send one SMS. Wired by the SMS issue (telephony/). */
export interface SmsPort {
  sendSms(to: string, body: string): Promise<{ sid?: string }>;
}

/** SMS to the recipient's phone through the telephony adapter. */
export function smsNotifier(port: SmsPort): Notifier {
  return {
    channel: 'sms',
    async send(m) {
      if (!m.recipient?.phone) throw new Undeliverable('the recipient has no phone number');
      // an SMS carries the subject and the first lines only
      const r = await port.sendSms(m.recipient.phone, `${m.subject}\n${m.body}`.slice(0, 600));
      return r.sid ?? 'sent';
    },
  };
}
