import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../db/clock';
import type { Database } from '../../../db/database';
import { withTransaction } from '../../../db/transaction';
import { deliverDue } from '../../../insights/notify/deliver';
import { slackNotifier, smsNotifier, type SmsPort } from '../../../insights/notify/channels';
import { enqueueNotifications, type NewNotification } from '../../../insights/notify/store';
import { addTeamMember } from '../../../team/members';
import { testDatabase } from '../../support/database';
import { slackReceiver } from './receivers';

// Delivery: each message once per channel, retried with backoff when the far end fails, skipped when
// there is nobody to reach, never re-sent after a crash mid-send; sandbox (no channel set) reaches the inbox only.
const clock = fixedClock('2026-10-01T09:00:00Z');
let db: Database;
let memberId: string;

beforeAll(async () => {
  db = await testDatabase();
  memberId = (await withTransaction(db, (tx) => addTeamMember(tx, clock, { name: 'Nina', email: 'nina@vendor.test', kind: 'csm' }))).member.id;
});
afterAll(() => db?.close());

const message = (key: string, recipient: string | null = memberId): NewNotification => ({
  dedupe_key: key, source: 'test', kind: 'test_message', account_id: null, recipient_id: recipient, subject: `Subject ${key}`, body: `Body ${key}`, payload: { key },
});
const log = async (key: string) =>
  (await db.query<{ channel: string; state: string; attempts: number; detail: string | null }>(
    `SELECT d.channel, d.state, d.attempts, d.detail FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.dedupe_key = $1 ORDER BY d.channel`, [key],
  )).rows;
const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000);

describe('notification delivery', () => {
  it('a message handed over twice is stored once; sandbox delivers it to the inbox only', async () => {
    await withTransaction(db, (tx) => enqueueNotifications(tx, [message('a'), message('a')], clock.now()));
    await withTransaction(db, (tx) => enqueueNotifications(tx, [message('a')], clock.now()));
    await deliverDue(db, { external: [] }, at(0));
    expect(await log('a')).toEqual([{ channel: 'inbox', state: 'sent', attempts: 1, detail: expect.stringMatching(/^task_/) }]);
    const tasks = await db.query(`SELECT title FROM tasks WHERE assignee_id = $1 AND title = 'Subject a'`, [memberId]);
    expect(tasks.rowCount).toBe(1);
  });

  it('a failing Slack webhook is retried with backoff and logged', async () => {
    const slack = await slackReceiver({ failFirst: 2 });
    try {
      const n = { external: [slackNotifier(slack.url)] };
      await withTransaction(db, (tx) => enqueueNotifications(tx, [message('b')], clock.now()));
      await deliverDue(db, n, at(1));
      expect((await log('b')).find((d) => d.channel === 'slack')).toMatchObject({ state: 'pending', attempts: 1, detail: expect.stringContaining('500') });
      await deliverDue(db, n, at(1.5)); // not due yet: backoff
      expect(slack.received).toHaveLength(0);
      await deliverDue(db, n, at(3));
      await deliverDue(db, n, at(10));
      expect((await log('b')).find((d) => d.channel === 'slack')).toMatchObject({ state: 'sent', attempts: 3 });
      expect(slack.received.map((r) => r.text)).toEqual(['*Subject b* (for Nina)\nBody b']);
    } finally {
      await slack.close();
    }
  });

  it('SMS through the telephony port; nobody to reach is skipped, not retried; a send cut off by a crash is not repeated', async () => {
    const sent: string[] = [];
    const port: SmsPort = { sendSms: async (to, body) => (sent.push(`${to}:${body}`), { sid: 'SM1' }) };
    await withTransaction(db, (tx) => enqueueNotifications(tx, [message('c', null)], clock.now()));
    await deliverDue(db, { external: [smsNotifier(port)] }, at(20));
    expect(await log('c')).toEqual([
      { channel: 'inbox', state: 'skipped', attempts: 1, detail: 'no recipient' },
      { channel: 'sms', state: 'skipped', attempts: 1, detail: 'the recipient has no phone number' },
    ]);
    expect(sent).toEqual([]);

    // a delivery claimed (sending) by a worker that then died stays visible and is never sent again
    await withTransaction(db, (tx) => enqueueNotifications(tx, [message('d')], clock.now()));
    const slack = await slackReceiver();
    try {
      const n = { external: [slackNotifier(slack.url)] };
      await withTransaction(db, async (tx) => {
        await tx.query(`UPDATE notifications SET expanded_at = $1 WHERE dedupe_key = 'd'`, [at(30)]);
        await tx.query(`INSERT INTO notification_deliveries (notification_id, channel, state, due_at) SELECT id, 'slack', 'sending', $1 FROM notifications WHERE dedupe_key = 'd'`, [at(30)]);
      });
      await deliverDue(db, n, at(31));
      expect(slack.received).toEqual([]);
      expect(await log('d')).toEqual([{ channel: 'slack', state: 'sending', attempts: 0, detail: null }]);
    } finally {
      await slack.close();
    }
  });
});
