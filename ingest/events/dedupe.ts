import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted (by UTF-16 code unit, at every depth) and no whitespace; undefined
 * object members are dropped and undefined array items become null, as JSON.stringify does. Two
 * payloads that differ only in key order give the same text.
 */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The dedupe key of an event whose sender gave none (API items and CSV rows without one):
 * `sha256:` + hex SHA-256 of canonicalJson([kind, account_id, occurred_at, payload]), with
 * occurred_at as UTC ISO with milliseconds. The same fact sent twice, in any key order or offset,
 * gets the same key, so a re-delivery or a re-run import is a no-op; any payload change makes a new
 * key. Pass the validated payload so defaults and normalised timestamps are part of the hash.
 */
export function deriveDedupeKey(kind: string, accountId: string, occurredAt: string | Date, payload: unknown): string {
  const at = new Date(occurredAt).toISOString();
  return 'sha256:' + createHash('sha256').update(canonicalJson([kind, accountId, at, payload])).digest('hex');
}
