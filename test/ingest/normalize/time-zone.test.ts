import { describe, it, expect } from 'vitest';
import { getCountries, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { isTimeZone, normalizePhone, normalizeTimeZone, timeZoneForPhone } from '../../../ingest/normalize';
import { ZONES_BY_AREA_CODE } from '../../../ingest/normalize/zones-by-area-code';
import { ZONES_BY_COUNTRY } from '../../../ingest/normalize/zones-by-country';

/** The zone for a number written any way normalizePhone accepts. */
function zoneOf(raw: string, country?: string): string | null {
  const phone = normalizePhone(raw, country);
  if (!phone.ok) throw new Error(`${raw}: ${phone.reason}`);
  return timeZoneForPhone(phone.e164);
}

/** The zone's UTC offset at an instant, e.g. "GMT-07:00". */
function offset(zone: string, iso: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(new Date(iso));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

describe('isTimeZone', () => {
  it('accepts IANA region names and UTC', () => {
    for (const name of ['Europe/Paris', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Europe/Kyiv', 'Asia/Kolkata', 'europe/paris', 'UTC']) {
      expect(isTimeZone(name), name).toBe(true);
    }
  });

  it('refuses abbreviations, offsets and made-up names', () => {
    for (const name of ['EST', 'CET', 'PST8PDT', '+02:00', 'UTC+2', 'Etc/GMT-2', 'Europe/Lyon', 'Paris', '', 'Europe/']) {
      expect(isTimeZone(name), name).toBe(false);
    }
  });
});

describe('normalizeTimeZone', () => {
  it('gives the canonical spelling', () => {
    expect(normalizeTimeZone(' europe/paris ')).toEqual({ ok: true, zone: 'Europe/Paris' });
    expect(normalizeTimeZone('AMERICA/NEW_YORK')).toEqual({ ok: true, zone: 'America/New_York' });
    expect(normalizeTimeZone('america/port-au-prince')).toEqual({ ok: true, zone: 'America/Port-au-Prince' });
    expect(normalizeTimeZone('Etc/UTC')).toEqual({ ok: true, zone: 'UTC' });
  });

  it('keeps current IANA names that ICU still lists under old ones', () => {
    expect(normalizeTimeZone('Europe/Kyiv')).toEqual({ ok: true, zone: 'Europe/Kyiv' });
    expect(normalizeTimeZone('asia/kolkata')).toEqual({ ok: true, zone: 'Asia/Kolkata' });
    expect(normalizeTimeZone('Asia/Ho_Chi_Minh')).toEqual({ ok: true, zone: 'Asia/Ho_Chi_Minh' });
  });

  it('turns old links into their zone', () => {
    expect(normalizeTimeZone('US/Eastern')).toEqual({ ok: true, zone: 'America/New_York' });
  });

  it('refuses abbreviations, suggesting the IANA name', () => {
    expect(normalizeTimeZone('EST')).toEqual({ ok: false, reason: 'EST is an abbreviation, not a time zone: give an IANA name such as America/New_York' });
    expect(normalizeTimeZone('cet')).toMatchObject({ ok: false, reason: expect.stringContaining('Europe/Paris') });
    expect(normalizeTimeZone('PST')).toMatchObject({ ok: false, reason: expect.stringContaining('America/Los_Angeles') });
    expect(normalizeTimeZone('GMT')).toMatchObject({ ok: false, reason: expect.stringContaining('Europe/London') });
  });

  it('refuses fixed offsets', () => {
    for (const raw of ['+02:00', '-0500', 'UTC+2', 'GMT-05:00', 'Etc/GMT+5']) {
      expect(normalizeTimeZone(raw), raw).toMatchObject({ ok: false, reason: expect.stringContaining('fixed offset') });
    }
  });

  it('refuses names that are not zones', () => {
    expect(normalizeTimeZone('Europe/Lyon')).toEqual({ ok: false, reason: '"Europe/Lyon" is not an IANA time zone name (e.g. Europe/Paris, America/New_York)' });
    expect(normalizeTimeZone('Paris')).toMatchObject({ ok: false });
    expect(normalizeTimeZone('')).toEqual({ ok: false, reason: 'no time zone given' });
  });
});

describe('timeZoneForPhone', () => {
  it('places US and Canadian numbers by area code', () => {
    const expected: Record<string, string> = {
      '+1 212 555 0100': 'America/New_York',
      '+1 312 555 0100': 'America/Chicago',
      '+1 303 555 0100': 'America/Denver',
      '+1 602 555 0100': 'America/Phoenix',
      '+1 415 555 0100': 'America/Los_Angeles',
      '+1 907 555 0100': 'America/Anchorage',
      '+1 808 555 0100': 'Pacific/Honolulu',
      '+1 416 555 0100': 'America/Toronto',
      '+1 514 555 0100': 'America/Toronto',
      '+1 204 555 0100': 'America/Winnipeg',
      '+1 306 555 0100': 'America/Regina',
      '+1 403 555 0100': 'America/Edmonton',
      '+1 604 555 0100': 'America/Vancouver',
      '+1 902 555 0100': 'America/Halifax',
      '+1 709 555 0100': 'America/St_Johns',
      '+1 915 555 0100': 'America/Denver', // El Paso, Texas
      '+1 850 555 0100': 'America/Chicago', // Florida Panhandle: Pensacola's side holds most people
    };
    for (const [raw, zone] of Object.entries(expected)) expect(zoneOf(raw), raw).toBe(zone);
  });

  it('gives no zone to North American numbers that say nothing about a place', () => {
    expect(zoneOf('+1 800 555 0100')).toBeNull(); // toll-free
    expect(zoneOf('+1 500 555 0100')).toBeNull(); // personal communications
  });

  it('places other NANP countries by country', () => {
    expect(zoneOf('+1 787 555 1234')).toBe('America/Puerto_Rico');
    expect(zoneOf('+1 876 555 1234')).toBe('America/Jamaica');
  });

  it('places Russian landlines by ABC code and sends mobiles to Moscow', () => {
    expect(zoneOf('+7 495 123-45-67')).toBe('Europe/Moscow');
    expect(zoneOf('8 (812) 123-45-67', 'RU')).toBe('Europe/Moscow');
    expect(zoneOf('+7 4012 12-34-56')).toBe('Europe/Kaliningrad');
    expect(zoneOf('+7 846 123-45-67')).toBe('Europe/Samara');
    expect(zoneOf('+7 343 123-45-67')).toBe('Asia/Yekaterinburg');
    expect(zoneOf('+7 383 123-45-67')).toBe('Asia/Novosibirsk');
    expect(zoneOf('+7 391 123-45-67')).toBe('Asia/Krasnoyarsk');
    expect(zoneOf('+7 3952 12-34-56')).toBe('Asia/Irkutsk');
    expect(zoneOf('+7 423 123-45-67')).toBe('Asia/Vladivostok');
    expect(zoneOf('+7 912 345-67-89')).toBe('Europe/Moscow'); // a mobile: region unknown
    expect(zoneOf('+7 701 123 4567')).toBe('Asia/Almaty'); // Kazakhstan shares +7
  });

  it('places Australian, Brazilian, Mexican, Spanish and Indonesian numbers by area code', () => {
    expect(zoneOf('02 9123 4567', 'AU')).toBe('Australia/Sydney');
    expect(zoneOf('03 9123 4567', 'AU')).toBe('Australia/Melbourne');
    expect(zoneOf('07 3123 4567', 'AU')).toBe('Australia/Brisbane');
    expect(zoneOf('08 9123 4567', 'AU')).toBe('Australia/Perth');
    expect(zoneOf('08 8212 3456', 'AU')).toBe('Australia/Adelaide');
    expect(zoneOf('08 8981 1234', 'AU')).toBe('Australia/Darwin');
    expect(zoneOf('0412 345 678', 'AU')).toBe('Australia/Sydney'); // a mobile: the country's default
    expect(zoneOf('+55 11 91234 5678')).toBe('America/Sao_Paulo');
    expect(zoneOf('+55 92 91234 5678')).toBe('America/Manaus');
    expect(zoneOf('+52 55 1234 5678')).toBe('America/Mexico_City');
    expect(zoneOf('+52 664 123 4567')).toBe('America/Tijuana');
    expect(zoneOf('+34 922 123 456')).toBe('Atlantic/Canary');
    expect(zoneOf('+34 612 345 678')).toBe('Europe/Madrid');
    expect(zoneOf('+62 361 123456')).toBe('Asia/Makassar');
    expect(zoneOf('+62 812 3456 7890')).toBe('Asia/Jakarta');
  });

  it("gives single-zone countries the country's zone", () => {
    expect(zoneOf('06 12 34 56 78', 'FR')).toBe('Europe/Paris');
    expect(zoneOf('+44 20 7946 0958')).toBe('Europe/London');
    expect(zoneOf('+41 44 668 18 00')).toBe('Europe/Zurich');
    expect(zoneOf('+81 3 1234 5678')).toBe('Asia/Tokyo');
  });

  it('gives no zone to invalid or non-geographic numbers', () => {
    expect(timeZoneForPhone('+800 1234 5678')).toBeNull();
    expect(timeZoneForPhone('+1 200 555 0100')).toBeNull();
    expect(timeZoneForPhone('not a number')).toBeNull();
  });

  it('derives zones that follow the local rules: no daylight saving in Arizona, Saskatchewan, Queensland', () => {
    for (const raw of ['+1 602 555 0100', '+1 306 555 0100', '+61 7 3123 4567']) {
      const zone = zoneOf(raw) ?? '';
      expect(offset(zone, '2026-01-15T12:00:00Z'), raw).toBe(offset(zone, '2026-07-15T12:00:00Z'));
    }
    const chicago = zoneOf('+1 312 555 0100') ?? '';
    expect(offset(chicago, '2026-01-15T12:00:00Z')).not.toBe(offset(chicago, '2026-07-15T12:00:00Z'));
  });

  it('finds a zone for every country libphonenumber-js knows (its example mobile number)', () => {
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (!example) continue;
      const zone = timeZoneForPhone(example.number);
      expect(zone, `${country} ${example.number}`).not.toBeNull();
      expect(isTimeZone(zone ?? ''), `${country} ${zone}`).toBe(true);
    }
  });

  it('finds a zone for every geographic US and Canadian area code libphonenumber-js knows', () => {
    const missing: string[] = [];
    for (let area = 200; area < 1000; area++) {
      const number = ['2345678', '3105678', '4565678', '8235678']
        .map((rest) => parsePhoneNumberFromString(`+1${area}${rest}`))
        .find((n) => n?.isValid());
      if (!number || (number.country !== 'US' && number.country !== 'CA')) continue;
      if (!['FIXED_LINE_OR_MOBILE', 'FIXED_LINE', 'MOBILE'].includes(number.getType() ?? '')) continue;
      if (timeZoneForPhone(number.number) === null) missing.push(String(area));
    }
    // 273: a new Canadian code whose region is not yet known here (see zones-by-area-code.ts)
    expect(missing).toEqual(['273']);
  });

  it('names only zones the runtime knows, in every table', () => {
    const zones = new Set([...Object.values(ZONES_BY_COUNTRY), ...Object.values(ZONES_BY_AREA_CODE).flatMap((t) => Object.keys(t))]);
    expect(zones.size).toBeGreaterThan(200);
    for (const zone of zones) expect(isTimeZone(zone), zone).toBe(true);
  });
});
