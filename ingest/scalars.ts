import { z } from 'zod';

// Scalars shared by every contract (events, conversations, policy, dunning). They live here because
// ingest is where outside data first enters Tenure and gets normalised.

/**
 * An instant. Accepted as an ISO 8601 string that carries its offset (`Z` or `+02:00`): a local
 * time without an offset is ambiguous and refused. Normalised to UTC with milliseconds
 * (`2026-03-08T12:00:00.000Z`), so every contract carries strings that survive JSON and jsonb
 * unchanged, compare correctly as strings, and hash the same whatever offset the sender used.
 * Code holding a Date passes `date.toISOString()`.
 */
export const Timestamp = z.iso
  .datetime({ offset: true, error: 'expected an ISO 8601 timestamp with an offset, e.g. 2026-03-08T12:00:00Z' })
  // years outside 1–9999 parse in JavaScript but not in PostgreSQL: refuse them here, field by field
  .refine((s) => {
    const year = new Date(s).getUTCFullYear();
    return Number.isNaN(year) || (year >= 1 && year <= 9999); // not a date at all: said by the check above
  }, 'the year must be between 1 and 9999')
  .transform((s) => new Date(s).toISOString());
export type Timestamp = z.infer<typeof Timestamp>;

/** Money is an integer count of the currency's minor units (cents), never a float. */
export const MinorUnits = z.number().int().nonnegative();

/** ISO 4217 code, upper case. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code such as EUR');

/** A phone number already normalised to E.164. */
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number such as +33612345678');

/** Tenure's and callers' identifiers: opaque, non-empty. */
export const Id = z.string().min(1).max(200);
