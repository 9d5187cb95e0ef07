import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Clock } from '../db/clock';
import { newId } from '../db/ids';
import type { Queryable } from '../db/transaction';
import { TenureError } from './errors';
import type { Role } from './roles';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

// Keys look like `tnr_<prefix>_<secret>`: the prefix finds the row, the secret is checked against a
// scrypt hash. Only the hash is stored; the key is shown once, when it is made.
const KEY = /^tnr_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface Principal {
  actor: string;
  role: Role;
  keyId: string | null;
  teamMemberId: string | null;
  lastUsedAt?: Date | null;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  team_member_id: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

async function hashSecret(secret: string, salt: Buffer): Promise<Buffer> {
  return scryptAsync(secret, salt, 32);
}

export async function createKey(
  db: Queryable,
  clock: Clock,
  input: { name: string; role: Role; teamMemberId?: string | null },
): Promise<{ key: string; row: ApiKeyRow }> {
  const prefix = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  const hash = await hashSecret(secret, salt);
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (id, name, role, prefix, salt, hash, team_member_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING id, name, role, prefix, team_member_id, created_at, last_used_at, revoked_at`,
    [newId('key'), input.name, input.role, prefix, salt.toString('hex'), hash.toString('hex'), input.teamMemberId ?? null, clock.now()],
  );
  return { key: `tnr_${prefix}_${secret}`, row: rows[0]! };
}

export async function revokeKey(db: Queryable, clock: Clock, id: string): Promise<ApiKeyRow> {
  const { rows } = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1
     RETURNING id, name, role, prefix, team_member_id, created_at, last_used_at, revoked_at`,
    [id, clock.now()],
  );
  if (!rows[0]) throw new TenureError('not_found', `API key ${id} does not exist`);
  return rows[0];
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Checks keys; remembers recent successes so a busy client does not pay for scrypt on every call. */
export class KeyVerifier {
  private readonly verified = new Map<string, string>(); // sha256(key) → stored hash it matched

  constructor(private readonly opts: { adminKey?: string; localToken?: string }) {}

  async authenticate(db: Queryable, presented: string): Promise<Principal | null> {
    const digest = sha256(presented);
    if (this.opts.adminKey && timingSafeEqual(digest, sha256(this.opts.adminKey))) {
      return { actor: 'env:TENURE_ADMIN_KEY', role: 'admin', keyId: null, teamMemberId: null };
    }
    if (this.opts.localToken && timingSafeEqual(digest, sha256(this.opts.localToken))) {
      return { actor: 'cli:local', role: 'admin', keyId: null, teamMemberId: null };
    }
    const m = KEY.exec(presented);
    if (!m) return null;
    const { rows } = await db.query<ApiKeyRow & { salt: string; hash: string }>(
      'SELECT * FROM api_keys WHERE prefix = $1 AND revoked_at IS NULL',
      [m[1]],
    );
    const row = rows[0];
    if (!row) return null;
    const cacheKey = digest.toString('hex');
    if (this.verified.get(cacheKey) !== row.hash) {
      const hash = await hashSecret(m[2]!, Buffer.from(row.salt, 'hex'));
      if (!timingSafeEqual(hash, Buffer.from(row.hash, 'hex'))) return null;
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(cacheKey, row.hash);
    }
    return { actor: `key:${row.id}`, role: row.role, keyId: row.id, teamMemberId: row.team_member_id, lastUsedAt: row.last_used_at };
  }

  /** Records use of a key that passed its role check (at most once a minute per key). */
  async touch(db: Queryable, clock: Clock, p: Principal): Promise<void> {
    const now = clock.now();
    if (!p.keyId || (p.lastUsedAt && now.getTime() - p.lastUsedAt.getTime() < 60_000)) return;
    await db.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [p.keyId, now]);
  }
}
