import { ParseError, parsePhoneNumberWithError, validatePhoneNumberLength } from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/max/metadata';
import { normalizeCountry } from './country';

export type PhoneResult = { ok: true; e164: string; country: string | null } | { ok: false; reason: string };

const NO_COUNTRY = "no country: write it as +<country code>… or give the contact's country";
/** What people write around a number: digits, spaces, dots, dashes, slashes, parentheses, a leading +. */
const PHONE_CHARS = /^\+?[\d\s().\-/\u2010-\u2015]+$/;
const EXTENSION = /(?:ext\.?|extension|poste|x|#)\s*\d+$/i;

/**
 * A phone number in E.164 (`+33612345678`) and the country it belongs to (null for non-geographic
 * numbers such as +800), or the reason it was refused, in words the user can act on.
 *
 * Uses libphonenumber-js with its `max` metadata, so a number must be *valid* for its country
 * (assigned ranges), not merely of a possible length. Accepts the usual ways of writing numbers:
 * spaces, dots, dashes, slashes, parentheses, `+33 (0)6 …`, the `00` international prefix,
 * the default country's own international prefix (`011` from the US) and national numbers when
 * `defaultCountry` (an ISO 3166 alpha-2 code or a country name, see `normalizeCountry`) is given,
 * e.g. `06 12 34 56 78` with FR or `8 (812) 123-45-67` with RU. Refuses anything else in the text
 * (letters, notes, several numbers) and extensions: Tenure calls and texts direct lines only.
 */
export function normalizePhone(raw: string, defaultCountry?: string): PhoneResult {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'no phone number given' };
  const ext = EXTENSION.exec(text);
  if (ext && PHONE_CHARS.test(text.slice(0, ext.index).trim())) {
    return { ok: false, reason: `${text} has an extension: Tenure calls and texts direct lines only, give the contact's direct number` };
  }
  if (!PHONE_CHARS.test(text) || !/\d/.test(text)) {
    return { ok: false, reason: `not a phone number: "${text}" (only digits, spaces and + ( ) . - / are allowed)` };
  }
  // A wrong default country only matters for a number written without its country code.
  let country: CountryCode | undefined;
  let countryProblem: string | undefined;
  if (defaultCountry !== undefined && defaultCountry.trim() !== '') {
    const c = normalizeCountry(defaultCountry);
    if (c.ok) country = c.code as CountryCode;
    else countryProblem = `the contact's country: ${c.reason}`;
  }
  let attempt = parse(text, country);
  // "00 33 6 …" is how most of the world writes the international prefix; libphonenumber-js only
  // knows the default country's own one, and none without a default country.
  if (!(typeof attempt !== 'string' && attempt.isValid()) && /^00\s*[1-9]/.test(text)) attempt = parse(text.replace(/^00/, '+'), undefined);
  if (typeof attempt === 'string') {
    return { ok: false, reason: attempt === 'INVALID_COUNTRY' && countryProblem && !/^(\+|00)/.test(text) ? countryProblem : parseFailure(attempt, text) };
  }
  if (!attempt.isValid()) return { ok: false, reason: invalid(attempt, text) };
  return { ok: true, e164: attempt.number, country: attempt.country ?? null };
}

/** The parsed number, or libphonenumber-js's error code. */
function parse(text: string, country: CountryCode | undefined): PhoneNumber | string {
  try {
    return parsePhoneNumberWithError(text, country === undefined ? {} : { defaultCountry: country });
  } catch (error) {
    if (error instanceof ParseError) return error.message;
    throw error;
  }
}

function parseFailure(code: string, text: string): string {
  switch (code) {
    case 'INVALID_COUNTRY':
      return /^(\+|00)/.test(text) ? `${text} does not start with a country calling code (e.g. +33 for France)` : NO_COUNTRY;
    case 'TOO_SHORT':
      return `${text} is too short for a phone number`;
    case 'TOO_LONG':
      return `${text} is too long for a phone number`;
    default:
      return `not a phone number: "${text}"`;
  }
}

/** Parsed but not a valid number: say whether it is too short, too long or outside the assigned ranges. */
function invalid(number: PhoneNumber, text: string): string {
  // The country the number claims, or the main one of its calling code (US for +1, RU for +7).
  const where = number.country ?? metadata.country_calling_codes[number.countryCallingCode]?.[0] ?? `+${number.countryCallingCode}`;
  switch (validatePhoneNumberLength(number.number)) {
    case 'TOO_SHORT':
      return `${text} is too short for a number in ${where}`;
    case 'TOO_LONG':
      return `${text} is too long for a number in ${where}`;
    default:
      return `${text} is not a valid number in ${where}`;
  }
}
