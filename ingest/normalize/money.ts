export type MinorUnitsResult = { ok: true; minor: number; currency: string } | { ok: false; reason: string };

/**
 * ISO 4217 minor-unit digits where they are not 2. Intl's own digits come from CLDR, which departs
 * from ISO for several currencies (IQD, RSD, ALL … are 0 there, 3 or 2 in ISO), so ISO is spelt out.
 */
const DIGITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0,
  XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};
/** ISO codes with no minor unit: precious metals, bond-market units, SDR, test and "no currency" codes. */
const NOT_MONEY = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX']);

let known: Set<string> | undefined;

/**
 * How many digits the currency's minor unit has under ISO 4217 (EUR 2, JPY 0, KWD 3), or null for
 * a code that is not a current currency (the runtime's Intl list decides which codes exist) or has
 * no minor unit (XAU, XDR …). The code is matched in upper case.
 */
export function currencyExponent(code: string): number | null {
  const c = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(c) || NOT_MONEY.has(c)) return null;
  known ??= new Set(Intl.supportedValuesOf('currency'));
  if (!known.has(c)) return null;
  return DIGITS[c] ?? 2;
}

/**
 * An amount as an integer count of the currency's minor units, computed exactly on the decimal
 * digits (never through floating point): "19.99" EUR → 1999, "1000" JPY → 1000, "1.5" KWD → 1500.
 *
 * - Only plain decimals are accepted: digits with an optional "." and decimals. Thousands separators
 *   and decimal commas are refused, not guessed: "1,234" is 1234 in Dallas and 1.234 in Lyon.
 * - More decimals than the currency has are refused ("12.345" EUR) unless the extra ones are zeros
 *   ("500.00" JPY is 500).
 * - Negative amounts are refused: every money field in Tenure's contracts is a non-negative count
 *   (`MinorUnits` in ingest/scalars); a refund or credit is its own event with a positive amount.
 * - A number is read through its shortest decimal form (String(19.99) is "19.99"), so a float that
 *   already carries an error (0.1 + 0.2) is refused as having too many decimals, not rounded.
 */
export function toMinorUnits(amount: string | number, currency: string): MinorUnitsResult {
  const code = currency.trim().toUpperCase();
  if (code === '') return { ok: false, reason: 'no currency given' };
  const exponent = currencyExponent(code);
  if (exponent === null) return { ok: false, reason: `"${currency.trim()}" is not an ISO 4217 currency code (e.g. EUR, USD, JPY)` };
  if (typeof amount === 'number' && !Number.isFinite(amount)) return { ok: false, reason: `${amount} is not an amount` };
  const text = typeof amount === 'number' ? String(amount) : amount.trim();
  if (text === '') return { ok: false, reason: 'no amount given' };
  if (/^[-\u2212]/.test(text)) {
    return { ok: false, reason: `${text} is negative: amounts are never negative (send a refund or credit as its own event)` };
  }
  if (/^\d[\d\s.,'\u00a0\u202f]*$/.test(text) && /[,'\s\u00a0\u202f]/.test(text)) {
    return { ok: false, reason: `${text} has a thousands separator or a decimal comma: write plain digits with a dot for decimals, e.g. 1234.50` };
  }
  const match = /^\+?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return { ok: false, reason: `${text} is not an amount: write plain digits with a dot for decimals, e.g. 19.99` };
  const whole = match[1] ?? '';
  const decimals = (match[2] ?? '').replace(/0+$/, '');
  if (decimals.length > exponent) {
    const allowed = exponent === 0 ? 'no decimals' : `${exponent}`;
    return { ok: false, reason: `${text} has more decimals than ${code} allows (${allowed})` };
  }
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(decimals.padEnd(exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: `${text} ${code} is too large an amount` };
  return { ok: true, minor: Number(minor), currency: code };
}
