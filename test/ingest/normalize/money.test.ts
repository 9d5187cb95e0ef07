import { describe, it, expect } from 'vitest';
import { currencyExponent, toMinorUnits } from '../../../ingest/normalize';

function minor(amount: string | number, currency: string): number {
  const result = toMinorUnits(amount, currency);
  if (!result.ok) throw new Error(`${amount} ${currency}: ${result.reason}`);
  return result.minor;
}

function reason(amount: string | number, currency: string): string {
  const result = toMinorUnits(amount, currency);
  if (result.ok) throw new Error(`${amount} ${currency} was accepted as ${result.minor}`);
  return result.reason;
}

describe('currencyExponent', () => {
  it('gives ISO 4217 minor-unit digits', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('usd')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('BHD')).toBe(3);
    expect(currencyExponent('TND')).toBe(3);
    // ISO, not CLDR, where they disagree
    expect(currencyExponent('IQD')).toBe(3);
    expect(currencyExponent('RSD')).toBe(2);
    expect(currencyExponent('ISK')).toBe(0);
  });

  it('refuses codes that are not money', () => {
    for (const code of ['EURO', 'ABC', 'XAU', 'XDR', 'XXX', '', 'E1R']) expect(currencyExponent(code), code).toBeNull();
  });
});

describe('toMinorUnits', () => {
  it('converts exactly, without floating-point error', () => {
    expect(toMinorUnits('19.99', 'EUR')).toEqual({ ok: true, minor: 1999, currency: 'EUR' });
    expect(minor('0.29', 'EUR')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(minor('1.005', 'KWD')).toBe(1005);
    expect(minor('4.35', 'USD')).toBe(435); // 4.35 * 100 is 434.99999999999994
    expect(minor('1000', 'JPY')).toBe(1000);
    expect(minor('1.5', 'KWD')).toBe(1500);
    expect(minor('12', 'EUR')).toBe(1200);
    expect(minor('0', 'EUR')).toBe(0);
    expect(minor('007.10', 'EUR')).toBe(710);
  });

  it('reads numbers through their shortest decimal form', () => {
    expect(minor(19.99, 'EUR')).toBe(1999);
    expect(minor(1.15, 'EUR')).toBe(115);
    expect(minor(500, 'JPY')).toBe(500);
    expect(reason(0.1 + 0.2, 'EUR')).toMatch(/more decimals than EUR allows/);
    expect(reason(Number.NaN, 'EUR')).toMatch(/not an amount/);
    expect(reason(1e21, 'EUR')).toMatch(/not an amount/);
  });

  it('upper-cases and validates the currency', () => {
    expect(toMinorUnits('5', ' eur ')).toEqual({ ok: true, minor: 500, currency: 'EUR' });
    expect(reason('5', 'EURO')).toBe('"EURO" is not an ISO 4217 currency code (e.g. EUR, USD, JPY)');
    expect(reason('5', '')).toBe('no currency given');
  });

  it('refuses more decimals than the currency has, unless they are zeros', () => {
    expect(reason('12.345', 'EUR')).toBe('12.345 has more decimals than EUR allows (2)');
    expect(reason('500.5', 'JPY')).toBe('500.5 has more decimals than JPY allows (no decimals)');
    expect(minor('500.00', 'JPY')).toBe(500);
    expect(minor('12.340', 'EUR')).toBe(1234);
  });

  it('refuses thousands separators and decimal commas rather than guess', () => {
    expect(reason('1,234.50', 'USD')).toMatch(/thousands separator or a decimal comma/);
    expect(reason('12,50', 'EUR')).toMatch(/thousands separator or a decimal comma/);
    expect(reason('1 234', 'EUR')).toMatch(/thousands separator/);
    expect(reason("1'234.50", 'CHF')).toMatch(/thousands separator/);
  });

  it('refuses negative, empty, malformed and oversized amounts', () => {
    expect(reason('-5.00', 'EUR')).toMatch(/negative/);
    expect(reason(-5, 'EUR')).toMatch(/negative/);
    expect(reason('', 'EUR')).toBe('no amount given');
    for (const bad of ['.5', '5.', '1e3', '€5', '5 EUR', 'abc']) expect(reason(bad, 'EUR'), bad).toMatch(/not an amount|thousands/);
    expect(reason('99999999999999999', 'EUR')).toMatch(/too large/);
    expect(minor('90071992547409.91', 'EUR')).toBe(Number.MAX_SAFE_INTEGER);
  });
});
