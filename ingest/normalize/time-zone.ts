import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { ZONES_BY_AREA_CODE } from './zones-by-area-code';
import { ZONES_BY_COUNTRY } from './zones-by-country';

export type TimeZoneResult = { ok: true; zone: string } | { ok: false; reason: string };

/** Area/Location, possibly with a sub-area (America/Argentina/Buenos_Aires). */
const REGION_NAME = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/;
const UTC = /^(?:etc\/)?(?:utc|uct|zulu|z)$/i;
const OFFSET = /^(?:(?:utc|gmt)\s*)?[+\-\u2212]\s*\d{1,2}(?::?\d{2})?$|^etc\/gmt[+-]\d{1,2}$/i;
const ABBREVIATION = /^[A-Z]{2,5}$/; // as written: "Paris" is not one

/** The zone to suggest for an abbreviation people write. */
const SUGGEST: Readonly<Record<string, string>> = {
  ET: 'America/New_York', EST: 'America/New_York', EDT: 'America/New_York',
  CT: 'America/Chicago', CST: 'America/Chicago', CDT: 'America/Chicago',
  MT: 'America/Denver', MST: 'America/Denver or America/Phoenix', MDT: 'America/Denver',
  PT: 'America/Los_Angeles', PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage', HST: 'Pacific/Honolulu', AST: 'America/Halifax', NST: 'America/St_Johns',
  GMT: 'Europe/London or UTC', BST: 'Europe/London', WET: 'Europe/Lisbon', CET: 'Europe/Paris', CEST: 'Europe/Paris',
  MEZ: 'Europe/Berlin', EET: 'Europe/Athens', EEST: 'Europe/Athens', MSK: 'Europe/Moscow',
  IST: 'Asia/Kolkata, Europe/Dublin or Asia/Jerusalem', JST: 'Asia/Tokyo', KST: 'Asia/Seoul', SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong', AEST: 'Australia/Sydney', AEDT: 'Australia/Sydney', NZST: 'Pacific/Auckland',
};

/** Current IANA spellings that ICU (hence Intl's own list) still gives under their old names. */
const RENAMED = ['Pacific/Kanton', 'Pacific/Chuuk', 'America/Indiana/Indianapolis', 'America/Kentucky/Louisville', 'Europe/Busingen'];

let spellings: Map<string, string> | undefined;
/** Lower-cased name → IANA spelling, for every zone Intl lists plus the modern names above and in the tables. */
function spellingIndex(): Map<string, string> {
  if (spellings) return spellings;
  spellings = new Map();
  const tables = Object.values(ZONES_BY_AREA_CODE).flatMap((t) => Object.keys(t));
  for (const zone of [...Intl.supportedValuesOf('timeZone'), ...RENAMED, ...Object.values(ZONES_BY_COUNTRY), ...tables]) {
    spellings.set(zone.toLowerCase(), zone);
  }
  return spellings;
}

/** Intl's name for the zone, or undefined when Intl does not know it. */
function resolve(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * True for a region-based IANA time zone name the runtime knows (Europe/Paris, America/New_York,
 * case-insensitive as in Intl) and for UTC. False for abbreviations (EST, CET, which IANA keeps only
 * for history and which do not follow any place's daylight saving) and fixed offsets (+02:00, Etc/GMT-2).
 */
export function isTimeZone(name: string): boolean {
  if (name.toUpperCase() === 'UTC') return true;
  return REGION_NAME.test(name) && !/^etc\//i.test(name) && resolve(name) !== undefined;
}

/**
 * A time zone as Tenure stores it: the IANA name in its canonical spelling ("europe/paris" →
 * Europe/Paris; "Europe/Kyiv" stays Europe/Kyiv; old links such as US/Eastern become the zone Intl
 * gives, America/New_York), or UTC. Refuses abbreviations and fixed offsets with a reason naming
 * the IANA zone to use instead: calling hours need the place, with its daylight saving.
 */
export function normalizeTimeZone(raw: string): TimeZoneResult {
  const s = raw.trim();
  if (s === '') return { ok: false, reason: 'no time zone given' };
  if (UTC.test(s)) return { ok: true, zone: 'UTC' };
  if (OFFSET.test(s)) {
    return { ok: false, reason: `${s} is a fixed offset, which ignores daylight saving: give an IANA time zone such as Europe/Paris` };
  }
  if (ABBREVIATION.test(s) || SUGGEST[s.toUpperCase()] !== undefined) {
    const zone = SUGGEST[s.toUpperCase()] ?? 'Europe/Paris';
    return { ok: false, reason: `${s} is an abbreviation, not a time zone: give an IANA name such as ${zone}` };
  }
  if (!isTimeZone(s)) return { ok: false, reason: `"${s}" is not an IANA time zone name (e.g. Europe/Paris, America/New_York)` };
  const zone = spellingIndex().get(s.toLowerCase()) ?? resolve(s);
  return zone === undefined ? { ok: false, reason: `"${s}" is not an IANA time zone name` } : { ok: true, zone };
}

let prefixIndex: Map<string, Map<string, string>> | undefined;
/** Country → national-number prefix → zone; a prefix listed under two zones is a bug in the table. */
function areaCodeIndex(): Map<string, Map<string, string>> {
  if (prefixIndex) return prefixIndex;
  const index = new Map<string, Map<string, string>>();
  for (const [country, table] of Object.entries(ZONES_BY_AREA_CODE)) {
    const byPrefix = new Map<string, string>();
    for (const [zone, prefixes] of Object.entries(table)) {
      for (const prefix of prefixes) {
        const other = byPrefix.get(prefix);
        if (other !== undefined) throw new Error(`zones-by-area-code: ${country} ${prefix} is in both ${other} and ${zone}`);
        byPrefix.set(prefix, zone);
      }
    }
    index.set(country, byPrefix);
  }
  return (prefixIndex = index);
}

/**
 * The time zone a phone number points to, for contacts that have none: by area code in the countries
 * that span several zones (tables and their choices in `zones-by-area-code.ts`), otherwise the
 * country's zone (`zones-by-country.ts`, which also documents each multi-zone country's default —
 * Russian mobiles, for one, get Europe/Moscow). Null when the number is not valid, belongs to no
 * country (+800 …), or is a United States / Canadian number whose area code is not geographic
 * (toll-free, 5XX) or not in the table: no zone is better than a wrong one for calling hours.
 */
export function timeZoneForPhone(e164: string): string | null {
  const number = parsePhoneNumberFromString(e164);
  if (!number?.isValid() || number.country === undefined) return null;
  const byPrefix = areaCodeIndex().get(number.country);
  if (byPrefix) {
    const national = number.nationalNumber;
    for (let length = Math.min(5, national.length); length > 0; length--) {
      const zone = byPrefix.get(national.slice(0, length));
      if (zone !== undefined) return zone;
    }
  }
  return ZONES_BY_COUNTRY[number.country] ?? null;
}
