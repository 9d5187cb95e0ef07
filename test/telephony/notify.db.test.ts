import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/transaction';
import { deliverDue, enqueueNotifications, notifiersFor } from '../../insights/notify';
import { notificationSms } from '../../telephony/sms/notify';
import { smsWorld, type World } from './world';

// An alert reaches an account's owner by SMS through the telephony adapter (the same outbox, send
// job and simulator as every text); an owner without a number is skipped with the reason.

let w: World;
beforeAll(async () => {
  w = await smsWorld();
});
afterAll(async () => w?.close());

describe('notifications by SMS', () => {
  it('texts the owner once, and skips a member with no number', async () => {
    const db = w.rt.db;
    await db.query(`UPDATE team_members SET phone = '+33612340000' WHERE id = 'tm_owner'`);
    await db.query(`INSERT INTO team_members (id, name, email, kind, created_at) VALUES ('tm_nophone', 'No Phone', 'nophone@example.com', 'csm', now())`);
    const alert = (recipient: string) => ({
      dedupe_key: `test:${recipient}`, source: 'scoring', kind: 'score_alert', account_id: 'acc_promoter-en', recipient_id: recipient,
      subject: 'Account promoter-en: 78 → 62', body: 'Usage fell by half. Suggested: a value audit by the CSM.', payload: {},
    });
    await withTransaction(db, (tx) => enqueueNotifications(tx, [alert('tm_owner'), alert('tm_nophone')], w.clock.now()));
    const notifiers = notifiersFor({}, notificationSms(() => w.deps));
    await deliverDue(db, notifiers, w.clock.now());
    await w.drain();
    const texts = w.sim.messages.filter((m) => m.to === '+33612340000');
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toContain('78 → 62');
    const sms = (await db.query<any>(`SELECT n.recipient_id, d.state, d.detail FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE d.channel = 'sms' ORDER BY n.recipient_id`)).rows;
    expect(sms).toEqual([
      { recipient_id: 'tm_nophone', state: 'skipped', detail: expect.stringMatching(/no phone/) },
      { recipient_id: 'tm_owner', state: 'sent', detail: expect.any(String) },
    ]);
    // delivered once: another run sends nothing more
    await deliverDue(db, notifiers, w.clock.now());
    await w.drain();
    expect(w.sim.messages.filter((m) => m.to === '+33612340000')).toHaveLength(1);
  });
});
