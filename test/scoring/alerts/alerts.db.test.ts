import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../db/clock';
import type { Database } from '../../../db/database';
import { withTransaction } from '../../../db/transaction';
import { deliverDue } from '../../../insights/notify/deliver';
import { emailNotifier, slackNotifier } from '../../../insights/notify/channels';
import { afterScores } from '../../../scoring/alerts/after-scores';
import { scoreAlerts } from '../../../scoring/alerts/batches';
import { runDueWork } from '../../../db/due-work';
import { PRESETS, saveConfig } from '../../../scoring/config';
import { testDatabase } from '../../support/database';
import { mailText, slackReceiver, smtpReceiver } from '../../insights/notify/receivers';
import { account, day, scoreAt, team } from './synthetic';

// Alerts on synthetic score histories written through the real store, with an injected clock:
// a steep drop inside one zone, zone transitions, the daily rate limit, idempotence, delivery.
const T0 = '2026-10-01T09:00:00Z';
const clock = fixedClock(T0);
let db: Database;
const silent = { info: () => {}, warn: () => {}, error: () => {} };
let people: Awaited<ReturnType<typeof team>>;

beforeAll(async () => {
  db = await testDatabase();
  people = await team(db, clock);
});
afterAll(() => db?.close());

const alertsOf = async (accountId: string) =>
  (await db.query<{ kinds: string[]; score: number; previous_score: number; zone: string; previous_zone: string; drop_points: number; suggested_action: { text: string } | null; signal_family: string }>(
    'SELECT kinds, score, previous_score, zone, previous_zone, drop_points, suggested_action, signal_family FROM alerts WHERE account_id = $1 ORDER BY id', [accountId],
  )).rows;

describe('alerts', () => {
  it('a score going from 78 to 62 in 10 days raises one trajectory alert though it stays yellow, delivered once to Slack and by email', async () => {
    const acc = await account(db, clock, people.owner.id, 'Boulangerie Martin');
    for (const [d, s] of [[0, 78], [3, 75], [6, 71], [8, 66]] as const) await scoreAt(db, clock, acc, s, day(T0, d));
    expect(await alertsOf(acc)).toEqual([]);
    await scoreAt(db, clock, acc, 62, day(T0, 10));
    const alerts = await alertsOf(acc);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kinds: ['trajectory'], score: 62, previous_score: 78, zone: 'yellow', previous_zone: 'yellow', drop_points: 16, signal_family: 'competitor_comparison' });
    expect(alerts[0]!.suggested_action!.text).toBe('Sales callback within 48 h with a strategic review');

    // the score stays low the next days: no second trajectory alert in the window
    await scoreAt(db, clock, acc, 61, day(T0, 11));
    await scoreAt(db, clock, acc, 62, day(T0, 12), { kind: 'daily' });
    expect(await alertsOf(acc)).toHaveLength(1);

    const slack = await slackReceiver();
    const smtp = await smtpReceiver();
    try {
      const notifiers = { external: [slackNotifier(slack.url), emailNotifier(smtp.url, 'tenure@vendor.test')] };
      const now = day(T0, 12, 1);
      await deliverDue(db, notifiers, now);
      await deliverDue(db, notifiers, day(T0, 12, 2)); // a second tick sends nothing again
      expect(slack.received).toHaveLength(1);
      expect(smtp.received).toHaveLength(1);
      for (const text of [slack.received[0]!.text, mailText(smtp.received[0]!.raw)]) {
        expect(text).toContain('Boulangerie Martin');
        expect(text).toMatch(/62 \(yellow\), previously 78/);
        expect(text).toContain('named a competitor twice on the last call');
        expect(text).toContain('Suggested action: Sales callback within 48 h with a strategic review');
      }
      expect(smtp.received[0]!.to).toEqual(['oscar@vendor.test']);
      const payload = (slack.received[0]!.body.metadata as { event_payload: Record<string, unknown> }).event_payload;
      expect(payload).toMatchObject({ score: 62, previous_score: 78, kinds: ['trajectory'] });
      // the owner's task inbox has it too, and the log says where each copy went
      const tasks = await db.query<{ title: string }>(`SELECT title FROM tasks WHERE assignee_id = $1 AND kind = 'score_alert' AND account_id = $2`, [people.owner.id, acc]);
      expect(tasks.rows).toHaveLength(1);
      const log = await db.query<{ channel: string; state: string }>(
        `SELECT d.channel, d.state FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.account_id = $1 ORDER BY d.channel`, [acc]);
      expect(log.rows).toEqual([{ channel: 'email', state: 'sent' }, { channel: 'inbox', state: 'sent' }, { channel: 'slack', state: 'sent' }]);
    } finally {
      await slack.close();
      await smtp.close();
    }
  });

  it('flapping across a zone threshold 10 times in a day sends at most one alert', async () => {
    const acc = await account(db, clock, people.owner.id);
    await scoreAt(db, clock, acc, 63, day(T0, 0));
    for (let i = 0; i < 10; i++) await scoreAt(db, clock, acc, i % 2 === 0 ? 58 : 61, day(T0, 1, i * 2));
    const alerts = await alertsOf(acc);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kinds: ['zone'], previous_zone: 'yellow', zone: 'orange', score: 58, previous_score: 63 });
    // the next day (24 hours after the first alert) it may alert again
    await scoreAt(db, clock, acc, 57, day(T0, 1, 23));
    expect(await alertsOf(acc)).toHaveLength(1);
    await scoreAt(db, clock, acc, 62, day(T0, 2, 1));
    expect((await alertsOf(acc)).map((a) => `${a.previous_zone}→${a.zone}`)).toEqual(['yellow→orange', 'orange→yellow']);
  });

  it('a re-run over the same batch makes no second alert; a first score and a backfill make none', async () => {
    const acc = await account(db, clock, people.owner.id);
    await scoreAt(db, clock, acc, 85, day(T0, 0));
    await scoreAt(db, clock, acc, 45, day(T0, 1));
    expect(await alertsOf(acc)).toHaveLength(1);
    expect((await alertsOf(acc))[0]).toMatchObject({ kinds: ['zone', 'trajectory'], previous_score: 85, drop_points: 40 });
    await withTransaction(db, (tx) => afterScores(tx, { asOf: day(T0, 1), now: day(T0, 1, 1), kind: 'change' }));
    expect(await alertsOf(acc)).toHaveLength(1);
    const notes = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE account_id = $1', [acc]);
    expect(notes.rows[0]!.n).toBe(1);

    const fresh = await account(db, clock, people.owner.id);
    await scoreAt(db, clock, fresh, 30, day(T0, 5));
    await scoreAt(db, clock, fresh, 90, day(T0, -3), { kind: 'backfill' });
    expect(await alertsOf(fresh)).toEqual([]);
  });

  it('a batch left pending by a crash after its re-score gets its alert from the next tick of due work, once', async () => {
    const acc = await account(db, clock, people.owner.id);
    await scoreAt(db, clock, acc, 88, day(T0, 20));
    await scoreAt(db, clock, acc, 50, day(T0, 21), { deferAlerts: true });
    const pending = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM score_batches_pending WHERE as_of = $1', [day(T0, 21)])).rows[0]!.n;
    expect(await alertsOf(acc)).toEqual([]);
    expect(await pending()).toBe(1);
    const ticks = [await runDueWork([scoreAlerts()], db, clock, silent), await runDueWork([scoreAlerts()], db, clock, silent)];
    expect(ticks.map((t) => t['score-alerts'])).toEqual([1, 0]);
    expect((await alertsOf(acc)).map((a) => `${a.previous_score}→${a.score}`)).toEqual(['88→50']);
    expect(await pending()).toBe(0);
  });

  it('a drop below the threshold, or spread over more than the window, raises nothing', async () => {
    const acc = await account(db, clock, people.owner.id);
    await scoreAt(db, clock, acc, 79, day(T0, 0));
    await scoreAt(db, clock, acc, 72, day(T0, 5));
    await scoreAt(db, clock, acc, 66, day(T0, 16)); // 79 is 16 days back: outside the window; 72 - 66 = 6
    await scoreAt(db, clock, acc, 65, day(T0, 17));
    expect(await alertsOf(acc)).toEqual([]);
  });

  // last: it changes the configuration every later score is written with
  it('a new configuration version renames zones without alerting anyone; a real move under it does', async () => {
    const acc = await account(db, clock, people.owner.id);
    await scoreAt(db, clock, acc, 65, day(T0, 30)); // yellow
    await withTransaction(db, (tx) => saveConfig(tx, clock, PRESETS.classic, 'test'));
    await scoreAt(db, clock, acc, 65, day(T0, 31)); // amber under the new version
    expect(await alertsOf(acc)).toEqual([]);
    await scoreAt(db, clock, acc, 62, day(T0, 32));
    await scoreAt(db, clock, acc, 85, day(T0, 33, 1)); // amber → green
    expect((await alertsOf(acc)).map((a) => `${a.previous_zone}→${a.zone}`)).toEqual(['amber→green']);
  });
});
