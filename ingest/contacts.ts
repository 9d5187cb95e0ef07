import { z } from 'zod';
import type { Clock } from '../db/clock';
import { newId } from '../db/ids';
import type { Queryable } from '../db/transaction';
import type { FieldError } from './events/field-errors';
import type { Result } from './result';
import { normalizeCountry, normalizePhone, normalizeTimeZone, timeZoneForCountry, timeZoneForPhone } from './normalize';
import { upsertByExternalId, type UpsertOutcome } from './upsert';

const text = (max: number) => z.string().trim().min(1).max(max);
export const ContactRole = z.enum(['main', 'sponsor', 'other']);

/** A contact as callers send it. It belongs to an account, named by Tenure's id or yours. */
export const ContactInput = z.strictObject({
  external_id: text(200).describe('your id for the contact: the key of the upsert'),
  account_id: text(200).optional().describe("Tenure's account id"),
  account_external_id: text(200).optional().describe('or your account id'),
  name: text(300),
  email: z.email().nullish(),
  phone: z.string().trim().nullish().describe('any usual format; stored in E.164 (the country helps read national numbers)'),
  country: z.string().trim().nullish().describe("ISO 3166 alpha-2; defaults to the account's"),
  time_zone: z.string().trim().nullish().describe('IANA name; derived from the phone number, else the country'),
  language: z.string().trim().toLowerCase().regex(/^[a-z]{2}$/, 'expected a two-letter language code such as en, fr or ru').optional(),
  role: ContactRole.optional(),
});
export type ContactInput = z.infer<typeof ContactInput>;

export const Contact = z.object({
  id: z.string(),
  external_id: z.string(),
  account_id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  country: z.string().nullable(),
  time_zone: z.string().nullable(),
  language: z.string(),
  role: ContactRole,
  created_at: z.date(),
  updated_at: z.date(),
});
export type Contact = z.infer<typeof Contact>;

export const CONTACT_COLUMNS = 'id, external_id, account_id, name, email, phone, country, time_zone, language, role, created_at, updated_at';

/** Resolves an account reference (Tenure id or external id) to Tenure's id. */
export async function resolveAccount(db: Queryable, ref: { account_id?: string; account_external_id?: string }): Promise<Result<{ id: string; country: string | null }>> {
  if (!ref.account_id && !ref.account_external_id) return { ok: false, errors: [{ field: 'account_id', message: 'give account_id or account_external_id' }] };
  const field = ref.account_id ? 'account_id' : 'account_external_id';
  const { rows } = await db.query<{ id: string; country: string | null }>(
    `SELECT id, country FROM accounts WHERE ${ref.account_id ? 'id' : 'external_id'} = $1`,
    [ref.account_id ?? ref.account_external_id],
  );
  if (!rows[0]) return { ok: false, errors: [{ field, message: `no account ${ref.account_id ?? ref.account_external_id}` }] };
  return { ok: true, value: rows[0] };
}

export async function upsertContact(tx: Queryable, clock: Clock, c: ContactInput): Promise<Result<{ id: string; outcome: UpsertOutcome }>> {
  const account = await resolveAccount(tx, c);
  const errors: FieldError[] = account.ok ? [] : [...account.errors];
  let country = c.country ?? (account.ok ? account.value.country : null);
  if (c.country) {
    const r = normalizeCountry(c.country);
    if (r.ok) country = r.code;
    else errors.push({ field: 'country', message: r.reason });
  }
  const cols: Record<string, unknown> = { name: c.name, email: c.email, language: c.language, role: c.role, country: c.country === undefined ? undefined : country };
  let phone: string | null = null;
  if (c.phone) {
    const p = normalizePhone(c.phone, country ?? undefined);
    if (p.ok) {
      phone = p.e164;
      cols.phone = p.e164;
      if (!country && p.country) country = p.country;
    } else errors.push({ field: 'phone', message: p.reason });
  } else if (c.phone === null) cols.phone = null;
  if (c.time_zone) {
    const z = normalizeTimeZone(c.time_zone);
    if (z.ok) cols.time_zone = z.zone;
    else errors.push({ field: 'time_zone', message: z.reason });
  }
  const derived: Record<string, unknown> = {};
  if (c.country === undefined && country) derived.country = country;
  if (c.time_zone === undefined) derived.time_zone = (phone && timeZoneForPhone(phone)) || (country && timeZoneForCountry(country)) || undefined;
  if (!account.ok || errors.length) return { ok: false, errors };
  cols.account_id = account.value.id;
  return { ok: true, value: await upsertByExternalId(tx, 'contacts', { id: newId('con'), external_id: c.external_id, now: clock.now() }, cols, derived) };
}
