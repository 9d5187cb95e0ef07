// Days and hours of the demo history. Day 0 is the first day shown; times are placed in the
// customer's working hours using a fixed offset per zone (daylight saving is ignored: an hour's
// drift does not matter to a simulated call at 10:00 or 11:00).

export const DAY_MS = 86_400_000;

const UTC_OFFSET: Record<string, number> = {
  'Europe/Paris': 1,
  'Europe/London': 0,
  'America/New_York': -5,
  'America/Chicago': -6,
  'America/Denver': -7,
  'America/Phoenix': -7,
  'America/Los_Angeles': -8,
};

export class Calendar {
  constructor(
    readonly start: Date,
    readonly days: number,
  ) {}

  get asOf(): Date {
    return this.dayStart(this.days);
  }

  dayStart(day: number): Date {
    return new Date(this.start.getTime() + day * DAY_MS);
  }

  /** The instant `localHour` (fractional) on `day` in the zone. */
  at(day: number, localHour: number, zone: string): Date {
    return new Date(this.start.getTime() + day * DAY_MS + (localHour - (UTC_OFFSET[zone] ?? 0)) * 3_600_000);
  }

  dayOf(instant: Date): number {
    return Math.floor((instant.getTime() - this.start.getTime()) / DAY_MS);
  }

  /** 0 Monday … 6 Sunday. */
  weekday(day: number): number {
    return (this.dayStart(day).getUTCDay() + 6) % 7;
  }

  isWorkingDay(day: number): boolean {
    return this.weekday(day) < 5;
  }

  /** Holidays and summer: how much of a normal day's activity a customer in `country` has. */
  seasonal(day: number, country: string): number {
    const d = this.dayStart(day);
    const month = d.getUTCMonth() + 1;
    const date = d.getUTCDate();
    if ((month === 12 && date >= 24) || (month === 1 && date === 1)) return 0.3;
    if (country === 'FR' && month === 8 && date <= 24) return 0.5;
    if (country === 'FR' && month === 5 && (date === 1 || date === 8)) return 0.2;
    if (country === 'US' && month === 7 && date === 4) return 0.2;
    // Thanksgiving: the fourth Thursday of November, and the Friday after
    if (country === 'US' && month === 11 && date >= 22 && date <= 29 && (d.getUTCDay() === 4 || (d.getUTCDay() === 5 && date >= 23))) return 0.25;
    if (country === 'GB' && month === 8 && date >= 25 && d.getUTCDay() === 1) return 0.2;
    return 1;
  }
}

export function dateOnly(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** The first anniversary of `since` (same month and day, the 29th of February read as the 28th) on or after `from`. */
export function nextAnniversary(since: Date, from: Date): Date {
  const month = since.getUTCMonth();
  const date = Math.min(since.getUTCDate(), 28);
  let year = from.getUTCFullYear();
  let candidate = new Date(Date.UTC(year, month, date));
  while (candidate < from) candidate = new Date(Date.UTC(++year, month, date));
  return candidate;
}

/** Monthly billing dates (the account's day of month, at most the 28th) in [from, to). */
export function monthlyDates(since: Date, from: Date, to: Date): Date[] {
  const date = Math.min(since.getUTCDate(), 28);
  const out: Date[] = [];
  let y = from.getUTCFullYear();
  let m = from.getUTCMonth();
  for (;;) {
    const d = new Date(Date.UTC(y, m, date));
    if (d >= to) return out;
    if (d >= from) out.push(d);
    if (++m === 12) {
      m = 0;
      y++;
    }
  }
}
