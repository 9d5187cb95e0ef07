import { describe, it, expect } from 'vitest';
import { normalizeCountry } from '../../../ingest/normalize';

describe('normalizeCountry', () => {
  it('takes ISO alpha-2 codes in any case', () => {
    expect(normalizeCountry('fr')).toEqual({ ok: true, code: 'FR' });
    expect(normalizeCountry(' De ')).toEqual({ ok: true, code: 'DE' });
    expect(normalizeCountry('XK')).toEqual({ ok: true, code: 'XK' });
  });

  it('takes UK for GB, and English or French names', () => {
    expect(normalizeCountry('UK')).toEqual({ ok: true, code: 'GB' });
    expect(normalizeCountry('United Kingdom')).toEqual({ ok: true, code: 'GB' });
    expect(normalizeCountry('united states')).toEqual({ ok: true, code: 'US' });
    expect(normalizeCountry('USA')).toEqual({ ok: true, code: 'US' });
    expect(normalizeCountry('Allemagne')).toEqual({ ok: true, code: 'DE' });
    expect(normalizeCountry('Suisse')).toEqual({ ok: true, code: 'CH' });
    expect(normalizeCountry("cote d'ivoire")).toEqual({ ok: true, code: 'CI' });
    expect(normalizeCountry('Côte d’Ivoire')).toEqual({ ok: true, code: 'CI' });
    expect(normalizeCountry('Maroc')).toEqual({ ok: true, code: 'MA' });
  });

  it('refuses unknown codes and names with a reason', () => {
    expect(normalizeCountry('ZZ')).toEqual({ ok: false, reason: 'ZZ is not an ISO 3166 country code (e.g. FR, GB, US)' });
    expect(normalizeCountry('FRA')).toMatchObject({ ok: false });
    expect(normalizeCountry('Frankreich')).toMatchObject({ ok: false, reason: expect.stringContaining('ISO 3166') });
    expect(normalizeCountry('')).toEqual({ ok: false, reason: 'no country given' });
  });
});
