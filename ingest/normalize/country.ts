import { getCountries } from 'libphonenumber-js/max';

export type CountryResult = { ok: true; code: string } | { ok: false; reason: string };

/** Names people write that are not the region's display name. */
const ALIASES: Readonly<Record<string, string>> = {
  uk: 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB',
  usa: 'US', 'u.s.': 'US', 'u.s.a.': 'US', america: 'US', 'united states of america': 'US',
  holland: 'NL', 'the netherlands': 'NL', 'czech republic': 'CZ', 'south korea': 'KR',
};

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase().replace(/\s+/g, ' ').replace(/[‘’]/g, "'");

let byName: Map<string, string> | undefined;
/** English and French display names (from Intl) of every country libphonenumber-js knows. */
function namesIndex(): Map<string, string> {
  if (byName) return byName;
  byName = new Map(Object.entries(ALIASES));
  for (const locale of ['en', 'fr']) {
    const names = new Intl.DisplayNames(locale, { type: 'region' });
    for (const code of getCountries()) {
      const name = names.of(code);
      if (name && name !== code && !byName.has(fold(name))) byName.set(fold(name), code);
    }
  }
  return byName;
}

/**
 * A country as an ISO 3166-1 alpha-2 code, upper case, among the countries libphonenumber-js knows
 * (so every code accepted here can serve as a phone number's default country). Accepts the code in
 * any case, "UK" for GB, and the English or French name ("Germany", "Allemagne", "côte d'ivoire").
 */
export function normalizeCountry(raw: string): CountryResult {
  const s = raw.trim();
  if (s === '') return { ok: false, reason: 'no country given' };
  const codes = getCountries() as readonly string[];
  if (/^[A-Za-z]{2}$/.test(s)) {
    const code = s.toUpperCase();
    if (code === 'UK') return { ok: true, code: 'GB' };
    if (codes.includes(code)) return { ok: true, code };
    return { ok: false, reason: `${s} is not an ISO 3166 country code (e.g. FR, GB, US)` };
  }
  const code = namesIndex().get(fold(s));
  if (code) return { ok: true, code };
  return { ok: false, reason: `"${s}" is not a country we know: give its ISO 3166 code, e.g. FR` };
}
