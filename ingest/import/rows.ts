import type { FieldError } from '../events/field-errors';

// CSV cells are text: these turn a row into the input object its API route takes. An empty cell
// means "not given" (the stored value stays), never "erase".
export type Row = Record<string, string>;
export type RowInput = { ok: true; input: Record<string, unknown> } | { ok: false; errors: FieldError[] };

const given = (row: Row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined && v.trim() !== '').map(([k, v]) => [k, v.trim()]));

const BOOL: Record<string, boolean> = { true: true, yes: true, '1': true, y: true, false: false, no: false, '0': false, n: false };

export function accountRow(row: Row): RowInput {
  const input: Record<string, unknown> = given(row);
  if (typeof input.attributes === 'string') {
    try {
      input.attributes = JSON.parse(input.attributes as string);
    } catch {
      return { ok: false, errors: [{ field: 'attributes', message: 'is not valid JSON' }] };
    }
  }
  return { ok: true, input };
}

export const contactRow = (row: Row): RowInput => ({ ok: true, input: given(row) });

export function consentRow(row: Row): RowInput {
  const input: Record<string, unknown> = given(row);
  if (typeof input.express_written === 'string') {
    const b = BOOL[(input.express_written as string).toLowerCase()];
    if (b === undefined) return { ok: false, errors: [{ field: 'express_written', message: 'expected true or false' }] };
    input.express_written = b;
  }
  return { ok: true, input };
}

export function eventRow(row: Row): RowInput {
  const input: Record<string, unknown> = given(row);
  if (typeof input.schema_version === 'string') input.schema_version = Number(input.schema_version);
  if (typeof input.payload === 'string') {
    try {
      input.payload = JSON.parse(input.payload as string);
    } catch (e) {
      return { ok: false, errors: [{ field: 'payload', message: `is not valid JSON (${(e as Error).message})` }] };
    }
  }
  return { ok: true, input };
}

/** The columns each import reads; any other column is refused up front, so a typo is not silently ignored. */
export const COLUMNS = {
  accounts: ['external_id', 'name', 'status', 'plan', 'seats', 'mrr', 'currency', 'owner_email', 'country', 'time_zone', 'stripe_customer_id', 'renewal_date', 'started_at', 'churned_at', 'attributes'],
  contacts: ['external_id', 'account_id', 'account_external_id', 'name', 'email', 'phone', 'country', 'time_zone', 'language', 'role'],
  consents: ['contact_id', 'contact_external_id', 'channel', 'purpose', 'status', 'express_written', 'recorded_at', 'evidence'],
  events: ['kind', 'account_id', 'account_external_id', 'contact_id', 'contact_external_id', 'occurred_at', 'dedupe_key', 'schema_version', 'payload'],
} as const;
export type ImportKind = keyof typeof COLUMNS;
export const IMPORT_KINDS = Object.keys(COLUMNS) as ImportKind[];
