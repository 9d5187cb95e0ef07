import { makeConsents, makeContact, type MakeId } from './book';
import type { Calendar } from './calendar';
import type { Fate } from './fates';
import type { DemoParameters } from './parameters';
import type { Random } from './random';
import type { DemoAccount, DemoConsent, DemoContact, DemoEvent } from './types';

// Who the account's main contact and sponsor are, day by day. A churner whose profile says so loses
// its champion while drifting (a new person takes the role); a few stayers change contacts too.

export interface Tenure {
  contact: DemoContact;
  role: 'main' | 'sponsor';
  from: number;
  to: number;
}

export function contactChanges(
  params: DemoParameters,
  cal: Calendar,
  rng: Random,
  makeId: MakeId,
  phones: Record<string, string[]>,
  account: DemoAccount,
  fate: Fate,
  contacts: DemoContact[],
  out: { contacts: DemoContact[]; consents: DemoConsent[]; events: DemoEvent[] },
): Tenure[] {
  const roster: Tenure[] = contacts.map((c) => ({ contact: c, role: c.role as 'main' | 'sponsor', from: -Infinity, to: Infinity }));
  const churn = fate.churn;
  let day: number | null = null;
  if (churn && rng.chance(churn.profile.contact_change * Math.max(0.5, churn.strength))) day = Math.round(churn.onset + (churn.day - churn.onset) * rng.uniform(0.1, 0.7));
  else if (!churn && rng.chance(0.06)) day = rng.int(0, cal.days - 1);
  if (day === null || day < 0 || day >= Math.min(cal.days, churn?.day ?? Infinity)) return roster;

  const leaving = rng.pick(roster);
  leaving.to = day;
  leaving.contact.role = 'other';
  const joined = cal.at(day, 10, account.time_zone);
  const successor = makeContact(params, rng, makeId, account, leaving.role, joined, phones, out.contacts.length + 1);
  roster.push({ contact: successor, role: leaving.role, from: day, to: Infinity });
  out.contacts.push(successor);
  out.consents.push(...makeConsents(rng, successor, cal).filter((c) => c.recorded_at >= joined));
  out.events.push({ kind: 'contact.changed', account_id: account.id, contact_id: successor.id, occurred_at: joined, payload: { role: leaving.role, previous_contact_id: leaving.contact.id } });
  return roster;
}

/** The person in `role` on `day`, or the main contact when the account has no one in that role. */
export function contactOn(roster: Tenure[], role: 'main' | 'sponsor', day: number): DemoContact {
  const current = (r: 'main' | 'sponsor') => roster.find((t) => t.role === r && day >= t.from && day < t.to)?.contact;
  return current(role) ?? current('main') ?? roster[0]!.contact;
}
