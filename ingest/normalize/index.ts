// Normalisation of what enters Tenure from outside (API, CSV import, webhooks): pure functions, no
// database. Each returns `{ ok: true, … }` or `{ ok: false, reason }`, the reason written for the
// person who has to fix the row.
export { normalizePhone } from './phone';
export type { PhoneResult } from './phone';
export { isTimeZone, normalizeTimeZone, timeZoneForPhone } from './time-zone';
export { timeZoneForCountry } from './country-zone';
export type { TimeZoneResult } from './time-zone';
export { currencyExponent, toMinorUnits } from './money';
export type { MinorUnitsResult } from './money';
export { normalizeCountry } from './country';
export type { CountryResult } from './country';
