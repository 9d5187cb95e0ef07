import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../db/clock';
import { withTransaction } from '../../../db/transaction';
import { claimDueOutreach, plannerSweep, recordOutreachResult } from '../../../agent/planner';
import { evaluate, DEFAULT_SETTINGS } from '../../../agent/policy';
import { currentConfig } from '../../../scoring/config';
import { testRuntime, type TestRuntime } from '../../support/runtime';

// The planner and the policy as a CSM and a send job meet them: plays on demand, an account's
// outreach, a campaign's dry run and its approval, and the send job's second check.

// Tuesday 2026-11-17 15:00Z: 10:00 in New York, 16:00 in Paris
const clock = fixedClock('2026-11-17T15:00:00Z');
let rt: TestRuntime;
let csm: string;
let product: string;

async function account(id: string, o: { status?: 'active' | 'churned'; phone: string; zone?: string | null; country?: string | null; b2b?: boolean }) {
  await rt.db.query(
    `INSERT INTO accounts (id, external_id, name, status, plan, attributes, created_at, updated_at) VALUES ($1, $1, $2, $3, 'pro', $4, now(), now())`,
    [id, `Account ${id}`, o.status ?? 'active', JSON.stringify(o.b2b === false ? { b2b: false } : {})],
  );
  await rt.db.query(
    `INSERT INTO contacts (id, external_id, account_id, name, phone, country, time_zone, role, created_at, updated_at) VALUES ($1, $1, $2, 'Pat Doe', $3, $4, $5, 'main', now(), now())`,
    [`con_${id}`, id, o.phone, o.country ?? null, o.zone === undefined ? 'America/New_York' : o.zone],
  );
}

async function consent(contactId: string, channel: string, purpose: string, expressWritten = false) {
  const body = { contact_id: contactId, channel, purpose, status: 'granted', express_written: expressWritten, recorded_at: '2026-01-01T00:00:00Z' };
  const r = await rt.api('POST', '/v1/consents', { body });
  expect(r.status).toBeLessThan(300);
}

async function dunningCase(accountId: string, o: { stopped?: boolean } = {}) {
  const reason = o.stopped ? 'cancellation_intent' : 'card_expired';
  await rt.db.query(
    `INSERT INTO dunning_cases (id, account_id, invoice_id, customer_id, state, amount_due, currency, reason_class, hard, retry, customer_action, reveal_reason, cancellation_intent, message_key, opened_at, updated_at)
     VALUES ($1, $2, $3, 'cus_1', 'waiting_for_customer', 4900, 'USD', $4, true, 'after_customer_action', 'update_payment_method', true, $5, $4, now(), now())`,
    [`dc_${accountId}`, accountId, `in_${accountId}`, reason, !!o.stopped],
  );
}

beforeAll(async () => {
  rt = await testRuntime({ clock, env: { TENURE_DEMO: 'off', TENURE_CAMPAIGN_AUTO_APPROVE: 'health_check' } });
  csm = (await rt.api('POST', '/v1/keys', { body: { name: 'csm', role: 'csm' } })).body.key;
  product = (await rt.api('POST', '/v1/keys', { body: { name: 'pm', role: 'product' } })).body.key;
  // acc_us: a US customer with a failed payment, consent for texts about it, none for marketing
  await account('acc_us', { phone: '+12125550101' });
  await consent('con_acc_us', 'sms', 'transactional');
  await dunningCase('acc_us');
  // three cancelled accounts for a win-back campaign
  await account('acc_w1', { status: 'churned', phone: '+12125550102' });
  await consent('con_acc_w1', 'voice', 'marketing', true);
  await account('acc_w2', { status: 'churned', phone: '+12125550103' });
  await account('acc_w3', { status: 'churned', phone: '+12125550104' });
  await consent('con_acc_w3', 'voice', 'marketing', true);
  await rt.db.query(`INSERT INTO suppressions (id, contact_id, channel, reason, at, created_at) VALUES ('sup_w3', 'con_acc_w3', NULL, 'do_not_contact', now(), now())`);
  // a French consumer whose win-back consent is on record
  await account('acc_fr', { status: 'churned', phone: '+33612345678', zone: 'Europe/Paris', country: 'FR', b2b: false });
  await consent('con_acc_fr', 'voice', 'marketing');
});
afterAll(async () => rt?.close());

describe('plays on demand', () => {
  it('blocks a win-back without marketing consent, and schedules the payment recovery to the same contact now', async () => {
    const winBack = await rt.api('POST', '/v1/plays', { key: csm, body: { account_id: 'acc_us', play: 'win_back' } });
    expect(winBack.status).toBe(201);
    expect(winBack.body).toMatchObject({ status: 'blocked', scheduled_for: null });
    expect(winBack.body.reasons).toContain('no_consent');

    const recovery = await rt.api('POST', '/v1/plays', { key: csm, body: { account_id: 'acc_us', play: 'payment_recovery' } });
    expect(recovery.body).toEqual({ outreach_id: expect.any(String), decision_id: expect.any(String), status: 'scheduled', scheduled_for: '2026-11-17T15:00:00.000Z', reasons: [] });

    // asked again, the same outreach: planning twice never texts twice
    const again = await rt.api('POST', '/v1/plays', { key: csm, body: { account_id: 'acc_us', play: 'payment_recovery' } });
    expect(again.body).toMatchObject({ outreach_id: recovery.body.outreach_id, status: 'scheduled', reasons: ['already_scheduled'] });

    const list = await rt.api('GET', '/v1/outreach?account_id=acc_us', { key: product });
    expect(list.body.data.map((o: any) => [o.play, o.status, o.reasons])).toEqual([
      ['payment_recovery', 'scheduled', []],
      ['win_back', 'blocked', expect.arrayContaining(['no_consent'])],
    ]);
    expect(list.body.data[0]).toMatchObject({ channel: 'sms', purpose: 'transactional', trigger: 'on_demand', why: 'asked for' });
    // every decision is kept with what the planner saw
    const d = (await rt.db.query(`SELECT inputs FROM planner_decisions WHERE id = $1`, [recovery.body.decision_id])).rows[0]!;
    expect(d.inputs).toMatchObject({ assessment: { state: { dunningCaseId: 'dc_acc_us' } }, policy: { allowed: true } });
  });

  it('schedules a French call at the next allowed time: 16:00 Tuesday in Paris is legal, but not past 20:00', async () => {
    clock.set('2026-11-17T19:30:00Z'); // 20:30 in Paris
    try {
      const r = await rt.api('POST', '/v1/plays', { key: csm, body: { account_id: 'acc_fr', play: 'win_back' } });
      expect(r.body).toMatchObject({ status: 'scheduled', scheduled_for: '2026-11-18T09:00:00.000Z', reasons: ['outside_calling_hours'] });
    } finally {
      clock.set('2026-11-17T15:00:00Z');
    }
  });

  it('refuses a payment recovery without a dunning case, an unknown account, and a product key', async () => {
    expect((await rt.api('POST', '/v1/plays', { key: csm, body: { account_id: 'acc_w1', play: 'payment_recovery' } })).status).toBe(409);
    expect((await rt.api('POST', '/v1/plays', { key: csm, body: { account_id: 'acc_nope', play: 'nps' } })).status).toBe(404);
    expect((await rt.api('POST', '/v1/plays', { key: product, body: { account_id: 'acc_us', play: 'nps' } })).status).toBe(403);
    expect((await rt.api('POST', '/v1/plays', { key: csm, body: { account_id: 'acc_us', play: 'sell_more' } })).status).toBe(400);
  });
});

describe('campaigns', () => {
  it('a dry run lists each account\'s decision and schedules nothing; approving schedules exactly those allowed', async () => {
    const before = (await rt.db.query(`SELECT count(*)::int AS n FROM outreach`)).rows[0]!.n;
    const plan = await rt.api('POST', '/v1/campaigns', { key: csm, body: { play: 'win_back', segment: { status: 'churned' } } });
    expect(plan.status).toBe(201);
    expect(plan.body).toMatchObject({ status: 'draft', play: 'win_back', channel: 'voice' });
    const byAccount = Object.fromEntries(plan.body.decisions.map((d: any) => [d.account_id, [d.decision, d.reasons, d.scheduled_for]]));
    expect(byAccount).toEqual({
      acc_w1: ['scheduled', [], '2026-11-17T15:00:00.000Z'],
      acc_w2: ['blocked', ['no_consent'], null],
      acc_w3: ['blocked', ['suppressed'], null],
      // 16:00 in Paris is a calling hour, but the play above already scheduled this call
      acc_fr: ['scheduled', ['already_scheduled'], '2026-11-18T09:00:00.000Z'],
    });
    expect((await rt.db.query(`SELECT count(*)::int AS n FROM outreach`)).rows[0]!.n).toBe(before);
    expect((await rt.api('GET', `/v1/campaigns/${plan.body.id}`, { key: product })).body.decisions).toHaveLength(4);

    const approved = await rt.api('POST', `/v1/campaigns/${plan.body.id}/approve`, { key: csm });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', counts: { scheduled: 2, blocked: 2, no_play: 0 } });
    const made = await rt.db.query(`SELECT account_id, status, scheduled_for FROM outreach WHERE campaign_id = $1 ORDER BY account_id`, [plan.body.id]);
    expect(made.rows).toEqual([{ account_id: 'acc_w1', status: 'scheduled', scheduled_for: new Date('2026-11-17T15:00:00Z') }]);
    expect((await rt.api('POST', `/v1/campaigns/${plan.body.id}/approve`, { key: csm })).status).toBe(409);
  });
});

describe('the send job', () => {
  it('asks the policy again in its transaction, logs what it sends once, and moves what is no longer allowed', async () => {
    const claimed = await withTransaction(rt.db, (tx) => claimDueOutreach(tx, clock, DEFAULT_SETTINGS, { channel: 'sms', limit: 10 }));
    expect(claimed.map((c) => [c.accountId, c.play, c.phone])).toEqual([['acc_us', 'payment_recovery', '+12125550101']]);
    // run again: nothing left to send, one log row
    expect(await withTransaction(rt.db, (tx) => claimDueOutreach(tx, clock, DEFAULT_SETTINGS, { channel: 'sms', limit: 10 }))).toEqual([]);
    expect((await rt.db.query(`SELECT count(*)::int AS n FROM outreach_log WHERE account_id = 'acc_us'`)).rows[0]!.n).toBe(1);

    // the win-back call to acc_w1 is due, but the customer has since asked not to be called
    await rt.db.query(`INSERT INTO suppressions (id, contact_id, channel, reason, at, created_at) VALUES ('sup_w1', 'con_acc_w1', 'voice', 'opt_out_keyword', now(), now())`);
    expect(await withTransaction(rt.db, (tx) => claimDueOutreach(tx, clock, DEFAULT_SETTINGS, { channel: 'voice', limit: 10 }))).toEqual([]);
    const w1 = (await rt.db.query(`SELECT status, reasons FROM outreach WHERE account_id = 'acc_w1'`)).rows[0]!;
    expect(w1).toEqual({ status: 'blocked', reasons: ['suppressed'] });

    // the French call is not due before Wednesday 10:00 in Paris
    clock.set('2026-11-18T09:00:00Z');
    const fr = await withTransaction(rt.db, (tx) => claimDueOutreach(tx, clock, DEFAULT_SETTINGS, { channel: 'voice', limit: 10 }));
    expect(fr.map((c) => c.accountId)).toEqual(['acc_fr']);
    // "not interested": 60 days without another marketing call to them
    await recordOutreachResult(rt.db, fr[0]!.logId, 'refused');
    const later = await evaluate(rt.db, { contactId: 'con_acc_fr', channel: 'voice', purpose: 'marketing', at: '2026-12-01T10:00:00Z' });
    expect(later).toEqual({ allowed: false, reasons: ['refusal_cooldown'], next_allowed_at: '2027-01-18T09:00:00.000Z' });
    clock.set('2026-11-17T15:00:00Z');
  });
});

describe('the planner on its own', () => {
  it('plans a payment recovery for a new dunning case once', async () => {
    await account('acc_dn', { phone: '+12125550105' });
    await dunningCase('acc_dn');
    const sweep = plannerSweep(clock, () => DEFAULT_SETTINGS);
    const log = { info() {}, warn() {}, error() {}, debug() {} } as never;
    expect(await sweep.run(rt.db, clock.now(), log)).toBeGreaterThanOrEqual(1);
    const made = await rt.db.query(`SELECT o.play, o.channel, o.status, d.trigger FROM outreach o JOIN planner_decisions d ON d.id = o.decision_id WHERE o.account_id = 'acc_dn'`);
    expect(made.rows).toEqual([{ play: 'payment_recovery', channel: 'sms', status: 'scheduled', trigger: 'dunning' }]);
    await sweep.run(rt.db, clock.now(), log);
    expect((await rt.db.query(`SELECT count(*)::int AS n FROM planner_decisions WHERE account_id = 'acc_dn'`)).rows[0]!.n).toBe(1);
  });

  it('plans no payment recovery for a stopped payment: the customer meant to cancel', async () => {
    await account('acc_stop', { phone: '+12125550106' });
    await dunningCase('acc_stop', { stopped: true });
    const log = { info() {}, warn() {}, error() {}, debug() {} } as never;
    await plannerSweep(clock, () => DEFAULT_SETTINGS).run(rt.db, clock.now(), log);
    expect((await rt.db.query(`SELECT count(*)::int AS n FROM outreach WHERE account_id = 'acc_stop'`)).rows[0]!.n).toBe(0);
    expect((await rt.api('POST', '/v1/plays', { key: csm, body: { account_id: 'acc_stop', play: 'payment_recovery' } })).status).toBe(409);
  });

  it('plans the play of an at-risk score once per score: a disengaged account is won back', async () => {
    await account('acc_sc', { phone: '+12125550106' });
    await consent('con_acc_sc', 'voice', 'marketing', true);
    await currentConfig(rt.db, clock);
    const score = async (atRisk: boolean) => {
      const { rows } = await rt.db.query<{ id: string }>(
        `INSERT INTO scores (account_id, as_of, score, zone, at_risk, escalate, based_on, components_total, components, reason_codes, config_version, kind, computed_at)
         VALUES ('acc_sc', now(), $1, $2, $3, false, 5, 5, '{}', $4, (SELECT max(version) FROM score_config_versions), 'change', now()) RETURNING id`,
        [atRisk ? 45 : 80, atRisk ? 'orange' : 'green', atRisk, JSON.stringify(atRisk ? [{ family: 'budget_pressure', points: 5 }, { family: 'disengagement', points: 20 }] : [])],
      );
      await rt.db.query(
        `INSERT INTO current_scores (account_id, score_id, score, zone, as_of, checked_at, config_version, fingerprint)
         SELECT account_id, id, score, zone, as_of, as_of, config_version, 'f' FROM scores WHERE id = $1
         ON CONFLICT (account_id) DO UPDATE SET score_id = EXCLUDED.score_id, score = EXCLUDED.score, zone = EXCLUDED.zone`,
        [rows[0]!.id],
      );
    };
    const sweep = plannerSweep(clock, () => DEFAULT_SETTINGS);
    const log = { info() {}, warn() {}, error() {}, debug() {} } as never;
    const decisions = async () => (await rt.db.query(`SELECT trigger, play, decision, reasons FROM planner_decisions WHERE account_id = 'acc_sc' ORDER BY id`)).rows;
    await score(false);
    await sweep.run(rt.db, clock.now(), log);
    expect(await decisions()).toEqual([]);
    await score(true);
    await sweep.run(rt.db, clock.now(), log);
    await sweep.run(rt.db, clock.now(), log);
    expect(await decisions()).toEqual([{ trigger: 'score_change', play: 'win_back', decision: 'scheduled', reasons: [] }]);
    // a new at-risk score is a new decision, which finds the call already scheduled
    await score(true);
    await sweep.run(rt.db, clock.now(), log);
    expect((await decisions()).map((d) => d.reasons)).toEqual([[], ['already_scheduled']]);
  });
});

describe('can a number be contacted', () => {
  it('answers for an unknown number from its country and area code, assuming consent except for marketing', async () => {
    const ask = (body: object) => rt.api('POST', '/v1/policy/evaluate', { key: csm, body: { channel: 'voice', ...body } });
    // 10:00 in New York (212), 07:00 in Los Angeles (415)
    expect((await ask({ phone: '+12125550199', purpose: 'transactional' })).body).toEqual({ allowed: true, reasons: ['consent_assumed'], next_allowed_at: null });
    expect((await ask({ phone: '+14155550199', purpose: 'service' })).body).toEqual({ allowed: false, reasons: ['consent_assumed', 'outside_calling_hours'], next_allowed_at: '2026-11-17T17:00:00.000Z' });
    expect((await ask({ phone: '+12125550199', purpose: 'marketing' })).body).toMatchObject({ allowed: false, reasons: ['no_consent'] });
    // a number Tenure knows is read as its contact: acc_us's texts are consented, its marketing is not
    expect((await ask({ phone: '+12125550101', channel: 'sms', purpose: 'transactional' })).body).toEqual({ allowed: true, reasons: [], next_allowed_at: null });
    expect((await ask({ phone: '+12125550101', channel: 'sms', purpose: 'service' })).body).toEqual({ allowed: true, reasons: ['consent_assumed'], next_allowed_at: null });
    expect((await ask({ phone: '+12125550101', purpose: 'marketing' })).body).toEqual({ allowed: false, reasons: ['no_consent'], next_allowed_at: null });
    expect((await ask({ phone: '+4930123456', purpose: 'service' })).body.reasons).toContain('consent_assumed');
    expect((await ask({ phone: '0612345678' })).status).toBe(400);
  });
});

describe('auto-approval', () => {
  it('approves a campaign of a play listed in TENURE_CAMPAIGN_AUTO_APPROVE as soon as it is planned', async () => {
    const c = await rt.api('POST', '/v1/campaigns', { key: csm, body: { play: 'health_check', segment: { account_ids: ['acc_us', 'acc_w3'] } } });
    expect(c.body).toMatchObject({ status: 'approved', approved_by: 'auto-approval', counts: { scheduled: 1, blocked: 1 } });
    const made = await rt.db.query(`SELECT account_id, play, status FROM outreach WHERE campaign_id = $1`, [c.body.id]);
    expect(made.rows).toEqual([{ account_id: 'acc_us', play: 'health_check', status: 'scheduled' }]);
  });
});
