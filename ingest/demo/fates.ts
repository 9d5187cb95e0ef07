import type { ChurnCategory } from '../../agent/contracts/churn-reason';
import { monthlyDates, nextAnniversary, type Calendar } from './calendar';
import type { DemoParameters, DriftProfile } from './parameters';
import type { Random } from './random';
import type { DemoAccount } from './types';

// Who leaves, why, and from when it shows. Each churner has a latent onset: from that day its
// behaviour drifts towards leaving, in the ways its true reason makes likely (its drift profile),
// as strongly as its own strength says. Stayers have bad spells too, so a dip alone proves nothing.

export interface Traits {
  /** share of seats active on a working day */
  adoption: number;
  sessionsPerUser: number;
  actionsPerSession: number;
  /** how many of the product's features the account uses */
  depth: number;
}

export interface Churn {
  /** may be ≥ the history's length: a latent churner, still active today */
  day: number;
  onset: number;
  reason: ChurnCategory;
  voluntary: boolean;
  strength: number;
  profile: DriftProfile;
  /** shape of the ramp from onset to churn: < 1 drifts early, > 1 late */
  gamma: number;
}

export interface Spell {
  from: number;
  to: number;
  usage: number;
  tickets: number;
}

export interface Fate {
  traits: Traits;
  churn: Churn | null;
  spells: Spell[];
}

export function drawTraits(params: DemoParameters, rng: Random): Traits {
  const [a, b] = params.usage.adoption_beta;
  const adoption = rng.beta(a, b);
  return {
    adoption,
    sessionsPerUser: rng.uniform(1.3, 2.6),
    actionsPerSession: rng.uniform(4, 12),
    depth: Math.max(2, Math.min(10, Math.round(2 + adoption * 8 + rng.normal(0, 1.2)))),
  };
}

/** How far along the drift is on `day`: 0 before onset, rising to 1 on the churn day. */
export function ramp(churn: Churn | null, day: number): number {
  if (!churn || day < churn.onset) return 0;
  const span = Math.max(1, churn.day - churn.onset);
  return Math.pow(Math.min(1, (day - churn.onset) / span), churn.gamma);
}

/** The drift of one behaviour on `day`: profile weight × strength × ramp. */
export function drift(fate: Fate, channel: keyof DriftProfile, day: number): number {
  const c = fate.churn;
  return c ? c.profile[channel] * c.strength * ramp(c, day) : 0;
}

export function spellFactor(fate: Fate, day: number, what: 'usage' | 'tickets'): number {
  let f = 1;
  for (const s of fate.spells) if (day >= s.from && day < s.to) f *= s[what];
  return f;
}

export function inSpell(fate: Fate, day: number): boolean {
  return fate.spells.some((s) => day >= s.from && day < s.to);
}

/** Relative likelihood of churning: small, monthly, young, little-used accounts leave more. */
function hazard(account: DemoAccount, traits: Traits, cal: Calendar): number {
  let h = { essentiel: 1.5, pro: 1, entreprise: 0.6 }[account.plan] ?? 1;
  if (account.billing === 'monthly') h *= 1.4;
  if (cal.start.getTime() - account.started_at.getTime() < 365 * 86_400_000) h *= 1.5;
  if (traits.adoption < 0.45) h *= 1.5;
  return h;
}

/** `n` categories in the proportions of `weights` (largest remainders), in weight order. */
export function allocate(weights: Readonly<Partial<Record<ChurnCategory, number>>>, n: number): ChurnCategory[] {
  const entries = (Object.entries(weights) as [ChurnCategory, number][]).filter(([, w]) => w > 0);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  const exact = entries.map(([k, w]) => ({ k, x: (w / total) * n }));
  const counts = exact.map((e) => ({ k: e.k, n: Math.floor(e.x), rest: e.x - Math.floor(e.x) }));
  let left = n - counts.reduce((s, e) => s + e.n, 0);
  for (const e of [...counts].sort((a, b) => b.rest - a.rest)) if (left-- > 0) e.n++;
  return counts.flatMap((e) => Array.from({ length: e.n }, () => e.k));
}

export function drawFates(params: DemoParameters, cal: Calendar, rng: Random, accounts: DemoAccount[]): Fate[] {
  const fates: Fate[] = accounts.map(() => ({ traits: drawTraits(params, rng), churn: null, spells: [] }));
  const c = params.churn;
  const churners = Math.round(accounts.length * params.churn_rate);
  const involuntary = Math.round(churners * params.involuntary_share);

  // involuntary churners come from the accounts that pay by card
  const byCard = accounts.map((a, i) => (a.pays_by === 'card' ? hazard(a, fates[i]!.traits, cal) * (a.billing === 'monthly' ? 2 : 1) : 0));
  const lostToPayments = new Set(rng.sampleWeighted(byCard, involuntary));
  const rest = accounts.map((a, i) => (lostToPayments.has(i) ? 0 : hazard(a, fates[i]!.traits, cal)));
  const leaving = new Set(rng.sampleWeighted(rest, churners - involuntary));

  const leadDays = () => Math.round(Math.min(c.lead_range[1], Math.max(c.lead_range[0], rng.logNormal(c.lead_median, c.lead_sigma))));
  // reasons and silent churners are dealt in exact proportions (then shuffled), so a seed changes
  // who leaves and how, not the company's mix
  const volunteers = churners - involuntary;
  const reasons = rng.shuffle(allocate(c.reasons, volunteers));
  const silent = rng.shuffle(Array.from({ length: volunteers }, (_, k) => k < Math.round(volunteers * c.silent_share)));
  let dealt = 0;
  const strength = (k: number) => (silent[k] ? rng.uniform(0.05, 0.2) : 0.35 + 0.65 * rng.beta(c.strength_beta[0], c.strength_beta[1]));

  accounts.forEach((account, i) => {
    const fate = fates[i]!;
    if (lostToPayments.has(i)) {
      // the trouble starts with an invoice that fails; the subscription ends weeks of retries later
      const invoiceDays = (account.billing === 'monthly' ? monthlyDates(account.started_at, cal.start, cal.asOf) : [nextAnniversary(account.started_at, cal.start)])
        .map((d) => cal.dayOf(d))
        .filter((d) => d >= 20 && d < cal.days - 15);
      const onset = invoiceDays.length ? rng.pick(invoiceDays) : rng.int(20, cal.days - 15);
      const day = Math.min(cal.days - 1, onset + rng.int(14, 40));
      fate.churn = { day, onset, reason: 'payment_failure', voluntary: false, strength: 1, profile: c.profiles.payment_failure!, gamma: 1 };
    } else if (leaving.has(i)) {
      // an annual contract ends on its anniversary; a monthly one any day
      const day =
        account.billing === 'annual'
          ? Math.max(10, cal.dayOf(nextAnniversary(account.started_at, cal.dayStart(1))))
          : rng.int(20, cal.days - 1);
      const k = dealt++;
      const reason = reasons[k]!;
      fate.churn = { day: Math.min(day, cal.days - 1), onset: day - leadDays(), reason, voluntary: true, strength: strength(k), profile: c.profiles[reason]!, gamma: rng.uniform(0.6, 1.1) };
    }
  });

  // latent churners: active today, leaving within the horizon, some already drifting
  const stayers = accounts.map((_, i) => i).filter((i) => !fates[i]!.churn);
  const latent = Math.round(stayers.length * params.churn_rate * (c.future_horizon_days / 365));
  for (const i of rng.sampleWeighted(stayers.map((i) => hazard(accounts[i]!, fates[i]!.traits, cal)), latent).map((k) => stayers[k]!)) {
    const day = cal.days + rng.int(1, Math.max(1, c.future_horizon_days));
    const reason = rng.weighted(c.reasons) as ChurnCategory;
    const quiet = rng.chance(c.silent_share);
    fates[i]!.churn = { day, onset: day - leadDays(), reason, voluntary: true, strength: quiet ? rng.uniform(0.05, 0.2) : 0.35 + 0.65 * rng.beta(c.strength_beta[0], c.strength_beta[1]), profile: c.profiles[reason]!, gamma: rng.uniform(0.6, 1.1) };
  }

  for (const fate of fates) {
    const n = rng.poisson(params.bad_spells.per_year * (cal.days / 365));
    for (let k = 0; k < n; k++) {
      const from = rng.int(-30, cal.days - 1);
      fate.spells.push({
        from,
        to: from + rng.int(params.bad_spells.days[0], params.bad_spells.days[1]),
        usage: rng.uniform(params.bad_spells.usage_factor[0], params.bad_spells.usage_factor[1]),
        tickets: rng.uniform(params.bad_spells.ticket_factor[0], params.bad_spells.ticket_factor[1]),
      });
    }
  }
  return fates;
}
