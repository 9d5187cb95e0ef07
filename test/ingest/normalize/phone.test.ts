import { describe, it, expect } from 'vitest';
import { normalizePhone } from '../../../ingest/normalize';

function e164(raw: string, country?: string): string {
  const result = normalizePhone(raw, country);
  if (!result.ok) throw new Error(`${raw}: ${result.reason}`);
  return result.e164;
}

function reason(raw: string, country?: string): string {
  const result = normalizePhone(raw, country);
  if (result.ok) throw new Error(`${raw} was accepted as ${result.e164}`);
  return result.reason;
}

describe('normalizePhone', () => {
  it('reads a French mobile however it is written', () => {
    for (const [raw, country] of [
      ['06 12 34 56 78', 'FR'],
      ['06.12.34.56.78', 'FR'],
      ['06-12-34-56-78', 'fr'],
      ['0612345678', 'France'],
      ['+33 6 12 34 56 78', undefined],
      ['+33 (0)6 12 34 56 78', undefined],
      ['0033 6 12 34 56 78', undefined],
      ['0033612345678', 'US'],
      ['011 33 6 12 34 56 78', 'US'],
      ['  +33612345678  ', 'DE'],
    ] as const) {
      expect(e164(raw, country), raw).toBe('+33612345678');
    }
    expect(normalizePhone('06 12 34 56 78', 'FR')).toEqual({ ok: true, e164: '+33612345678', country: 'FR' });
  });

  it('reads Russian numbers, with the 8 trunk prefix when the country is known', () => {
    expect(e164('+7 495 123-45-67')).toBe('+74951234567');
    expect(e164('8 (812) 123-45-67', 'RU')).toBe('+78121234567');
    expect(e164('+7 (4012) 12-34-56')).toBe('+74012123456');
    expect(normalizePhone('+7 912 345 67 89')).toMatchObject({ ok: true, country: 'RU' });
    expect(normalizePhone('+7 701 123 4567')).toMatchObject({ ok: true, country: 'KZ' });
  });

  it('reads North American numbers and tells the US from Canada', () => {
    expect(e164('(212) 555-1234', 'US')).toBe('+12125551234');
    expect(e164('212.555.1234', 'US')).toBe('+12125551234');
    expect(e164('+1 (212) 555-1234')).toBe('+12125551234');
    expect(normalizePhone('+1 416 555 1234')).toEqual({ ok: true, e164: '+14165551234', country: 'CA' });
    expect(normalizePhone('+1 787 555 1234')).toMatchObject({ ok: true, country: 'PR' });
  });

  it('reads other countries', () => {
    expect(e164('020 7946 0958', 'uk')).toBe('+442079460958');
    expect(e164('+44 (0)20 7946 0958')).toBe('+442079460958');
    expect(e164('+41 44 668 18 00')).toBe('+41446681800');
    expect(e164('030 123456', 'DE')).toBe('+4930123456');
  });

  it('gives no country to non-geographic numbers', () => {
    expect(normalizePhone('+800 1234 5678')).toEqual({ ok: true, e164: '+80012345678', country: null });
  });

  it('asks for a country when a national number comes without one', () => {
    expect(reason('06 12 34 56 78')).toBe("no country: write it as +<country code>… or give the contact's country");
    expect(reason('33612345678')).toMatch(/^no country/);
  });

  it('checks validity, not only length', () => {
    // ten digits like any US number, but area code 200 is not assigned
    expect(reason('+1 200 555 0100')).toBe('+1 200 555 0100 is not a valid number in US');
    expect(reason('+1 555 0100')).toBe('+1 555 0100 is too short for a number in US');
    expect(reason('+33 6 12 34')).toBe('+33 6 12 34 is too short for a number in FR');
    expect(reason('+33 6 12 34 56 78 90')).toBe('+33 6 12 34 56 78 90 is too long for a number in FR');
    expect(reason('+1 52 1234')).toMatch(/in US$/);
  });

  it('refuses what is not a number, or not one it can call', () => {
    expect(reason('')).toBe('no phone number given');
    expect(reason('   ')).toBe('no phone number given');
    expect(reason('n/a')).toMatch(/^not a phone number/);
    expect(reason('+33 6 12 34 56 78 (mobile)')).toMatch(/^not a phone number/);
    expect(reason('call 06 12 34 56 78', 'FR')).toMatch(/^not a phone number/);
    expect(reason('+999 123 4567')).toMatch(/does not start with a country calling code/);
    expect(reason('+1 212 555 0100 ext. 12')).toMatch(/has an extension/);
    expect(reason('+1 212 555 0100 x12')).toMatch(/has an extension/);
  });

  it('says when the default country itself is wrong', () => {
    expect(reason('06 12 34 56 78', 'XX')).toMatch(/^the contact's country: XX is not an ISO 3166 country code/);
    expect(reason('06 12 34 56 78', 'Narnia')).toMatch(/^the contact's country: "Narnia"/);
    // …but only matters when the number lacks its country code
    expect(e164('+33 6 12 34 56 78', 'XX')).toBe('+33612345678');
  });
});
