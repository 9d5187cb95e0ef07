import { ZONES_BY_COUNTRY } from './zones-by-country';

/**
 * The zone of a country with one zone, or the documented default of one with several (see
 * zones-by-country.ts); null for the United States and Canada, where only the area code says.
 * Used for accounts and for contacts with no usable phone number.
 */
export function timeZoneForCountry(country: string): string | null {
  return ZONES_BY_COUNTRY[country.toUpperCase()] ?? null;
}
