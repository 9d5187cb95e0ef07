import { usageEvents, ticketEvents } from './activity';
import { billingEvents } from './billing';
import { makeAccounts, makeConsents, makeTeam, phonePools, type MakeId } from './book';
import { Calendar, DAY_MS } from './calendar';
import { drawFates } from './fates';
import { DemoParameters } from './parameters';
import { contactChanges } from './people';
import { Random } from './random';
import type { DemoCompany, DemoEvent } from './types';
import { voiceOfCustomer } from './voice';

/**
 * Generates the whole demo company for `seed`, its history ending on the day of `asOf` (UTC
 * midnight). Pure: no database, no clock; the same seed and day give the same company (ids aside,
 * which come from `makeId`). Each part of the model draws from its own stream, so changing one part
 * leaves the others' draws unchanged.
 */
export function generateDemo(input: { params: DemoParameters; seed: number; asOf: Date; makeId: MakeId }): DemoCompany {
  const params = DemoParameters.parse(input.params);
  const end = new Date(Math.floor(input.asOf.getTime() / DAY_MS) * DAY_MS);
  const cal = new Calendar(new Date(end.getTime() - params.history_days * DAY_MS), params.history_days);
  const root = new Random(input.seed);
  const { makeId } = input;

  const members = makeTeam(params, root.fork('team'), makeId);
  const owners = members.filter((m) => m.kind === 'account_owner');
  const phones = phonePools(root.fork('phones'));
  const bookRng = root.fork('book');
  const { accounts, contacts } = makeAccounts(params, cal, bookRng, makeId, owners, phones);
  const consents = contacts.flatMap((c) => makeConsents(bookRng, c, cal));
  const fates = drawFates(params, cal, root.fork('fates'), accounts);

  const events: DemoEvent[] = [];
  const conversations: DemoCompany['conversations'] = [];
  const contactsOf = new Map<string, typeof contacts>();
  for (const c of contacts) contactsOf.set(c.account_id, [...(contactsOf.get(c.account_id) ?? []), c]);

  accounts.forEach((account, i) => {
    const fate = fates[i]!;
    // one stream per account and part: an account's history does not depend on the ones before it
    const rng = (part: string) => root.fork(`${part}:${account.external_id}`);
    const own = contactsOf.get(account.id)!;
    const main = own.find((c) => c.role === 'main')!;
    const roster = contactChanges(params, cal, rng('people'), makeId, phones, account, fate, own, { contacts, consents, events });
    usageEvents(params, cal, rng('usage'), account, fate, events);
    ticketEvents(params, cal, rng('tickets'), account, main.id, fate, events);
    billingEvents(params, cal, rng('billing'), account, fate, main.id, events);
    const owner = members.find((m) => m.id === account.owner_id)!;
    voiceOfCustomer({ params, cal, rng: rng('voice'), makeId, account, fate, roster, owner, events, conversations });
  });

  const truth = accounts.flatMap((a, i) => {
    const c = fates[i]!.churn;
    return c ? [{ account_id: a.id, churn_at: cal.at(c.day, 10, a.time_zone), onset_at: cal.dayStart(c.onset), reason: c.reason, voluntary: c.voluntary }] : [];
  });
  // a call late on the last day in California ends after midnight UTC: the history stops at asOf
  const shown = conversations.filter((c) => c.ended_at < cal.asOf);
  const cut = new Set(conversations.filter((c) => c.ended_at >= cal.asOf).map((c) => c.id));
  const history = events
    .filter((e) => e.occurred_at < cal.asOf && e.occurred_at >= cal.start && !cut.has(e.payload.conversation_id as string))
    .sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime());
  return { seed: input.seed, start: cal.start, asOf: cal.asOf, members, accounts, contacts, consents, events: history, conversations: shown, truth };
}
