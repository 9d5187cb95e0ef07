import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import { runDueWork } from '../../db/due-work';
import { intakeSweep } from '../../dunning/intake';
import { retryDueWork } from '../../dunning/retry/execute';
import { DEFAULT_DUNNING_SETTINGS } from '../../dunning/retry/settings';
import { sandboxBillingWork } from '../../dunning/sandbox-month';
import { stripeFor } from '../../dunning/stripe';
import { testRuntime, type TestRuntime } from '../support/runtime';

// A sandbox month, the way `tenure demo run --days 30` plays it: the due work (sandbox billing,
// Stripe intake, retries) run on a clock moved a few hours at a time. Renewals fail on the local
// Stripe server, the simulated customers fix their cards or get paid, and the month's cases show in
// GET /v1/dunning/cases with their states, some of them recovered.

const clock = fixedClock('2026-06-01T06:00:00Z');
let rt: TestRuntime;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  rt = await testRuntime({ clock });
  await rt.db.query(`INSERT INTO demo_company (seed, parameters, history_start, as_of, seeded_at, seconds) VALUES (1, '{}', now(), now(), now(), 0)`);
  for (let i = 0; i < 8; i++) {
    await rt.db.query(
      `INSERT INTO accounts (id, external_id, name, plan, mrr_minor, currency, country, time_zone, stripe_customer_id, created_at, updated_at)
       VALUES ($1, $1, $2, 'pro', 9900, 'EUR', 'FR', 'Europe/Paris', $3, now(), now())`,
      [`acc_sb_${i}`, `Sandbox ${i}`, `cus_sandbox_${i}`],
    );
  }
});
afterAll(() => rt?.close());

describe('sandbox billing month', () => {
  it('opens the month’s cases through the local Stripe server and the customers recover some of them', async () => {
    const deps = () => ({ db: rt.db, clock, config: rt.ctx.config, settings: DEFAULT_DUNNING_SETTINGS });
    const stripe = () => stripeFor(rt.ctx.config);
    const work = [intakeSweep(() => ({ db: rt.db, clock, stripe })), sandboxBillingWork(deps), retryDueWork(() => ({ db: rt.db, clock, stripe, settings: DEFAULT_DUNNING_SETTINGS }))];
    const end = new Date('2026-07-01T06:00:00Z');
    while (clock.now() < end) {
      const handled = await runDueWork(work, rt.db, clock, log);
      expect(Object.values(handled).filter((n) => n < 0)).toEqual([]);
      clock.advance(6 * 3_600_000);
    }
    const res = await rt.api('GET', '/v1/dunning/cases?limit=500&summary=true');
    expect(res.status).toBe(200);
    const cases = res.body.data as { state: string; reason_class: string; opened_at: string }[];
    expect(cases.length).toBeGreaterThanOrEqual(10);
    for (const c of cases) expect(['open', 'waiting_for_customer', 'retry_scheduled', 'recovered', 'lost', 'cancelled']).toContain(c.state);
    const recovered = cases.filter((c) => c.state === 'recovered');
    expect(new Set(recovered.map((c) => c.reason_class))).toEqual(new Set(['card_expired', 'insufficient_funds']));
    // each simulated day ran once (June 1 to the last tick, July 1 00:00), and a day never runs twice
    const days = (await rt.db.query<any>('SELECT count(*)::int AS n FROM dunning_sandbox_days')).rows[0].n;
    expect(days).toBe(31);
    expect(await sandboxBillingWork(deps).run(rt.db, new Date('2026-06-10T12:00:00Z'), log)).toBe(0);
    // the finance view counts them
    const byReason = res.body.summary.by_reason as { key: string; recovered: number; avg_days_to_recover: number | null }[];
    expect(byReason.reduce((n, r) => n + r.recovered, 0)).toBe(recovered.length);
    expect(byReason.find((r) => r.key === 'card_expired')!.avg_days_to_recover).toBeGreaterThan(1.5);
    const strategies = (res.body.summary.by_strategy as { key: string; recovered: number }[]).filter((r) => r.recovered > 0).map((r) => r.key).sort();
    expect(strategies).toEqual(['card_update', 'tenure_retry']);
    expect(res.body.summary.mrr_at_risk.every((r: any) => r.currency === 'EUR')).toBe(true);
    // filters
    const filtered = await rt.api('GET', '/v1/dunning/cases?state=recovered&reason_class=card_expired');
    expect(filtered.body.data.length).toBe(recovered.filter((c) => c.reason_class === 'card_expired').length);
  });
});
