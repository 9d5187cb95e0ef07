import type { FieldError } from './events/field-errors';

/** What an ingest step gives back: its value, or every problem with the input, field by field. */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };
