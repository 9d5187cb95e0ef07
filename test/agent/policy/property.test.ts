import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyChannel, Purpose } from '../../../agent/policy/contract';
import { decide, type Attempt, type Facts } from '../../../agent/policy/decide';
import { DEFAULT_SETTINGS } from '../../../agent/policy/rules';

// A property over random zones, dates and histories: whatever the policy allows, and whatever time it
// names as the next allowed one, passes a second, independent reading of the rules below (local time
// through toLocaleString, holidays as hand-written lists, caps checked window by window), and no
// instant between the request and that time passes it.

const DAY = 86_400_000;
const FR_HOLIDAYS = new Set([
  '2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-05-14', '2026-05-25', '2026-07-14', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25',
  '2027-01-01', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-08', '2027-05-17', '2027-07-14', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25',
]);
const US_HOLIDAYS = new Set([
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
  '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24', '2027-12-31',
]);

const PLACES: { country: string | null; zones: string[] }[] = [
  ...['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'].map((z) => ({ country: 'US', zones: [z] })),
  { country: 'US', zones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'] },
  { country: 'FR', zones: ['Europe/Paris'] },
  { country: 'DE', zones: ['Europe/Berlin'] },
  { country: 'JP', zones: ['Asia/Tokyo'] },
  { country: 'AU', zones: ['Australia/Perth', 'Australia/Adelaide', 'Australia/Sydney'] },
];

function local(t: number, zone: string) {
  const [date, time] = new Date(t).toLocaleString('sv-SE', { timeZone: zone }).split(' ') as [string, string];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { date, minute: hh * 60 + mm, weekday: ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1 };
}

interface Case {
  place: (typeof PLACES)[number];
  at: number;
  channel: PolicyChannel;
  purpose: Purpose;
  play: string | null;
  b2b: boolean;
  attempts: Attempt[];
  refusals: Date[];
  fullDay: number | null;
}

/** The rules read again, independently, at instant t: true when an outreach may go then. */
function mayGo(c: Case, t: number): boolean {
  const country = c.place.country;
  const weekday = (l: ReturnType<typeof local>) => l.weekday <= 5;
  for (const zone of c.place.zones) {
    const l = local(t, zone);
    const h = (x: number) => l.minute >= x * 60;
    const before = (x: number) => l.minute < x * 60;
    if (c.channel !== 'email') {
      if (country === 'US') {
        if (!(h(8) && before(21))) return false;
      } else if (country === 'FR') {
        if (FR_HOLIDAYS.has(l.date)) return false;
        if (c.channel === 'voice' && !(weekday(l) && ((h(10) && before(13)) || (h(14) && before(20))))) return false;
        if (c.channel === 'sms' && !(l.weekday <= 6 && h(8) && before(20))) return false;
      } else if (!(weekday(l) && ((h(10) && before(13)) || (h(14) && before(19))))) return false;
      if (c.b2b) {
        if (!(weekday(l) && h(9) && before(18))) return false;
        if ((country === 'US' && US_HOLIDAYS.has(l.date)) || (country === 'FR' && FR_HOLIDAYS.has(l.date))) return false;
      }
    }
  }
  if (country !== 'US' && c.purpose !== 'transactional' && c.refusals.some((r) => t >= r.getTime() && t < r.getTime() + 60 * DAY)) return false;
  // each cap: every period [s, s + days) that holds t holds fewer than max others (a period's
  // outreaches are those of the period starting at its first one, so those starts are enough)
  const caps: { max: number; days: number; at: number[] }[] = [];
  const all = c.attempts;
  if (c.purpose !== 'transactional') caps.push({ max: 2, days: 7, at: all.filter((a) => a.purpose !== 'transactional').map((a) => a.at.getTime()) });
  if (c.play === 'nps') caps.push({ max: 1, days: 90, at: all.filter((a) => a.sameContact && a.play === 'nps').map((a) => a.at.getTime()) });
  if (c.purpose === 'transactional') caps.push({ max: 3, days: 7, at: all.filter((a) => a.sameContact && a.purpose === 'transactional').map((a) => a.at.getTime()) });
  if (c.channel === 'voice' && country !== 'US') caps.push({ max: 4, days: 30, at: all.filter((a) => a.sameContact && a.channel === 'voice').map((a) => a.at.getTime()) });
  for (const cap of caps) {
    const span = cap.days * DAY;
    for (const s of [t, ...cap.at.filter((a) => a > t - span && a <= t)]) {
      if (cap.at.filter((a) => a >= s && a < s + span).length >= cap.max) return false;
    }
  }
  if (c.fullDay !== null && Math.floor(t / DAY) === c.fullDay) return false;
  return true;
}

const START = Date.UTC(2026, 0, 1);
const END = Date.UTC(2027, 9, 1);

const caseArb = fc
  .record({
    place: fc.constantFrom(...PLACES),
    at: fc.integer({ min: START, max: END }),
    channel: fc.constantFrom<PolicyChannel>('voice', 'voice', 'sms', 'email'),
    purpose: fc.constantFrom<Purpose>('transactional', 'service', 'marketing'),
    nps: fc.boolean(),
    b2b: fc.boolean(),
    history: fc.array(
      fc.record({
        offsetH: fc.integer({ min: -24 * 95, max: 24 * 20 }),
        purpose: fc.constantFrom<Purpose>('transactional', 'service', 'marketing'),
        nps: fc.boolean(),
        channel: fc.constantFrom<PolicyChannel>('voice', 'sms'),
        sameContact: fc.boolean(),
        refused: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
    fullDayOffset: fc.option(fc.integer({ min: 0, max: 5 }), { freq: 4 }),
  })
  .map(({ place, at, channel, purpose, nps, b2b, history, fullDayOffset }): Case => {
    const attempts = history.map((h) => ({ at: new Date(at + h.offsetH * 3_600_000), purpose: h.purpose, play: h.nps && h.purpose === 'service' ? 'nps' : null, channel: h.channel, sameContact: h.sameContact }));
    return {
      place, at, channel, b2b, attempts,
      purpose: nps ? 'service' : purpose,
      play: nps ? 'nps' : null,
      // refusals are past calls to the contact
      refusals: attempts.filter((a, i) => history[i]!.refused && a.sameContact && a.channel === 'voice' && a.at.getTime() < at).map((a) => a.at),
      fullDay: fullDayOffset === null ? null : Math.floor(at / DAY) + fullDayOffset,
    };
  });

function factsOf(c: Case): Facts {
  return {
    known: true, country: c.place.country, zones: c.place.zones, b2b: c.b2b, consent: { status: 'granted', expressWritten: true },
    suppressed: false, openConversation: false, attempts: c.attempts, refusals: c.refusals,
    dayCounts: c.fullDay === null ? {} : { [new Date(c.fullDay * DAY).toISOString().slice(0, 10)]: DEFAULT_SETTINGS.dailyBudget },
  };
}

describe('the policy, over random zones, dates and histories', () => {
  it('allows only what the rules allow, and names the first time they allow', () => {
    fc.assert(
      fc.property(caseArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), (c, probes) => {
        const r = decide({ channel: c.channel, purpose: c.purpose, play: c.play, at: new Date(c.at) }, factsOf(c), DEFAULT_SETTINGS);
        // with scheduled outreach ahead, the policy counts it on either side (stricter than any one
        // period): there it must never allow what the rules forbid; with history only, it is exact
        const exact = c.attempts.every((a) => a.at.getTime() <= c.at);
        if (r.allowed || exact) expect(r.allowed).toBe(mayGo(c, c.at));
        if (r.allowed) {
          expect(r.next_allowed_at).toBeNull();
          return;
        }
        expect(r.reasons.length).toBeGreaterThan(0);
        if (r.next_allowed_at === null) return; // nothing within the horizon
        const next = new Date(r.next_allowed_at).getTime();
        expect(next).toBeGreaterThan(c.at);
        expect(mayGo(c, next)).toBe(true);
        // nothing earlier would have done: the minute before, and random instants in between
        if (exact) {
          expect(mayGo(c, Math.max(c.at, next - 60_000))).toBe(false);
          for (const p of probes) expect(mayGo(c, Math.floor(c.at + p * (next - c.at - 1)))).toBe(false);
        }
        // and the policy agrees that the time it named is open
        expect(decide({ channel: c.channel, purpose: c.purpose, play: c.play, at: new Date(next) }, factsOf(c), DEFAULT_SETTINGS).allowed).toBe(true);
      }),
      { numRuns: Number(process.env.POLICY_RUNS ?? 400) },
    );
  });
});
