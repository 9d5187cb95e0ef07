import { timeZoneForPhone } from '../normalize';
import { addDays, type Calendar } from './calendar';
import { companyNames, emailFor, personName, slug } from './names';
import type { DemoParameters } from './parameters';
import { normalQuantile, type Random } from './random';
import type { DemoAccount, DemoConsent, DemoContact, DemoMember } from './types';

// The book of business on the first day of the history: the team, the accounts with their plans,
// seats and MRR, their people, and what each person agreed to be contacted about.

export type MakeId = (prefix: string) => string;

const US_AREA_CODES = ['212', '617', '305', '312', '713', '303', '602', '415', '206'];

/** Fictional numbers only: +1 NXX-555-01xx, +44 20 7946 0xxx, +33 1 99 00 xx xx. */
export function phonePools(rng: Random): Record<string, string[]> {
  const us = US_AREA_CODES.flatMap((a) => Array.from({ length: 100 }, (_, i) => `+1${a}55501${String(i).padStart(2, '0')}`));
  const gb = Array.from({ length: 1000 }, (_, i) => `+442079460${String(i).padStart(3, '0')}`);
  const fr = Array.from({ length: 10000 }, (_, i) => `+3319900${String(i).padStart(4, '0')}`);
  return { US: rng.shuffle(us), GB: rng.shuffle(gb), FR: rng.shuffle(fr) };
}

export function makeTeam(params: DemoParameters, rng: Random, makeId: MakeId): DemoMember[] {
  const domain = `${slug(params.company.name)}.example`;
  const members: DemoMember[] = [];
  const person = () => personName(rng, 'fr');
  const email = (name: string) => `${slug(name).replace(/-/g, '.')}@${domain}`;
  const used = new Set<string>();
  const unique = () => {
    for (;;) {
      const n = person();
      if (!used.has(n)) return used.add(n), n;
    }
  };
  for (let i = 0; i < params.team.managers; i++) {
    const name = unique();
    members.push({ id: makeId('tm'), name, email: email(name), kind: 'manager', manager_id: null });
  }
  const managers = members.slice();
  for (let i = 0; i < params.team.owners; i++) {
    const name = unique();
    members.push({ id: makeId('tm'), name, email: email(name), kind: 'account_owner', manager_id: managers[i % managers.length]!.id });
  }
  return members;
}

/**
 * Account sizes: a log-normal spread drawn by stratified quantiles (one draw per 1/N slice, so the
 * book's total varies little between seeds), scaled so the book sums to the starting ARR, then
 * rounded to whole seats of the plan the size falls in.
 */
function sizes(params: DemoParameters, rng: Random): { plan: string; seats: number; mrr: number }[] {
  const n = params.accounts;
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const raw = order.map((slot) => Math.exp(params.size_sigma * normalQuantile((slot + rng.uniform(0.05, 0.95)) / n)));
  const scale = params.arr_start / 12 / raw.reduce((s, x) => s + x, 0);
  return raw.map((x) => {
    const target = x * scale;
    const plan = params.plans.find((p) => p.max_mrr === null || target <= p.max_mrr) ?? params.plans[params.plans.length - 1]!;
    const seats = Math.max(2, Math.round(target / plan.seat_price));
    return { plan: plan.key, seats, mrr: seats * plan.seat_price };
  });
}

export function makeAccounts(params: DemoParameters, cal: Calendar, rng: Random, makeId: MakeId, owners: DemoMember[], phones: Record<string, string[]>) {
  const countryShares = Object.fromEntries(Object.entries(params.countries).map(([c, v]) => [c, v.share]));
  const countries = Array.from({ length: params.accounts }, () => rng.weighted(countryShares));
  const names = companyNames(rng, countries);
  const sized = sizes(params, rng);
  const byMrr = sized.map((s, i) => ({ i, mrr: s.mrr })).sort((a, b) => a.mrr - b.mrr);
  const rank = new Array<number>(params.accounts);
  byMrr.forEach((x, r) => (rank[x.i] = r / params.accounts));

  const accounts: DemoAccount[] = [];
  const contacts: DemoContact[] = [];
  for (let i = 0; i < params.accounts; i++) {
    const country = countries[i]!;
    const size = sized[i]!;
    // larger accounts sign annual contracts more often
    const annual = rng.chance(Math.min(0.95, Math.max(0.05, params.annual_share + (rank[i]! - 0.5) * 0.8)));
    const started = addDays(cal.start, -Math.round(rng.uniform(params.tenure_days[0], params.tenure_days[1])));
    const account: DemoAccount = {
      id: makeId('acc'),
      external_id: `CAN-${String(i + 1).padStart(4, '0')}`,
      name: names[i]!,
      plan: size.plan,
      seats: size.seats,
      mrr: size.mrr,
      mrr_start: size.mrr,
      owner_id: rng.pick(owners).id,
      country,
      time_zone: '',
      billing: annual ? 'annual' : 'monthly',
      pays_by: annual && rng.chance(0.6) ? 'transfer' : 'card',
      stripe_customer_id: `cus_Demo${String(i + 1).padStart(4, '0')}${rng.int(100000, 999999)}`,
      started_at: started,
      renewal_date: null,
      churned_at: null,
    };
    const roles: ('main' | 'sponsor')[] = rng.chance(params.sponsor_share) ? ['main', 'sponsor'] : ['main'];
    for (const role of roles) contacts.push(makeContact(params, rng, makeId, account, role, started, phones, contacts.length + 1));
    account.time_zone = contacts.find((c) => c.account_id === account.id && c.role === 'main')!.time_zone;
    accounts.push(account);
  }
  return { accounts, contacts, rank };
}

export function makeContact(
  params: DemoParameters,
  rng: Random,
  makeId: MakeId,
  account: DemoAccount,
  role: DemoContact['role'],
  createdAt: Date,
  phones: Record<string, string[]>,
  /** the contact's number in the whole book: makes its external id unique */
  seq: number,
): DemoContact {
  const language = rng.weighted(params.countries[account.country]!.languages) as DemoContact['language'];
  const name = personName(rng, language);
  const phone = phones[account.country]!.pop();
  if (!phone) throw new Error(`ran out of fictional phone numbers for ${account.country}`);
  return {
    id: makeId('con'),
    external_id: `${account.external_id}-P${String(seq).padStart(4, '0')}`,
    account_id: account.id,
    name,
    email: emailFor(name, account.name),
    phone,
    country: account.country,
    time_zone: timeZoneForPhone(phone) ?? 'Europe/Paris',
    language,
    role,
    created_at: createdAt,
  };
}

/**
 * Consent per channel and purpose, as a B2B order form and later preferences record it: service and
 * transactional contact mostly agreed, marketing rarely; US automated marketing calls and texts
 * only with express written consent; a few people withdraw one later.
 */
export function makeConsents(rng: Random, contact: DemoContact, cal: Calendar): DemoConsent[] {
  const out: DemoConsent[] = [];
  const grant: Record<DemoConsent['purpose'], Record<DemoConsent['channel'], number>> = {
    transactional: { email: 1, sms: 0.9, voice: 0.9 },
    service: { email: 0.95, sms: 0.75, voice: 0.85 },
    marketing: { email: 0.5, sms: 0.15, voice: 0.2 },
  };
  for (const purpose of ['transactional', 'service', 'marketing'] as const) {
    for (const channel of ['voice', 'sms', 'email'] as const) {
      if (!rng.chance(grant[purpose][channel])) continue;
      const written = purpose === 'marketing' && channel !== 'email' && contact.country === 'US';
      out.push({
        contact_id: contact.id,
        channel,
        purpose,
        status: 'granted',
        express_written: written,
        recorded_at: contact.created_at,
        evidence: written ? 'signed consent form' : 'order form',
      });
      if (rng.chance(0.03)) {
        const day = rng.int(0, cal.days - 1);
        out.push({ contact_id: contact.id, channel, purpose, status: 'revoked', express_written: false, recorded_at: cal.at(day, 11, contact.time_zone), evidence: 'asked by email' });
      }
    }
  }
  return out;
}
