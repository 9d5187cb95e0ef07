import { z } from 'zod';
import type { Clock } from '../db/clock';
import { newId } from '../db/ids';
import type { Queryable } from '../db/transaction';
import type { FieldError } from './events/field-errors';
import type { Result } from './result';
import { Timestamp } from './scalars';
import { normalizeCountry, normalizeTimeZone, timeZoneForCountry, toMinorUnits } from './normalize';
import { upsertByExternalId, type UpsertOutcome } from './upsert';

const text = (max: number) => z.string().trim().min(1).max(max);
const Decimal = z.union([z.string().trim().min(1), z.number()]);
const DateOnly = z.iso.date({ error: 'expected a date such as 2026-09-30' });
export const AccountStatus = z.enum(['active', 'churned']);

/** An account as callers send it (API and CSV). Omitted fields keep their stored value. */
export const AccountInput = z.strictObject({
  external_id: text(200).describe('your id for the account: the key of the upsert'),
  name: text(300),
  status: AccountStatus.optional(),
  plan: text(100).nullish(),
  seats: z.coerce.number().int().min(0).nullish(),
  mrr: Decimal.nullish().describe('monthly recurring revenue in major units ("766.67"); stored in minor units'),
  currency: z.string().trim().nullish().describe('ISO 4217, required with mrr'),
  owner_email: z.email().nullish().describe('the owning team member, by email'),
  country: z.string().trim().nullish().describe('ISO 3166 alpha-2'),
  time_zone: z.string().trim().nullish().describe("IANA name; derived from the country when it has one zone"),
  stripe_customer_id: z.string().regex(/^cus_[A-Za-z0-9]+$/, 'expected a Stripe customer id such as cus_P2x9…').nullish(),
  renewal_date: DateOnly.nullish(),
  started_at: Timestamp.nullish(),
  churned_at: Timestamp.nullish(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type AccountInput = z.infer<typeof AccountInput>;

export const Account = z.object({
  id: z.string(),
  external_id: z.string(),
  name: z.string(),
  status: AccountStatus,
  plan: z.string().nullable(),
  seats: z.number().nullable(),
  mrr_minor: z.number().nullable(),
  currency: z.string().nullable(),
  owner_id: z.string().nullable(),
  country: z.string().nullable(),
  time_zone: z.string().nullable(),
  stripe_customer_id: z.string().nullable(),
  renewal_date: z.string().nullable(),
  started_at: z.date().nullable(),
  churned_at: z.date().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  created_at: z.date(),
  updated_at: z.date(),
});
export type Account = z.infer<typeof Account>;

export const ACCOUNT_COLUMNS =
  "id, external_id, name, status, plan, seats, mrr_minor, currency, owner_id, country, time_zone, stripe_customer_id, to_char(renewal_date, 'YYYY-MM-DD') AS renewal_date, started_at, churned_at, attributes, created_at, updated_at";

/** Normalises a parsed account into column values: money in minor units, owner by email, zones. */
export async function accountColumns(db: Queryable, a: AccountInput): Promise<Result<{ cols: Record<string, unknown>; derived: Record<string, unknown> }>> {
  const errors: FieldError[] = [];
  const cols: Record<string, unknown> = { name: a.name, status: a.status, plan: a.plan, seats: a.seats, renewal_date: a.renewal_date, started_at: a.started_at, churned_at: a.churned_at, stripe_customer_id: a.stripe_customer_id };
  if (a.attributes !== undefined) cols.attributes = JSON.stringify(a.attributes);
  if (a.mrr !== undefined && a.mrr !== null) {
    if (!a.currency) errors.push({ field: 'currency', message: 'is required with mrr' });
    else {
      const m = toMinorUnits(a.mrr, a.currency);
      if (m.ok) Object.assign(cols, { mrr_minor: m.minor, currency: m.currency });
      else errors.push({ field: 'mrr', message: m.reason });
    }
  } else if (a.mrr === null) Object.assign(cols, { mrr_minor: null });
  let country: string | null | undefined = a.country;
  if (a.country) {
    const c = normalizeCountry(a.country);
    if (c.ok) country = c.code;
    else errors.push({ field: 'country', message: c.reason });
  }
  cols.country = country;
  if (a.time_zone) {
    const z = normalizeTimeZone(a.time_zone);
    if (z.ok) cols.time_zone = z.zone;
    else errors.push({ field: 'time_zone', message: z.reason });
  }
  const derived = { time_zone: a.time_zone === undefined && country ? (timeZoneForCountry(country) ?? undefined) : undefined };
  if (a.owner_email) {
    const r = await db.query<{ id: string }>('SELECT id FROM team_members WHERE lower(email) = lower($1)', [a.owner_email]);
    if (r.rows[0]) cols.owner_id = r.rows[0].id;
    else errors.push({ field: 'owner_email', message: `no team member has the email ${a.owner_email}` });
  } else if (a.owner_email === null) cols.owner_id = null;
  return errors.length ? { ok: false, errors } : { ok: true, value: { cols, derived } };
}

export async function upsertAccount(tx: Queryable, clock: Clock, a: AccountInput): Promise<Result<{ id: string; outcome: UpsertOutcome }>> {
  const cols = await accountColumns(tx, a);
  if (!cols.ok) return cols;
  const r = await upsertByExternalId(tx, 'accounts', { id: newId('acc'), external_id: a.external_id, now: clock.now() }, cols.value.cols, cols.value.derived);
  return { ok: true, value: r };
}

export async function getAccount(db: Queryable, id: string): Promise<Account | null> {
  const { rows } = await db.query<Account>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = $1`, [id]);
  return rows[0] ?? null;
}
