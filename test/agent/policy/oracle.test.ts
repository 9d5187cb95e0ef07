import { describe, expect, it } from 'vitest';
import { decide, type Attempt, type Facts } from '../../../agent/policy/decide';
import type { PolicyChannel, PolicyReason, Purpose } from '../../../agent/policy/contract';
import { DEFAULT_SETTINGS } from '../../../agent/policy/rules';
import { easter, isPublicHoliday } from '../../../agent/policy/calendar';

// The oracle: each row worked out by hand from the rule text (issue 12, research/telephony.md §5),
// local times converted with the zone's offset on that day, never by calling the code under test.
// US: 08:00–21:00 every day; daylight saving starts 2026-03-08 07:00Z (EST −5 → EDT −4) and ends
// 2026-11-01 06:00Z. France: Mon–Fri 10:00–13:00 and 14:00–20:00, no holidays; CET +1 → CEST +2 on
// 2026-03-29 01:00Z, back on 2026-10-25 01:00Z. B2B business hours: weekdays 09:00–18:00.

const NY = { country: 'US', zones: ['America/New_York'] };
const LA = { country: 'US', zones: ['America/Los_Angeles'] };
const PARIS = { country: 'FR', zones: ['Europe/Paris'] };
const US_ALL = { country: 'US', zones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'] };

function facts(over: Partial<Facts> = {}): Facts {
  return {
    known: true, ...NY, b2b: false, consent: { status: 'granted', expressWritten: true }, suppressed: false, openConversation: false,
    attempts: [], refusals: [], dayCounts: {}, ...over,
  };
}

const attempt = (at: string, purpose: Purpose, over: Partial<Attempt> = {}): Attempt => ({ at: new Date(at), purpose, play: null, channel: 'voice', sameContact: true, ...over });

interface Row {
  name: string;
  at: string;
  facts?: Partial<Facts>;
  channel?: PolicyChannel;
  purpose?: Purpose;
  play?: string;
  reasons: PolicyReason[];
  next?: string | null;
}

function check(row: Row) {
  const r = decide({ channel: row.channel ?? 'voice', purpose: row.purpose ?? 'service', play: row.play ?? null, at: new Date(row.at) }, facts(row.facts), DEFAULT_SETTINGS);
  const blocking = row.reasons.filter((x) => x !== 'consent_assumed');
  expect({ allowed: r.allowed, reasons: [...r.reasons].sort(), next: r.next_allowed_at }).toEqual({
    allowed: blocking.length === 0,
    reasons: [...row.reasons].sort(),
    next: row.next === undefined ? null : row.next,
  });
}

const US_HOURS: Row[] = [
  { name: 'DST day, 08:30 EDT (12:30Z; would be 07:30 EST)', at: '2026-03-08T12:30:00Z', reasons: [] },
  { name: 'DST day, 07:59 EDT', at: '2026-03-08T11:59:00Z', reasons: ['outside_calling_hours'], next: '2026-03-08T12:00:00.000Z' },
  { name: 'DST day, midnight EST: next is 08:00 EDT = 12:00Z, not 13:00Z', at: '2026-03-08T05:00:00Z', reasons: ['outside_calling_hours'], next: '2026-03-08T12:00:00.000Z' },
  { name: 'Saturday 08:00 EST: every day is a calling day', at: '2026-03-07T13:00:00Z', reasons: [] },
  { name: '20:59 EDT', at: '2026-03-09T00:59:00Z', reasons: [] },
  { name: '21:00 EDT', at: '2026-03-09T01:00:00Z', reasons: ['outside_calling_hours'], next: '2026-03-09T12:00:00.000Z' },
  { name: 'DST ends, 01:30 EDT: next is 08:00 EST = 13:00Z', at: '2026-11-01T05:30:00Z', reasons: ['outside_calling_hours'], next: '2026-11-01T13:00:00.000Z' },
  { name: 'DST ended, 07:30 EST', at: '2026-11-01T12:30:00Z', reasons: ['outside_calling_hours'], next: '2026-11-01T13:00:00.000Z' },
  { name: 'DST ended, 20:59 EST', at: '2026-11-02T01:59:00Z', reasons: [] },
  { name: 'DST ended, 21:00 EST', at: '2026-11-02T02:00:00Z', reasons: ['outside_calling_hours'], next: '2026-11-02T13:00:00.000Z' },
  { name: 'Los Angeles DST day, 07:59 PDT', at: '2026-03-08T14:59:00Z', facts: LA, reasons: ['outside_calling_hours'], next: '2026-03-08T15:00:00.000Z' },
  { name: 'Los Angeles DST day, 08:00 PDT', at: '2026-03-08T15:00:00Z', facts: LA, reasons: [] },
  { name: 'texts keep the same hours: 07:30 EST', at: '2026-11-01T12:30:00Z', channel: 'sms', reasons: ['outside_calling_hours'], next: '2026-11-01T13:00:00.000Z' },
  { name: 'email has no calling hours: 03:00 EST', at: '2026-11-02T08:00:00Z', channel: 'email', reasons: [] },
];

const US_B2B: Row[] = [
  { name: 'Saturday 10:00 EST: legal, but not business hours; Monday 09:00 EDT', at: '2026-03-07T15:00:00Z', facts: { b2b: true }, reasons: ['outside_business_hours'], next: '2026-03-09T13:00:00.000Z' },
  { name: 'Monday 18:00 EDT', at: '2026-03-09T22:00:00Z', facts: { b2b: true }, reasons: ['outside_business_hours'], next: '2026-03-10T13:00:00.000Z' },
  { name: 'Monday 17:45 EDT', at: '2026-03-09T21:45:00Z', facts: { b2b: true }, reasons: [] },
  { name: 'Thanksgiving 2026-11-26 10:00 EST (business)', at: '2026-11-26T15:00:00Z', facts: { b2b: true }, reasons: ['public_holiday'], next: '2026-11-27T14:00:00.000Z' },
  { name: 'Thanksgiving 10:00 EST (consumer: US calls every day)', at: '2026-11-26T15:00:00Z', reasons: [] },
  { name: 'July 4th on a Saturday is observed Friday 07-03', at: '2026-07-03T14:00:00Z', facts: { b2b: true }, reasons: ['public_holiday'], next: '2026-07-06T13:00:00.000Z' },
];

const FRANCE: Row[] = [
  { name: 'Monday after DST 10:00 CEST', at: '2026-03-30T08:00:00Z', facts: PARIS, reasons: [] },
  { name: 'Monday after DST 09:59 CEST', at: '2026-03-30T07:59:00Z', facts: PARIS, reasons: ['outside_calling_hours'], next: '2026-03-30T08:00:00.000Z' },
  { name: 'Saturday before DST: Monday 10:00 CEST = 08:00Z', at: '2026-03-28T12:00:00Z', facts: PARIS, reasons: ['outside_calling_hours'], next: '2026-03-30T08:00:00.000Z' },
  { name: 'DST Sunday 2026-03-29', at: '2026-03-29T09:00:00Z', facts: PARIS, reasons: ['outside_calling_hours'], next: '2026-03-30T08:00:00.000Z' },
  { name: 'Friday 20:00 CET', at: '2026-03-27T19:00:00Z', facts: PARIS, reasons: ['outside_calling_hours'], next: '2026-03-30T08:00:00.000Z' },
  { name: 'Friday 19:59 CET', at: '2026-03-27T18:59:00Z', facts: PARIS, reasons: [] },
  { name: 'Friday 20:00 CEST before DST ends: Monday 10:00 CET = 09:00Z', at: '2026-10-23T18:00:00Z', facts: PARIS, reasons: ['outside_calling_hours'], next: '2026-10-26T09:00:00.000Z' },
  { name: 'DST Sunday 2026-10-25', at: '2026-10-25T10:00:00Z', facts: PARIS, reasons: ['outside_calling_hours'], next: '2026-10-26T09:00:00.000Z' },
  { name: 'lunch 13:30 CEST', at: '2026-03-31T11:30:00Z', facts: PARIS, reasons: ['outside_calling_hours'], next: '2026-03-31T12:00:00.000Z' },
  { name: 'Easter Monday 2026-04-06', at: '2026-04-06T09:00:00Z', facts: PARIS, reasons: ['public_holiday'], next: '2026-04-07T08:00:00.000Z' },
  { name: 'Ascension Thursday 2026-05-14', at: '2026-05-14T09:00:00Z', facts: PARIS, reasons: ['public_holiday'], next: '2026-05-15T08:00:00.000Z' },
  { name: 'Whit Monday 2026-05-25', at: '2026-05-25T09:00:00Z', facts: PARIS, reasons: ['public_holiday'], next: '2026-05-26T08:00:00.000Z' },
  { name: 'Bastille Day 2026-07-14', at: '2026-07-14T09:00:00Z', facts: PARIS, reasons: ['public_holiday'], next: '2026-07-15T08:00:00.000Z' },
  { name: 'Armistice 2026-11-11 11:00 CET', at: '2026-11-11T10:00:00Z', facts: PARIS, reasons: ['public_holiday'], next: '2026-11-12T09:00:00.000Z' },
  { name: 'texts on Saturday 10:00 CET', at: '2026-03-28T09:00:00Z', facts: PARIS, channel: 'sms', reasons: [] },
  { name: 'texts on DST Sunday: Monday 08:00 CEST', at: '2026-03-29T10:00:00Z', facts: PARIS, channel: 'sms', reasons: ['outside_calling_hours'], next: '2026-03-30T06:00:00.000Z' },
  { name: 'B2B Monday 18:30 CEST: legal until 20:00, business until 18:00', at: '2026-03-30T16:30:00Z', facts: { ...PARIS, b2b: true }, reasons: ['outside_business_hours'], next: '2026-03-31T08:00:00.000Z' },
];

const FR_CALLS = ['2026-03-02T09:00:00Z', '2026-03-10T09:00:00Z', '2026-03-17T09:00:00Z', '2026-03-24T09:00:00Z'];
const CAPS_AND_REFUSALS: Row[] = [
  {
    name: 'France: a 5th call within 30 days (unanswered calls count) waits until the first leaves the period',
    at: '2026-03-30T08:00:00Z', purpose: 'transactional', facts: { ...PARIS, attempts: FR_CALLS.map((a) => attempt(a, 'transactional')) },
    reasons: ['frequency_cap'], next: '2026-04-01T09:00:00.000Z',
  },
  { name: 'France: a 4th call is allowed', at: '2026-03-30T08:00:00Z', purpose: 'transactional', facts: { ...PARIS, attempts: FR_CALLS.slice(1).map((a) => attempt(a, 'transactional')) }, reasons: [] },
  { name: 'France: the call cap does not hold back a text', at: '2026-03-30T08:00:00Z', channel: 'sms', purpose: 'transactional', facts: { ...PARIS, attempts: FR_CALLS.map((a) => attempt(a, 'transactional')) }, reasons: [] },
  {
    name: 'France: 60 days after a refusal, then May 1st and a weekend',
    at: '2026-04-20T08:00:00Z', purpose: 'marketing', facts: { ...PARIS, attempts: [attempt('2026-03-02T09:00:00Z', 'marketing')], refusals: [new Date('2026-03-02T09:00:00Z')] },
    reasons: ['refusal_cooldown'], next: '2026-05-04T08:00:00.000Z',
  },
  {
    name: 'France: a refusal does not hold back a payment notice',
    at: '2026-04-20T08:00:00Z', purpose: 'transactional', facts: { ...PARIS, attempts: [attempt('2026-03-02T09:00:00Z', 'marketing')], refusals: [new Date('2026-03-02T09:00:00Z')] }, reasons: [],
  },
  {
    name: 'two marketing or service attempts this week at the account (to another contact) hold a third',
    at: '2026-03-12T14:00:00Z', purpose: 'marketing',
    facts: { attempts: [attempt('2026-03-09T14:00:00Z', 'service', { sameContact: false }), attempt('2026-03-10T14:00:00Z', 'marketing', { sameContact: false, channel: 'sms' })] },
    reasons: ['frequency_cap'], next: '2026-03-16T14:00:00.000Z',
  },
  { name: 'a payment notice has its own cap', at: '2026-03-12T14:00:00Z', purpose: 'transactional', facts: { attempts: [attempt('2026-03-09T14:00:00Z', 'service'), attempt('2026-03-10T14:00:00Z', 'marketing')] }, reasons: [] },
  {
    name: 'a fourth transactional message to the contact within 7 days',
    at: '2026-03-12T14:00:00Z', purpose: 'transactional',
    facts: { attempts: ['2026-03-06T15:00:00Z', '2026-03-09T14:00:00Z', '2026-03-10T14:00:00Z'].map((a) => attempt(a, 'transactional')) },
    reasons: ['frequency_cap'], next: '2026-03-13T15:00:00.000Z',
  },
  {
    name: 'one survey per contact per 90 days',
    at: '2026-03-12T15:00:00Z', play: 'nps', facts: { attempts: [attempt('2026-01-10T15:00:00Z', 'service', { play: 'nps' })] }, reasons: ['frequency_cap'], next: '2026-04-10T15:00:00.000Z',
  },
  { name: 'a survey to another contact of the account is theirs', at: '2026-03-12T15:00:00Z', play: 'nps', facts: { attempts: [attempt('2026-01-10T15:00:00Z', 'service', { play: 'nps', sameContact: false })] }, reasons: [] },
  {
    name: 'a scheduled outreach counts: a survey planned in 10 days holds one today',
    at: '2026-03-12T15:00:00Z', play: 'nps', facts: { attempts: [attempt('2026-03-22T15:00:00Z', 'service', { play: 'nps' })] }, reasons: ['frequency_cap'], next: '2026-06-20T15:00:00.000Z',
  },
  { name: 'daily budget spent: the next UTC day, 20:00 EDT, is within hours', at: '2026-03-09T15:00:00Z', facts: { dayCounts: { '2026-03-09': 1000 } }, reasons: ['daily_budget'], next: '2026-03-10T00:00:00.000Z' },
  { name: 'daily budget not yet spent', at: '2026-03-09T15:00:00Z', facts: { dayCounts: { '2026-03-09': 999 } }, reasons: [] },
];

const ZONES_AND_CONSENT: Row[] = [
  { name: 'US number, zone unknown: 08:00 in New York is 02:00 in Honolulu; next when all zones are open (08:00 HST)', at: '2026-03-09T12:00:00Z', facts: US_ALL, reasons: ['outside_calling_hours'], next: '2026-03-09T18:00:00.000Z' },
  { name: 'US number, zone unknown: 21:00 EDT closes the intersection', at: '2026-03-10T01:00:00Z', facts: US_ALL, reasons: ['outside_calling_hours'], next: '2026-03-10T18:00:00.000Z' },
  { name: 'US number, zone unknown: 14:00 EDT / 08:00 HST', at: '2026-03-09T18:00:00Z', facts: US_ALL, reasons: [] },
  { name: 'no zone at all', at: '2026-03-09T18:00:00Z', facts: { country: null, zones: [] }, reasons: ['unknown_time_zone'] },
  { name: 'marketing without consent, and out of hours: no time will do', at: '2026-03-09T05:00:00Z', purpose: 'marketing', facts: { consent: null }, reasons: ['no_consent', 'outside_calling_hours'] },
  { name: 'US marketing call with consent not in writing', at: '2026-03-09T15:00:00Z', purpose: 'marketing', facts: { consent: { status: 'granted', expressWritten: false } }, reasons: ['no_consent'] },
  { name: 'French marketing call with consent (not in writing)', at: '2026-03-30T08:00:00Z', purpose: 'marketing', facts: { ...PARIS, consent: { status: 'granted', expressWritten: false } }, reasons: [] },
  { name: 'US marketing email with plain consent', at: '2026-03-09T15:00:00Z', purpose: 'marketing', channel: 'email', facts: { consent: { status: 'granted', expressWritten: false } }, reasons: [] },
  { name: 'transactional with no consent recorded: assumed', at: '2026-03-09T15:00:00Z', purpose: 'transactional', facts: { consent: null }, reasons: ['consent_assumed'] },
  { name: 'transactional after consent was revoked', at: '2026-03-09T15:00:00Z', purpose: 'transactional', facts: { consent: { status: 'revoked', expressWritten: false } }, reasons: ['no_consent'] },
  { name: 'suppressed', at: '2026-03-09T15:00:00Z', purpose: 'transactional', facts: { suppressed: true }, reasons: ['suppressed'] },
  { name: 'a conversation is open', at: '2026-03-09T15:00:00Z', facts: { openConversation: true }, reasons: ['open_conversation'] },
];

describe('the policy against the oracle table', () => {
  it.each(US_HOURS.map((r) => [r.name, r] as const))('US hours: %s', (_, row) => check(row));
  it.each(US_B2B.map((r) => [r.name, r] as const))('US business hours: %s', (_, row) => check(row));
  it.each(FRANCE.map((r) => [r.name, r] as const))('France: %s', (_, row) => check(row));
  it.each(CAPS_AND_REFUSALS.map((r) => [r.name, r] as const))('caps and refusals: %s', (_, row) => check(row));
  it.each(ZONES_AND_CONSENT.map((r) => [r.name, r] as const))('zones and consent: %s', (_, row) => check(row));
});

describe('holiday calendars', () => {
  it('knows Easter Sunday for years looked up by hand', () => {
    expect([2024, 2025, 2026, 2027, 2038].map(easter)).toEqual([
      { month: 3, day: 31 }, { month: 4, day: 20 }, { month: 4, day: 5 }, { month: 3, day: 28 }, { month: 4, day: 25 },
    ]);
  });

  it('lists the French and US public holidays of 2026', () => {
    const days = (country: string) => {
      const out: string[] = [];
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
        const d = new Date(t).toISOString().slice(0, 10);
        if (isPublicHoliday(country, d)) out.push(d);
      }
      return out;
    };
    expect(days('FR')).toEqual(['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25']);
    expect(days('US')).toEqual(['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25']);
    expect(days('DE')).toEqual([]);
  });
});
