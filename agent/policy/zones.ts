import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isKnownZone } from './calendar';

// Where a contact is, when Tenure has no time zone for them: the number's country and, in North
// America, its area code. A country with several zones and no known area code gets every zone, and
// the policy then allows only the times open in all of them (the intersection).

const COUNTRY_ZONES: Record<string, string[]> = {
  US: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'],
  CA: ['America/St_Johns', 'America/Halifax', 'America/Toronto', 'America/Winnipeg', 'America/Regina', 'America/Edmonton', 'America/Vancouver'],
  FR: ['Europe/Paris'], GB: ['Europe/London'], IE: ['Europe/Dublin'], DE: ['Europe/Berlin'], ES: ['Europe/Madrid'], IT: ['Europe/Rome'],
  BE: ['Europe/Brussels'], NL: ['Europe/Amsterdam'], CH: ['Europe/Zurich'], LU: ['Europe/Luxembourg'], AT: ['Europe/Vienna'],
  PT: ['Europe/Lisbon'], SE: ['Europe/Stockholm'], DK: ['Europe/Copenhagen'], NO: ['Europe/Oslo'], FI: ['Europe/Helsinki'],
  PL: ['Europe/Warsaw'], CZ: ['Europe/Prague'], GR: ['Europe/Athens'], RO: ['Europe/Bucharest'], IL: ['Asia/Jerusalem'],
  IN: ['Asia/Kolkata'], JP: ['Asia/Tokyo'], SG: ['Asia/Singapore'], NZ: ['Pacific/Auckland'], ZA: ['Africa/Johannesburg'],
  AU: ['Australia/Perth', 'Australia/Darwin', 'Australia/Adelaide', 'Australia/Brisbane', 'Australia/Sydney'],
  BR: ['America/Noronha', 'America/Sao_Paulo', 'America/Manaus', 'America/Rio_Branco'],
  MX: ['America/Tijuana', 'America/Hermosillo', 'America/Mexico_City', 'America/Cancun'],
};

// North American area codes that lie in a single zone (a partial list: an unlisted code falls back
// to every zone of its country). Codes that straddle a zone line are left out on purpose.
const AREA_CODES: Record<string, string> = {};
const area = (zone: string, codes: string) => codes.split(' ').forEach((c) => (AREA_CODES[c] = zone));
area('America/New_York', '201 202 203 207 212 215 216 267 301 302 305 313 315 401 404 407 410 412 413 434 443 470 475 478 484 508 516 518 561 585 603 607 609 610 614 617 631 646 678 703 704 716 718 732 757 770 774 781 802 804 845 857 860 862 908 914 917 919 929 954 973 980');
area('America/Chicago', '205 210 214 217 224 225 251 254 262 281 309 312 314 316 318 319 331 346 361 402 409 414 417 430 469 479 501 504 507 512 515 563 573 601 608 612 615 618 630 636 651 662 682 708 713 715 737 763 773 815 816 817 832 847 901 903 913 918 920 936 940 952 956 972 979');
area('America/Denver', '303 307 385 406 435 505 575 719 720 801 970');
area('America/Phoenix', '480 520 602 623');
area('America/Los_Angeles', '206 209 213 253 310 323 360 408 415 424 425 442 503 509 510 530 559 562 619 626 628 650 657 661 669 702 707 714 725 747 760 805 818 831 858 909 916 925 949 951 971');
area('America/Anchorage', '907');
area('Pacific/Honolulu', '808');
area('America/Toronto', '226 289 343 416 437 514 519 613 647 705 819 905');
area('America/Vancouver', '604');
area('America/Edmonton', '403 587 780 825');
area('America/Winnipeg', '204 431');
area('America/Halifax', '902 782');

export interface Whereabouts {
  country: string | null;
  /** every zone the contact may be in; empty when unknown */
  zones: string[];
}

/** The country (ISO 3166 alpha-2) a number belongs to, or null. */
export function phoneCountry(phone: string): string | null {
  return parsePhoneNumberFromString(phone)?.country ?? null;
}

export function zonesOfCountry(country: string | null): string[] {
  return (country && COUNTRY_ZONES[country]) || [];
}

/** The number's country and the zones it may ring in. */
export function whereaboutsOfPhone(phone: string): Whereabouts {
  const parsed = parsePhoneNumberFromString(phone);
  const country = parsed?.country ?? null;
  if (parsed && parsed.countryCallingCode === '1') {
    const zone = AREA_CODES[String(parsed.nationalNumber).slice(0, 3)];
    if (zone) return { country, zones: [zone] };
  }
  return { country, zones: zonesOfCountry(country) };
}

/**
 * A contact's zones: their own time zone when Tenure has it, else their number's, else their
 * country's, else their account's time zone.
 */
export function whereabouts(c: { timeZone?: string | null; phone?: string | null; country?: string | null; accountTimeZone?: string | null; accountCountry?: string | null }): Whereabouts {
  const byPhone = c.phone ? whereaboutsOfPhone(c.phone) : { country: null, zones: [] };
  const country = c.country ?? byPhone.country ?? c.accountCountry ?? null;
  if (c.timeZone && isKnownZone(c.timeZone)) return { country, zones: [c.timeZone] };
  if (byPhone.zones.length) return { country, zones: byPhone.zones };
  const ofCountry = zonesOfCountry(country);
  if (ofCountry.length) return { country, zones: ofCountry };
  if (c.accountTimeZone && isKnownZone(c.accountTimeZone)) return { country, zones: [c.accountTimeZone] };
  return { country, zones: [] };
}
