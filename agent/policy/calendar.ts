// Local time and public holidays, as small pure functions. Zone conversion goes through
// Intl.DateTimeFormat, so daylight-saving changes come from the platform's time-zone database.

export interface LocalTime {
  /** 'YYYY-MM-DD' in the zone */
  date: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** minutes since local midnight */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether the platform knows the zone name (an unknown one must not be guessed). */
export function isKnownZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

export function localTime(at: Date, zone: string): LocalTime {
  const p: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(at)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, weekday: WEEKDAYS[p.weekday!]!, minute: Number(p.hour) * 60 + Number(p.minute) };
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const addDays = (y: number, m: number, d: number, n: number) => {
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
};

/** Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher). */
export function easter(year: number): { month: number; day: number } {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return { month, day: ((h + l - 7 * m + 114) % 31) + 1 };
}

/** The n-th (1-based; -1 = last) given weekday (1 = Monday) of a month. */
function nthWeekday(y: number, m: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7 + 1;
    return iso(y, m, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = (new Date(Date.UTC(y, m - 1, lastDay)).getUTCDay() + 6) % 7 + 1;
  return iso(y, m, lastDay - ((last - weekday + 7) % 7));
}

/** A fixed-date US holiday on a Saturday is observed the Friday before, on a Sunday the Monday after. */
function observed(y: number, m: number, d: number): string {
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 6 ? addDays(y, m, d, -1) : wd === 0 ? addDays(y, m, d, 1) : iso(y, m, d);
}

// France: the eleven jours fériés of the Code du travail (art. L3133-1), Alsace-Moselle's two extra days aside.
function france(y: number): string[] {
  const e = easter(y);
  return [
    iso(y, 1, 1), addDays(y, e.month, e.day, 1), iso(y, 5, 1), iso(y, 5, 8), addDays(y, e.month, e.day, 39), addDays(y, e.month, e.day, 50),
    iso(y, 7, 14), iso(y, 8, 15), iso(y, 11, 1), iso(y, 11, 11), iso(y, 12, 25),
  ];
}

// United States: the eleven federal holidays (5 U.S.C. 6103), on their observed days.
function unitedStates(y: number): string[] {
  return [
    observed(y, 1, 1), nthWeekday(y, 1, 1, 3), nthWeekday(y, 2, 1, 3), nthWeekday(y, 5, 1, -1), observed(y, 6, 19), observed(y, 7, 4),
    nthWeekday(y, 9, 1, 1), nthWeekday(y, 10, 1, 2), observed(y, 11, 11), nthWeekday(y, 11, 4, 4), observed(y, 12, 25),
  ];
}

const CALENDARS: Record<string, (year: number) => string[]> = { FR: france, US: unitedStates };
const cache = new Map<string, Set<string>>();

/** Whether a local date ('YYYY-MM-DD') is a public holiday in the country; false where no calendar is kept. */
export function isPublicHoliday(country: string | null, date: string): boolean {
  const calendar = country ? CALENDARS[country] : undefined;
  if (!calendar) return false;
  // a holiday observed the day before falls in the year before (1 January on a Saturday: 31 December)
  const year = Number(date.slice(0, 4));
  return [year, year + 1].some((y) => {
    let days = cache.get(`${country}:${y}`);
    if (!days) cache.set(`${country}:${y}`, (days = new Set(calendar(y))));
    return days.has(date);
  });
}

export const hasHolidayCalendar = (country: string | null): boolean => !!country && country in CALENDARS;
