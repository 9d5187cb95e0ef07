import { z } from 'zod';
import type { Queryable } from '../db/transaction';
import { decodeCursor, encodeCursor } from '../server/pagination';
import { ACCOUNT_COLUMNS, type Account } from './accounts';
import type { Consent } from './consents';
import { CONTACT_COLUMNS, type Contact } from './contacts';

// Keyset pagination over a sort column: nullable columns sort as a sentinel so the key is total.
const SORTS = {
  created_at: { expr: 'id', cast: 'text' },
  name: { expr: 'lower(name)', cast: 'text' },
  mrr: { expr: 'coalesce(mrr_minor, -1)', cast: 'bigint' },
  renewal_date: { expr: "coalesce(renewal_date, '9999-12-31'::date)", cast: 'date' },
  external_id: { expr: 'external_id', cast: 'text' },
} as const;

export const AccountSort = z.enum(['created_at', '-created_at', 'name', '-name', 'mrr', '-mrr', 'renewal_date', '-renewal_date', 'external_id', '-external_id']);

export interface AccountFilter {
  status?: 'active' | 'churned';
  owner?: string;
  plan?: string;
  /** the health zone of its current score (scoring's v_current_scores) */
  zone?: string;
  sort: z.infer<typeof AccountSort>;
  limit: number;
  cursor?: string;
}

export async function listAccounts(db: Queryable, f: AccountFilter): Promise<{ data: Account[]; next_cursor: string | null }> {
  const desc = f.sort.startsWith('-');
  const sort = SORTS[f.sort.replace(/^-/, '') as keyof typeof SORTS];
  const after = decodeCursor(f.cursor, z.tuple([z.union([z.string(), z.number()]), z.string()]));
  const { rows } = await db.query<Account & { sort_key: string | number }>(
    `SELECT ${ACCOUNT_COLUMNS}, ${sort.expr} AS sort_key FROM accounts
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR owner_id = $2) AND ($3::text IS NULL OR plan = $3)
       AND ($4::text IS NULL OR (${sort.expr}, id) ${desc ? '<' : '>'} ($4::${sort.cast}, $5::text))
       AND ($7::text IS NULL OR id IN (SELECT account_id FROM v_current_scores WHERE zone = $7))
     ORDER BY ${sort.expr} ${desc ? 'DESC' : 'ASC'}, id ${desc ? 'DESC' : 'ASC'} LIMIT $6`,
    [f.status ?? null, f.owner ?? null, f.plan ?? null, after ? String(after[0]) : null, after?.[1] ?? null, f.limit + 1, f.zone ?? null],
  );
  const data = rows.slice(0, f.limit);
  const last = rows.length > f.limit ? data[data.length - 1] : undefined;
  const keyOf = (r: (typeof rows)[number]) => [typeof r.sort_key === 'number' ? r.sort_key : String(r.sort_key), r.id];
  return { data: data.map(({ sort_key: _s, ...a }) => a), next_cursor: last ? encodeCursor(keyOf(last)) : null };
}

export interface StoredEvent {
  id: string;
  kind: string;
  account_id: string;
  contact_id: string | null;
  occurred_at: Date;
  received_at: Date;
  source: string;
  dedupe_key: string;
  payload: Record<string, unknown>;
}

const EVENT_COLUMNS = 'id::text AS id, kind, account_id, contact_id, occurred_at, received_at, source, dedupe_key, payload';

export async function accountDetail(db: Queryable, account: Account) {
  const contacts = await db.query<Contact>(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 ORDER BY role, name`, [account.id]);
  const consents = await db.query<z.infer<typeof Consent>>(
    `SELECT c.id, c.contact_id, c.channel, c.purpose, c.status, c.express_written, c.recorded_at, c.evidence
     FROM v_current_consents c JOIN contacts k ON k.id = c.contact_id WHERE k.account_id = $1 ORDER BY c.contact_id, c.channel, c.purpose`,
    [account.id],
  );
  const events = await db.query<StoredEvent>(`SELECT ${EVENT_COLUMNS} FROM events WHERE account_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 20`, [account.id]);
  return { ...account, contacts: contacts.rows, consents: consents.rows, latest_events: events.rows };
}

/**
 * The account's running history, newest first. Today: its events; conversations, promises, score
 * changes and payments join this as their owners publish them.
 */
export async function timeline(db: Queryable, accountId: string, limit: number, cursor?: string) {
  const after = decodeCursor(cursor, z.tuple([z.string(), z.string()]));
  const { rows } = await db.query<StoredEvent>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE account_id = $1
       AND ($2::timestamptz IS NULL OR (occurred_at, id) < ($2::timestamptz, $3::bigint))
     ORDER BY occurred_at DESC, id DESC LIMIT $4`,
    [accountId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
  );
  const data = rows.slice(0, limit).map((e) => ({ ...e, type: 'event' as const }));
  const last = rows.length > limit ? data[data.length - 1] : undefined;
  return { data, next_cursor: last ? encodeCursor([last.occurred_at.toISOString(), last.id]) : null };
}
