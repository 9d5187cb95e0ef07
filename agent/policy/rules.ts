import type { PolicyChannel, Purpose } from './contract';

// The contact rules as data (CONTRACTS.md section 6). Sources: research/telephony.md section 5.
// Times are local to the contact, minutes since midnight, [from, to): a window 08:00–21:00 lets a
// call start at 20:59, not at 21:00. Boundaries are whole quarter-hours, so with every zone's offset
// a multiple of 15 minutes each boundary falls on a UTC quarter-hour (decide.ts relies on it).

export interface Window {
  /** 1 = Monday … 7 = Sunday */
  days: number[];
  from: number;
  to: number;
}

export interface CountryRules {
  /** the legal windows for automated calls and for texts */
  voice: Window[];
  sms: Window[];
  /** no call or text on the country's public holidays (where a calendar is kept) */
  holidays: boolean;
  /** calls (answered or not) per contact per period, every purpose */
  callCap: { max: number; days: number } | null;
  /** days without a call after the contact refused one */
  refusalCooldownDays: number | null;
  /** marketing by voice or text needs consent given in writing (US: prior express written consent) */
  marketingNeedsWritten: boolean;
}

const h = (hh: number, mm = 0) => hh * 60 + mm;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const WEEKDAYS = [1, 2, 3, 4, 5];

// United States: no call before 08:00 or after 21:00 called-party local time (47 CFR 64.1200(c)(1)),
// applied to every call and text type. Some states are stricter: add them here when needed.
const US: CountryRules = {
  voice: [{ days: EVERY_DAY, from: h(8), to: h(21) }],
  sms: [{ days: EVERY_DAY, from: h(8), to: h(21) }],
  holidays: false,
  callCap: null,
  refusalCooldownDays: null,
  marketingNeedsWritten: true,
};

// France: décret 2022-1313 — Monday to Friday 10:00–13:00 and 14:00–20:00, never on weekends or
// public holidays, at most 4 calls per 30 days, 60 days after a refusal. Applied to every purpose
// (cheap, and a customer cannot tell a reminder from a pitch). Texts: the operators' code of
// conduct for SMS (AF2M) asks for 08:00–20:00 Monday to Saturday, no Sundays or public holidays.
const FR: CountryRules = {
  voice: [{ days: WEEKDAYS, from: h(10), to: h(13) }, { days: WEEKDAYS, from: h(14), to: h(20) }],
  sms: [{ days: [1, 2, 3, 4, 5, 6], from: h(8), to: h(20) }],
  holidays: true,
  callCap: { max: 4, days: 30 },
  refusalCooldownDays: 60,
  marketingNeedsWritten: false,
};

// Everywhere else: the stricter of the two, on weekdays only, ending at 19:00.
const DEFAULT: CountryRules = {
  voice: [{ days: WEEKDAYS, from: h(10), to: h(13) }, { days: WEEKDAYS, from: h(14), to: h(19) }],
  sms: [{ days: WEEKDAYS, from: h(10), to: h(13) }, { days: WEEKDAYS, from: h(14), to: h(19) }],
  holidays: true,
  callCap: { max: 4, days: 30 },
  refusalCooldownDays: 60,
  marketingNeedsWritten: true,
};

const PRESETS: Record<string, CountryRules> = { US, CA: US, FR };

export const countryRules = (country: string | null): CountryRules => (country && PRESETS[country]) || DEFAULT;

/** Email has no calling hours; voice and texts do. */
export const legalWindows = (rules: CountryRules, channel: PolicyChannel): Window[] | null =>
  channel === 'voice' ? rules.voice : channel === 'sms' ? rules.sms : null;

/** The B2B default: weekdays 09:00–18:00 local (TENURE_BUSINESS_HOURS), also closed on public holidays. */
export function businessWindows(hours: string): Window[] {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(hours);
  if (!m) throw new Error(`business hours must look like 09:00-18:00, got ${hours}`);
  const from = h(Number(m[1]), Number(m[2]));
  const to = h(Number(m[3]), Number(m[4]));
  if (from % 15 || to % 15 || from >= to || to > 24 * 60) throw new Error(`business hours must be quarter-hours with start before end, got ${hours}`);
  return [{ days: WEEKDAYS, from, to }];
}

/** A frequency cap: at most `max` outreaches matching it per `days`, counted per contact or per account. */
export interface Cap {
  name: string;
  purposes?: Purpose[];
  plays?: string[];
  scope: 'contact' | 'account';
  max: number;
  days: number;
}

export const CAPS: Cap[] = [
  // marketing and service together: at most 2 attempts a week per account
  { name: 'marketing_or_service_week', purposes: ['marketing', 'service'], scope: 'account', max: 2, days: 7 },
  // a survey (NPS) at most once per contact per 90 days
  { name: 'survey_90_days', plays: ['nps'], scope: 'contact', max: 1, days: 90 },
  // transactional messages (payment recovery) have their own cap
  { name: 'transactional_week', purposes: ['transactional'], scope: 'contact', max: 3, days: 7 },
];

export interface PolicySettings {
  businessHours: string;
  /** outreaches per UTC day, across every account */
  dailyBudget: number;
}

export const DEFAULT_SETTINGS: PolicySettings = { businessHours: '09:00-18:00', dailyBudget: 1000 };
