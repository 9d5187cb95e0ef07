import type { Calendar } from './calendar';
import { drift, inSpell, spellFactor, type Fate } from './fates';
import type { DemoParameters } from './parameters';
import type { Random } from './random';
import type { DemoAccount, DemoEvent } from './types';

// Product usage as daily aggregates (one usage.daily per account and active day, never a row per
// login) and the support tickets. Both follow the account's own level, the season, its bad spells
// and, for a churner, its drift.

/** The product's features, most used first: a shallow account uses the first few. */
export const PRODUCT_FEATURES = ['pipeline', 'contacts', 'reports', 'email_sync', 'calendar', 'quotes', 'automations', 'invoicing', 'dashboards', 'integrations', 'mobile', 'api'];

/** The last day (exclusive) an account is active within the history. */
export function activeUntil(fate: Fate, cal: Calendar): number {
  return fate.churn && fate.churn.day < cal.days ? fate.churn.day : cal.days;
}

export function usageEvents(params: DemoParameters, cal: Calendar, rng: Random, account: DemoAccount, fate: Fate, out: DemoEvent[]): void {
  const { traits } = fate;
  const base = account.seats * traits.adoption;
  let level = 0;
  const end = activeUntil(fate, cal);
  for (let day = 0; day < end; day++) {
    if (cal.weekday(day) === 0) level = 0.85 * level + rng.normal(0, params.usage.week_sigma);
    const du = drift(fate, 'usage', day);
    const factor =
      (cal.isWorkingDay(day) ? 1 : params.usage.weekend_factor) *
      cal.seasonal(day, account.country) *
      Math.exp(level + rng.normal(0, params.usage.day_noise_sigma)) *
      spellFactor(fate, day, 'usage') *
      (1 - du);
    const active = Math.min(account.seats, rng.poisson(base * factor));
    if (active === 0) continue;
    const sessions = active + rng.poisson(active * (traits.sessionsPerUser - 1));
    const depth = Math.max(1, Math.round(traits.depth * (1 - 0.6 * du)));
    const breadth = 0.3 + 0.6 * Math.min(1, active / Math.max(1, base));
    const features = PRODUCT_FEATURES.slice(0, depth).filter((_, k) => k === 0 || rng.chance(breadth));
    out.push({
      kind: 'usage.daily',
      account_id: account.id,
      // the product aggregates each UTC day after it ends
      occurred_at: cal.at(day, 23.5, 'UTC'),
      payload: { active_users: active, sessions, key_actions: rng.poisson(sessions * traits.actionsPerSession * (1 - 0.5 * du)), features_used: features },
    });
  }
}

const TICKET_CATEGORIES = { how_to: 35, bug: 28, billing: 8, feature_request: 14, integration: 10, account: 5 };

export function ticketEvents(params: DemoParameters, cal: Calendar, rng: Random, account: DemoAccount, contactId: string, fate: Fate, out: DemoEvent[]): void {
  const end = activeUntil(fate, cal);
  const endAt = cal.dayStart(end).getTime();
  const perDay = (params.tickets.per_month / 21) * Math.sqrt(account.seats / 10);
  const weights = { ...TICKET_CATEGORIES };
  const reason = fate.churn?.reason;
  if (reason === 'product_quality') weights.bug *= 3;
  if (reason === 'missing_feature') weights.feature_request *= 3;
  if (reason === 'onboarding') weights.how_to *= 2;
  let n = 0;
  const push = (kind: DemoEvent['kind'], at: number, payload: Record<string, unknown>) => {
    if (at < endAt) out.push({ kind, account_id: account.id, contact_id: contactId, occurred_at: new Date(at), payload });
  };
  for (let day = 0; day < end; day++) {
    if (!cal.isWorkingDay(day)) continue;
    const drifting = drift(fate, 'tickets', day);
    const rate = perDay * spellFactor(fate, day, 'tickets') * (1 + 2.5 * drifting) * (1 - 0.8 * drift(fate, 'silence', day)) * cal.seasonal(day, account.country);
    for (let k = rng.poisson(rate); k > 0; k--) {
      const ticket_id = `T-${account.external_id}-${++n}`;
      const category = drifting > 0.15 && rng.chance(drifting) ? rng.weighted(weights) : rng.weighted(TICKET_CATEGORIES);
      const opened = cal.at(day, rng.uniform(8.5, 17.5), account.time_zone).getTime();
      const priority = category === 'bug' ? rng.weighted({ normal: 60, high: 32, urgent: 8 }) : rng.weighted({ low: 30, normal: 65, high: 5 });
      push('ticket.opened', opened, { ticket_id, category, priority });
      const troubled = drift(fate, 'reopen', day);
      const hours = rng.logNormal(params.tickets.hours_median * (1 + 2 * troubled), 0.9);
      const resolved = opened + hours * 3_600_000;
      push('ticket.resolved', resolved, { ticket_id, category, hours_open: Math.round(hours * 10) / 10 });
      if (!rng.chance(params.tickets.reopen + 0.45 * troubled + (inSpell(fate, day) ? 0.05 : 0))) continue;
      const reopened = resolved + rng.uniform(0.5, 6) * 86_400_000;
      push('ticket.reopened', reopened, { ticket_id });
      const again = rng.logNormal(params.tickets.hours_median * 1.5, 0.9);
      push('ticket.resolved', reopened + again * 3_600_000, { ticket_id, category, hours_open: Math.round(again * 10) / 10 });
    }
  }
}
