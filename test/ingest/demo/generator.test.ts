import { describe, expect, it } from 'vitest';
import { DECLINE_REASON_CLASS } from '../../../dunning';
import { parseEventInput } from '../../../ingest';
import { measureDifficulty } from '../../../ingest/demo/difficulty';
import { generateDemo } from '../../../ingest/demo/generate';
import { DEFAULT_PARAMETERS, DEFAULT_SEED } from '../../../ingest/demo/parameters';
import type { DemoCompany } from '../../../ingest/demo/types';

// The demo company, generated without a database: its figures, how hard it is, and its honesty.
const AS_OF = new Date('2026-11-25T09:00:00Z');
const SEEDS = [DEFAULT_SEED, 1, 2];

function generate(seed: number): DemoCompany {
  let n = 0;
  return generateDemo({ params: DEFAULT_PARAMETERS, seed, asOf: AS_OF, makeId: (prefix) => `${prefix}_${++n}` });
}
const companies = new Map(SEEDS.map((s) => [s, generate(s)]));
const company = companies.get(DEFAULT_SEED)!;

describe('the demo company generator', () => {
  it.each(SEEDS)('realises the parameters on seed %i: 280 accounts, churn 19% ± 3 points, ARR €2.6M ± 5%', (seed) => {
    const c = companies.get(seed)!;
    const churned = c.accounts.filter((a) => a.churned_at && a.churned_at >= c.start && a.churned_at < c.asOf).length;
    const arr = c.accounts.reduce((s, a) => s + a.mrr_start * 12, 0);
    expect(c.accounts).toHaveLength(280);
    expect(Math.abs(churned / 280 - 0.19)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(arr / 2_600_000 - 1)).toBeLessThanOrEqual(0.05);
    // plans, seats, owners and renewal dates are all set
    for (const a of c.accounts) {
      expect(a.seats).toBeGreaterThan(0);
      expect(a.mrr).toBe(a.seats * DEFAULT_PARAMETERS.plans.find((p) => p.key === a.plan)!.seat_price);
      expect(a.renewal_date === null).toBe(a.churned_at !== null);
    }
  });

  it('is hard enough and not hopeless: printed difficulty bounds on 3 seeds', () => {
    for (const seed of SEEDS) {
      const d = measureDifficulty(companies.get(seed)!);
      process.stdout.write(
        `demo seed ${seed}: ${d.samples} account-days, ${d.positives} churn within 90 days; ` +
          `naive usage-vs-own-baseline AUC ${d.naiveUsageAuc.toFixed(3)}; best single aggregate ${d.best.feature} ${d.best.auc.toFixed(3)}\n`,
      );
      expect(d.positives).toBeGreaterThan(50);
      expect(d.naiveUsageAuc).toBeGreaterThanOrEqual(0.6);
      expect(d.naiveUsageAuc).toBeLessThanOrEqual(0.8);
      expect(d.best.auc).toBeLessThan(0.95);
      // every kind's counts and sums were tried
      expect(Object.keys(d.aggregates).filter((k) => k.startsWith('usage.daily#active_users'))).toHaveLength(4);
      expect(Object.keys(d.aggregates).some((k) => k.startsWith('payment.failed#count'))).toBe(true);
    }
  });

  it('gives the same company for the same seed, and another for another seed', () => {
    expect(generate(DEFAULT_SEED)).toEqual(company);
    expect(companies.get(1)!.events.length).not.toBe(company.events.length);
  });

  it('writes every event through the registry as the demo source', () => {
    const receivedAt = new Date();
    const bad = company.events
      .map((e) => parseEventInput({ kind: e.kind, account_id: e.account_id, contact_id: e.contact_id, occurred_at: e.occurred_at.toISOString(), payload: e.payload }, { source: 'demo', receivedAt }))
      .filter((r) => !r.ok);
    expect(bad).toEqual([]);
    expect(company.events.every((e) => e.occurred_at < company.asOf && e.occurred_at >= company.start)).toBe(true);
  });

  it('keeps usage as daily aggregates: at most one usage.daily per account and day', () => {
    const keys = company.events.filter((e) => e.kind === 'usage.daily').map((e) => `${e.account_id} ${e.occurred_at.toISOString().slice(0, 10)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThan(280 * 200);
  });

  it('uses fictional phone numbers only, in several US area codes, and languages en, fr and a few ru', () => {
    for (const c of company.contacts) expect(c.phone).toMatch(/^(\+1\d{3}55501\d\d|\+442079460\d{3}|\+3319900\d{4})$/);
    const areaCodes = new Set(company.contacts.filter((c) => c.phone.startsWith('+1')).map((c) => c.phone.slice(2, 5)));
    expect(areaCodes.size).toBeGreaterThanOrEqual(4);
    expect(new Set(company.contacts.filter((c) => c.phone.startsWith('+1')).map((c) => c.time_zone)).size).toBeGreaterThanOrEqual(3);
    const langs = company.contacts.reduce<Record<string, number>>((m, c) => ((m[c.language] = (m[c.language] ?? 0) + 1), m), {});
    expect(langs.en).toBeGreaterThan(50);
    expect(langs.fr).toBeGreaterThan(150);
    expect(langs.ru).toBeGreaterThan(0);
    expect(langs.ru).toBeLessThan(langs.en! / 4);
    expect(new Set(company.contacts.map((c) => c.phone)).size).toBe(company.contacts.length);
  });

  it('gives each account a main contact, most a sponsor, and consent per channel and purpose', () => {
    for (const a of company.accounts) expect(company.contacts.some((c) => c.account_id === a.id && (c.role === 'main' || c.role === 'other'))).toBe(true);
    expect(company.contacts.filter((c) => c.role === 'sponsor').length).toBeGreaterThan(180);
    const kinds = new Set(company.consents.map((c) => `${c.channel}/${c.purpose}`));
    expect(kinds.size).toBe(9);
    // US automated marketing calls and texts only with express written consent
    const contactsById = new Map(company.contacts.map((c) => [c.id, c]));
    for (const c of company.consents) {
      if (c.purpose === 'marketing' && c.channel !== 'email' && c.status === 'granted' && contactsById.get(c.contact_id)!.country === 'US') expect(c.express_written).toBe(true);
    }
  });

  it('quotes every churn reason from a customer turn, at its offsets', () => {
    const withReason = company.conversations.filter((c) => c.reason);
    expect(withReason.length).toBeGreaterThan(15);
    for (const c of withReason) {
      const turn = c.turns[c.reason!.turn]!;
      expect(turn.role).toBe('customer');
      expect(turn.text.slice(...c.reason!.span)).toBe(c.reason!.verbatim);
    }
    expect(new Set(company.conversations.map((c) => c.lang))).toEqual(new Set(['en', 'fr']));
  });

  it('fails involuntary churners with real Stripe decline codes, and recovers some stayers', () => {
    const failed = company.events.filter((e) => e.kind === 'payment.failed');
    for (const e of failed) expect(DECLINE_REASON_CLASS[e.payload.decline_code as string]).toBe(e.payload.reason_class);
    const involuntary = company.truth.filter((t) => !t.voluntary && t.churn_at < company.asOf);
    expect(involuntary.length).toBeGreaterThanOrEqual(8);
    for (const t of involuntary) {
      const fails = failed.filter((e) => e.account_id === t.account_id && e.occurred_at >= t.onset_at);
      expect(fails.length, `involuntary churner ${t.account_id}`).toBeGreaterThan(0);
      const cancelled = company.events.find((e) => e.kind === 'subscription.cancelled' && e.account_id === t.account_id)!;
      expect(cancelled.payload.voluntary).toBe(false);
    }
    expect(company.events.filter((e) => e.kind === 'dunning.case_closed' && e.payload.outcome === 'recovered').length).toBeGreaterThan(0);
    expect(new Set(failed.map((e) => e.payload.decline_code)).size).toBeGreaterThanOrEqual(4);
  });

  it('lets stayers have bad months too: some never-churning accounts dip as deep as churners', () => {
    const churning = new Set(company.truth.map((t) => t.account_id));
    const dayOf = (d: Date) => Math.floor((d.getTime() - company.start.getTime()) / 86_400_000);
    const usage = new Map<string, number[]>();
    for (const e of company.events) {
      if (e.kind !== 'usage.daily') continue;
      const days = usage.get(e.account_id) ?? new Array<number>(366).fill(0);
      days[dayOf(e.occurred_at)]! += e.payload.active_users as number;
      usage.set(e.account_id, days);
    }
    const deepestDip = (days: number[]) => {
      let worst = Infinity;
      for (let t = 120; t < 365; t += 7) {
        const recent = days.slice(t - 30, t).reduce((s, x) => s + x, 0);
        const before = days.slice(t - 120, t - 30).reduce((s, x) => s + x, 0) / 3;
        if (before > 0) worst = Math.min(worst, recent / before);
      }
      return worst;
    };
    const stayersDipping = company.accounts.filter((a) => !churning.has(a.id) && deepestDip(usage.get(a.id) ?? []) < 0.7).length;
    expect(stayersDipping).toBeGreaterThanOrEqual(10);
  });

  it('keeps the latent truth apart from what is observed: onset before churn, some churners still active today', () => {
    for (const t of company.truth) expect(t.onset_at.getTime()).toBeLessThan(t.churn_at.getTime());
    const latent = company.truth.filter((t) => t.churn_at >= company.asOf);
    expect(latent.length).toBeGreaterThan(5);
    for (const t of latent) expect(company.accounts.find((a) => a.id === t.account_id)!.churned_at).toBeNull();
  });
});
