import { isPublicHoliday, hasHolidayCalendar, localTime, type LocalTime } from './calendar';
import type { EvaluateResult, PolicyChannel, PolicyReason, Purpose } from './contract';
import { businessWindows, CAPS, countryRules, legalWindows, type Cap, type CountryRules, type PolicySettings, type Window } from './rules';

// The policy's decision as a pure function of what is known about the contact (facts.ts loads it):
// the rule tables of rules.ts applied at one instant, and a forward search for the next instant
// that passes every rule.

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const DAY = 86_400_000;
/** how far ahead the next allowed time is looked for, past the last waiting period */
const HORIZON_DAYS = 60;
/** and never further than this: a schedule a year out is not a schedule */
const MAX_DAYS = 366;

/** One outreach already made (outreach_log) or scheduled (outreach), to the contact or their account. */
export interface Attempt {
  at: Date;
  purpose: Purpose;
  play: string | null;
  channel: PolicyChannel;
  /** to this contact (false: to someone else at the same account) */
  sameContact: boolean;
}

export interface Facts {
  /** a contact Tenure knows (false: a bare number) */
  known: boolean;
  country: string | null;
  /** every zone the contact may be in; empty when unknown */
  zones: string[];
  /** business hours apply on top of the legal window */
  b2b: boolean;
  /** the current consent for the channel and purpose, or null when none was recorded */
  consent: { status: 'granted' | 'revoked'; expressWritten: boolean } | null;
  suppressed: boolean;
  openConversation: boolean;
  attempts: Attempt[];
  /** when the contact refused a call ("not interested", a hang-up on the opening) */
  refusals: Date[];
  /** outreaches per UTC day ('YYYY-MM-DD'), across every account: the daily budget */
  dayCounts: Record<string, number>;
}

export interface Request {
  channel: PolicyChannel;
  purpose: Purpose;
  /** the play, for caps that count one play (a survey) */
  play?: string | null;
  at: Date;
}

const WAITING: PolicyReason[] = ['refusal_cooldown', 'frequency_cap', 'daily_budget'];
const BLOCKING_WITHOUT_TIME: PolicyReason[] = ['no_consent', 'suppressed', 'open_conversation', 'unknown_time_zone'];

const inWindows = (windows: Window[], t: LocalTime) => windows.some((w) => w.days.includes(t.weekday) && t.minute >= w.from && t.minute < w.to);
const utcDay = (t: Date) => t.toISOString().slice(0, 10);

function capApplies(cap: Cap, req: Request): boolean {
  return (!cap.purposes || cap.purposes.includes(req.purpose)) && (!cap.plays || (!!req.play && cap.plays.includes(req.play)));
}

/** The caps this request counts against, with the attempts each counts. */
function capsFor(req: Request, facts: Facts, rules: CountryRules): { max: number; days: number; attempts: Date[] }[] {
  const out = CAPS.filter((c) => capApplies(c, req)).map((c) => ({
    max: c.max,
    days: c.days,
    attempts: facts.attempts.filter((a) => (c.scope === 'account' || a.sameContact) && capApplies(c, a)).map((a) => a.at),
  }));
  // the country's limit on calls counts every call to the contact, answered or not, whatever its purpose
  if (req.channel === 'voice' && rules.callCap) {
    out.push({ ...rules.callCap, attempts: facts.attempts.filter((a) => a.sameContact && a.channel === 'voice').map((a) => a.at) });
  }
  return out;
}

/** Reasons that stay true whatever the time: no later time will do. */
function standingReasons(req: Request, facts: Facts, rules: CountryRules): PolicyReason[] {
  const reasons: PolicyReason[] = [];
  const c = facts.consent;
  if (req.purpose === 'marketing') {
    // marketing is never assumed; automated calls and texts in the US need it in writing
    const written = req.channel === 'email' || !rules.marketingNeedsWritten || c?.expressWritten === true;
    if (c?.status !== 'granted' || !written) reasons.push('no_consent');
  } else if (c?.status === 'revoked') {
    reasons.push('no_consent');
  } else if (!c) {
    reasons.push('consent_assumed');
  }
  if (facts.suppressed) reasons.push('suppressed');
  if (facts.openConversation) reasons.push('open_conversation');
  if (req.channel !== 'email' && facts.zones.length === 0) reasons.push('unknown_time_zone');
  return reasons;
}

interface TimeCheck {
  reasons: PolicyReason[];
  /** a lower bound of when every closed zone may open again (the search may jump there) */
  closedUntil: number;
  /** the earliest instant a waiting period (cap, cool-down, budget) ends, when one failed */
  waitUntil: number;
}

function checkAt(t: Date, req: Request, facts: Facts, rules: CountryRules, settings: PolicySettings, business: Window[]): TimeCheck {
  const reasons = new Set<PolicyReason>();
  let waitUntil = 0;
  const ms = t.getTime();
  let closedUntil = 0;
  const legal = legalWindows(rules, req.channel);
  if (legal) {
    for (const zone of facts.zones) {
      const local = localTime(t, zone);
      const holiday = isPublicHoliday(facts.country, local.date);
      let closed: PolicyReason | null = null;
      if (rules.holidays && holiday) closed = 'public_holiday';
      else if (!inWindows(legal, local)) closed = 'outside_calling_hours';
      else if (facts.b2b && hasHolidayCalendar(facts.country) && holiday) closed = 'public_holiday';
      else if (facts.b2b && !inWindows(business, local)) closed = 'outside_business_hours';
      if (closed) {
        reasons.add(closed);
        closedUntil = Math.max(closedUntil, closedAtLeastUntil(ms, local, closed === 'public_holiday', facts.b2b ? [...legal, ...business] : legal));
      }
    }
  }
  if (req.purpose !== 'transactional' && rules.refusalCooldownDays) {
    // a refusal of a call holds back every call and text but a notice the customer needs (a failed payment)
    const until = Math.max(0, ...facts.refusals.map((r) => r.getTime() + rules.refusalCooldownDays! * DAY).filter((end) => end > ms));
    if (until > ms) {
      reasons.add('refusal_cooldown');
      waitUntil = Math.max(waitUntil, until);
    }
  }
  for (const cap of capsFor(req, facts, rules)) {
    // an attempt counts when it is less than the period away, before or after (a scheduled one): the
    // new outreach then fits every period that contains it
    const span = cap.days * DAY;
    const counted = cap.attempts.map((a) => a.getTime()).filter((a) => Math.abs(ms - a) < span);
    if (counted.length >= cap.max) {
      reasons.add('frequency_cap');
      waitUntil = Math.max(waitUntil, Math.min(...counted.map((a) => a + span).filter((end) => end > ms)));
    }
  }
  if ((facts.dayCounts[utcDay(t)] ?? 0) >= settings.dailyBudget) {
    reasons.add('daily_budget');
    waitUntil = Math.max(waitUntil, Math.floor(ms / DAY) * DAY + DAY);
  }
  return { reasons: [...reasons], waitUntil, closedUntil };
}

/**
 * A zone closed at `ms` (local time `local`) opens no earlier than its next window start that day,
 * or its next midnight on a holiday or after the day's last window: that instant less an hour, so a
 * daylight-saving change on the way cannot make the search skip an opening.
 */
function closedAtLeastUntil(ms: number, local: LocalTime, holiday: boolean, windows: Window[]): number {
  const starts = holiday ? [] : windows.filter((w) => w.days.includes(local.weekday) && w.from > local.minute).map((w) => w.from);
  const next = starts.length ? Math.min(...starts) : 24 * 60;
  return ms + (next - local.minute - 60) * MINUTE;
}

/** The policy's answer for a request, given the facts (CONTRACTS.md section 6). */
export function decide(req: Request, facts: Facts, settings: PolicySettings): EvaluateResult {
  const rules = countryRules(facts.country);
  const business = businessWindows(settings.businessHours);
  const standing = standingReasons(req, facts, rules);
  const now = checkAt(req.at, req, facts, rules, settings, business);
  const reasons = [...standing, ...now.reasons];
  const allowed = reasons.every((r) => r === 'consent_assumed');
  if (allowed || standing.some((r) => BLOCKING_WITHOUT_TIME.includes(r))) {
    return { allowed, reasons, next_allowed_at: null };
  }
  return { allowed, reasons, next_allowed_at: nextAllowed(req, facts, rules, settings, business)?.toISOString() ?? null };
}

/**
 * The first instant after `req.at` that passes every time rule: quarter-hour steps (every window
 * boundary is on a UTC quarter-hour), jumping straight to the end of a waiting period.
 */
function nextAllowed(req: Request, facts: Facts, rules: CountryRules, settings: PolicySettings, business: Window[]): Date | null {
  let t = req.at.getTime();
  const never = t + MAX_DAYS * DAY;
  let limit = t + HORIZON_DAYS * DAY;
  for (;;) {
    const check = checkAt(new Date(t), req, facts, rules, settings, business);
    if (check.reasons.length === 0) return new Date(t);
    limit = Math.min(never, Math.max(limit, check.waitUntil + HORIZON_DAYS * DAY));
    // a window opens on a quarter-hour at the earliest; a waiting period ends when it ends
    const waitingOnly = check.reasons.every((r) => WAITING.includes(r));
    t = waitingOnly ? check.waitUntil : Math.max(Math.floor(t / QUARTER) * QUARTER + QUARTER, Math.floor(check.closedUntil / QUARTER) * QUARTER, check.waitUntil);
    if (t > limit) return null;
  }
}

/** Whether the time rules pass at `at` (for tests and the send job's own assertion). */
export function openAt(req: Request, facts: Facts, settings: PolicySettings): boolean {
  const rules = countryRules(facts.country);
  return checkAt(req.at, req, facts, rules, settings, businessWindows(settings.businessHours)).reasons.length === 0;
}
