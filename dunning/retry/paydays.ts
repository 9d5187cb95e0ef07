import { localTime } from '../../agent/policy/calendar';
import { zonesOfCountry } from '../../agent/policy/zones';

// When an insufficient-funds decline is retried: on the customer's country's next typical pay day,
// at their local morning (funds land overnight). One table; 31 means the month's last day.

export const PAY_DAYS: Readonly<Record<string, readonly number[]>> = {
  US: [1, 15],
  CA: [15, 31],
  GB: [31],
  IE: [31],
  FR: [31],
  DE: [31],
  ES: [31],
  IT: [27],
  NL: [25],
  BE: [31],
  AU: [15, 31],
  JP: [25],
  '*': [1, 15],
};

const DAY = 86_400_000;

/** The UTC instant of `hour`:00 on local date `date` (YYYY-MM-DD) in `zone`. */
export function localMorning(date: string, zone: string, hour: number): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour);
  // the zone's offset is within ±14 h: try each whole and half hour around the guess
  for (let q = 0; q <= 4 * 15; q++) {
    for (const sign of q === 0 ? [0] : [-1, 1]) {
      const t = new Date(guess + sign * q * 900_000);
      const l = localTime(t, zone);
      if (l.date === date && l.minute === hour * 60) return t;
    }
  }
  return new Date(guess);
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The first pay-day morning at or after `earliest`, for an account in `country` / `zone` (the
 * account's time zone, else its country's first zone, else UTC).
 */
export function nextPayDayMorning(earliest: Date, country: string | null, zone: string | null, hour: number): Date {
  const tz = zone ?? zonesOfCountry(country)[0] ?? 'UTC';
  const days = PAY_DAYS[country ?? ''] ?? PAY_DAYS['*']!;
  // walk local dates from the earliest one; at most two months to find a pay day
  const start = localTime(earliest, tz).date;
  for (let i = 0; i < 62; i++) {
    const date = isoDay(Date.parse(`${start}T12:00:00Z`) + i * DAY);
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (!days.some((p) => Math.min(p, last) === d)) continue;
    const at = localMorning(date, tz, hour);
    if (at.getTime() >= earliest.getTime()) return at;
  }
  return earliest;
}
