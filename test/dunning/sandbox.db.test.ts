import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import { DECLINE_CODES, reasonClassOf, TOP_LEVEL_CODES } from '../../dunning';
import { seedOnFirstStart, STRIPE_PATH_DAYS } from '../../ingest/demo/first-start';
import { generateDemo } from '../../ingest/demo/generate';
import { DEFAULT_PARAMETERS, DEFAULT_SEED } from '../../ingest/demo/parameters';
import { testRuntime, type TestRuntime } from '../support/runtime';

// Sandbox mode's first start: the demo's recent failed payments come from the local Stripe server as
// signed webhooks through the real intake, and every failure of the demo is stored exactly once, by
// the seed (older history) or by the Stripe path (the last STRIPE_PATH_DAYS days).
const AS_OF = '2026-11-25T14:00:00Z';
const clock = fixedClock(AS_OF);
let rt: TestRuntime;

beforeAll(async () => {
  rt = await testRuntime({ clock });
  await seedOnFirstStart(rt.db, clock, pino({ level: 'silent' }), rt.ctx.config);
}, 180_000);
afterAll(() => rt?.close());

const q = async <T = any>(sql: string, values: unknown[] = []): Promise<T[]> => (await rt.db.query(sql, values)).rows as T[];

describe('sandbox mode: the demo company\'s failed payments', () => {
  it('open dunning cases from signed webhooks, with real decline codes, routed by the router', async () => {
    const cases = await q('SELECT * FROM v_dunning_cases ORDER BY opened_at');
    const stripeFailed = await q(`SELECT DISTINCT payload->>'invoice_id' AS invoice FROM events WHERE kind = 'payment.failed' AND source = 'stripe'`);
    // one case per invoice that failed in the window, and every webhook worked
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.map((c) => c.invoice_id).sort()).toEqual(stripeFailed.map((r) => r.invoice).sort());
    expect(await q(`SELECT 1 FROM webhook_events WHERE provider = 'stripe' AND processed_at IS NULL`)).toEqual([]);
    expect(cases.filter((c) => c.outcome === null).length, 'an open case').toBeGreaterThan(0);
    // the attempts carry the charge's decline code, and the case the router's reading of it
    const attempts = await q(`SELECT a.decline_code, a.code, a.charge_id, c.reason_class, c.state FROM payment_attempts a JOIN dunning_cases c ON c.id = a.case_id`);
    for (const a of attempts) {
      expect(a.charge_id).toMatch(/^ch_/);
      expect(a.decline_code in DECLINE_CODES || a.decline_code in TOP_LEVEL_CODES, a.decline_code).toBe(true);
    }
    const latest = await q(`SELECT DISTINCT ON (c.id) c.reason_class, a.decline_code FROM dunning_cases c JOIN payment_attempts a ON a.case_id = c.id ORDER BY c.id, a.attempted_at DESC`);
    for (const l of latest) expect(l.reason_class).toBe(reasonClassOf(l.decline_code));
    // the case of a paid invoice is recovered, the others wait
    const paid = new Set((await q(`SELECT payload->>'invoice_id' AS invoice FROM events WHERE kind = 'invoice.paid' AND source = 'stripe'`)).map((r) => r.invoice));
    for (const c of cases) expect(c.state === 'recovered', c.invoice_id).toBe(paid.has(c.invoice_id));
  });

  it('counts each failure once: the seed and the Stripe path never share an invoice, and together they are the generated history', async () => {
    const both = await q(`SELECT payload->>'invoice_id' AS invoice FROM events WHERE kind IN ('payment.failed', 'invoice.paid') GROUP BY 1, kind HAVING count(DISTINCT source) > 1 OR count(*) > count(DISTINCT dedupe_key)`);
    expect(both).toEqual([]);
    const bySource = await q<{ source: string; n: number; oldest: Date }>(`SELECT source, count(*)::int AS n, min(occurred_at) AS oldest FROM events WHERE kind = 'payment.failed' GROUP BY source ORDER BY source`);
    const stripe = bySource.find((r) => r.source === 'stripe')!;
    expect(stripe.n).toBeGreaterThan(0);
    expect(stripe.oldest.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() - STRIPE_PATH_DAYS * 86_400_000);
    // the generator's own history, regenerated with the same seed and date: as many failures, no more
    const company = generateDemo({ params: DEFAULT_PARAMETERS, seed: DEFAULT_SEED, asOf: clock.now(), makeId: (p) => `${p}_x` });
    const generated = company.events.filter((e) => e.kind === 'payment.failed').length;
    expect(bySource.reduce((n, r) => n + r.n, 0)).toBe(generated);
    // and as many payments: an invoice paid after its failures is paid once, through Stripe
    expect((await q(`SELECT count(*)::int AS n FROM events WHERE kind = 'invoice.paid'`))[0].n).toBe(company.events.filter((e) => e.kind === 'invoice.paid').length);
    // no case closed twice: the Stripe path's own dunning.case_closed replaces the seed's for its cases
    const closed = await q(`SELECT count(*)::int AS n FROM events WHERE kind = 'dunning.case_closed' AND source = 'dunning'`);
    expect(closed[0].n).toBe((await q(`SELECT count(*)::int AS n FROM dunning_cases WHERE closed_at IS NOT NULL`))[0].n);
  });

  it('lists the cases on GET /v1/dunning/cases, open ones with ?state=open', async () => {
    const all = await rt.api('GET', '/v1/dunning/cases');
    expect(all.status).toBe(200);
    expect(all.body.data.length).toBe((await q('SELECT 1 FROM dunning_cases')).length);
    const open = await rt.api('GET', '/v1/dunning/cases?state=open');
    expect(open.body.data.length).toBeGreaterThan(0);
    expect(open.body.data.every((c: any) => c.outcome === null)).toBe(true);
    expect(JSON.stringify(all.body)).not.toMatch(/decline_code/);
  });
});
