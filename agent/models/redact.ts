import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';

// PII redaction before anything reaches a remote model (DESIGN.md "Safe by construction"): payment
// card numbers (Luhn-checked), IBANs (mod-97 checked), emails, phone numbers and postal addresses
// where a pattern can tell them, each replaced by a placeholder such as [EMAIL_1]. One Redactor is
// used per conversation, so the same value always gets the same placeholder and the model can still
// tell "the same card" from "another card". restore() puts the originals back in what the model
// answers, before verbatims are located and before staff see anything.

export type PiiKind = 'CARD' | 'IBAN' | 'EMAIL' | 'PHONE' | 'ADDRESS';

interface Found {
  kind: PiiKind;
  start: number;
  end: number;
}

/** The Luhn check every payment card number passes (and most random digit strings fail). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616: move the first four characters to the end, letters to numbers, remainder mod 97 is 1. */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}

// Runs of digit groups separated by single spaces or dashes; the cards in them (13 to 19 digits,
// Luhn-valid) are found by validSpans.
const CARD = /(?<![\p{L}\p{N}])\d(?:[ -]?\d){12,}(?![\p{L}\p{N}])/gu;
// IBANs: compact or printed in groups of four (then checked the same way).
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,}(?![\p{L}\p{N}])/gu;
// Emails: the local part allows RFC 5322's printable characters; the domain needs a dot and a TLD.
const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/g;
// E.164 numbers, valid or not: a plus and 7 to 15 digits, spaces or dots allowed between groups.
const E164 = /(?<![\p{L}\p{N}+])\+[1-9](?:[ .-]?\d){6,14}(?![\p{N}])/gu;
// Postal addresses where a pattern can tell them: a number and a street word (en, fr), Russian
// street abbreviations, UK postcodes, French postcodes followed by a capitalised town.
const ADDRESS = [
  /\b\d{1,5}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|allée|impasse|chemin|quai|route|cours)\s+(?:(?:de|du|des|de la|d'|l')\s*)?[\p{Lu}][\p{L}'-]*(?:\s+[\p{Lu}][\p{L}'-]*)*/giu,
  /\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Way|Court|Ct\.?|Place|Pl\.?)(?![\p{L}])/gu,
  /(?:ул\.|улица|проспект|пр-т|переулок|пер\.|шоссе)\s*[\p{Lu}][\p{L}-]*(?:,?\s*(?:д\.|дом)\s*\d+[\p{L}]?)?/gu,
  /\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/g,
  /\b\d{5}\s+[\p{Lu}][\p{L}'-]+(?:[ -][\p{Lu}][\p{L}'-]+)*/gu,
];

/**
 * The valid numbers inside a run of digit groups: a greedy pattern can run across the words around
 * a number ("2024 4000 0100 0000 4", "FR76 … 189 4002…"), which must not hide it. Tries spans of
 * whole groups, longest first from each group. Offsets are relative to the run.
 */
function validSpans(run: string, check: (s: string) => boolean): [number, number][] {
  const groups = [...run.matchAll(/[A-Za-z0-9]+/g)].map((g) => [g.index, g.index + g[0].length] as const);
  const spans: [number, number][] = [];
  for (let i = 0; i < groups.length; i++) {
    for (let j = groups.length - 1; j >= i; j--) {
      if (check(run.slice(groups[i]![0], groups[j]![1]))) {
        spans.push([groups[i]![0], groups[j]![1]]);
        i = j;
        break;
      }
    }
  }
  return spans;
}

const COUNTRY: Record<string, CountryCode> = { fr: 'FR', en: 'US', ru: 'RU' };

function findAll(text: string, lang?: string): Found[] {
  const found: Found[] = [];
  const add = (kind: PiiKind, re: RegExp, check?: (s: string) => boolean) => {
    for (const m of text.matchAll(re)) {
      const spans = check ? validSpans(m[0], check) : [[0, m[0].length] as [number, number]];
      for (const [start, end] of spans) found.push({ kind, start: m.index + start, end: m.index + end });
    }
  };
  add('IBAN', IBAN, ibanValid);
  add('CARD', CARD, (s) => {
    const digits = s.replace(/\D/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
  });
  add('EMAIL', EMAIL);
  add('PHONE', E164);
  // National formats ("06 12 34 56 78", "(415) 555-0100"): libphonenumber validates them, so prices
  // and dates are not taken for phone numbers.
  const countries = new Set<CountryCode>([COUNTRY[lang?.slice(0, 2) ?? ''] ?? 'US', 'FR', 'GB', 'US']);
  for (const country of countries) {
    for (const m of findPhoneNumbersInText(text, { defaultCountry: country })) found.push({ kind: 'PHONE', start: m.startsAt, end: m.endsAt });
  }
  for (const re of ADDRESS) add('ADDRESS', re);
  // Earlier kinds win an overlap (a Luhn-valid card inside an IBAN is the IBAN); then the longest.
  const order: PiiKind[] = ['IBAN', 'CARD', 'EMAIL', 'PHONE', 'ADDRESS'];
  found.sort((a, b) => a.start - b.start || order.indexOf(a.kind) - order.indexOf(b.kind) || b.end - a.end);
  const kept: Found[] = [];
  for (const f of found) {
    const last = kept[kept.length - 1];
    if (last && f.start < last.end) {
      // overlapping: widen the kept span so no part of either value leaks
      if (f.end > last.end) last.end = f.end;
      continue;
    }
    kept.push({ ...f });
  }
  return kept;
}

const PLACEHOLDER = /\[(CARD|IBAN|EMAIL|PHONE|ADDRESS)_(\d+)\]/g;

export class Redactor {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counts: Record<PiiKind, number> = { CARD: 0, IBAN: 0, EMAIL: 0, PHONE: 0, ADDRESS: 0 };

  /** How many distinct values were replaced so far. */
  get size(): number {
    return this.byValue.size;
  }

  redact(text: string, lang?: string): string {
    const found = findAll(text, lang);
    if (!found.length) return text;
    let out = '';
    let at = 0;
    for (const f of found) {
      const value = text.slice(f.start, f.end);
      let placeholder = this.byValue.get(value);
      if (!placeholder) {
        placeholder = `[${f.kind}_${++this.counts[f.kind]}]`;
        this.byValue.set(value, placeholder);
        this.byPlaceholder.set(placeholder, value);
      }
      out += text.slice(at, f.start) + placeholder;
      at = f.end;
    }
    return out + text.slice(at);
  }

  /** The text with every placeholder this redactor issued put back; others are left as they are. */
  restore(text: string): string {
    return text.replace(PLACEHOLDER, (p) => this.byPlaceholder.get(p) ?? p);
  }
}

/** What a provider uses when redaction is turned off for it (a trusted local server). */
export class NoRedaction extends Redactor {
  override redact(text: string): string {
    return text;
  }
}
