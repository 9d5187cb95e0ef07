import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../db/clock';
import type { Queryable } from '../../db/transaction';
import type { Principal } from '../../server/keys';
import { Role } from '../../server/roles';

// Dashboard sessions: logging in with an API key makes a row (the token's hash, a CSRF token, the
// key's role) and a cookie holding the token: HttpOnly, SameSite=Strict, Secure behind https. Every
// page reads the row again, so a revoked key ends its sessions at once. Forms carry the session's
// CSRF token; the login form, before any session, a double-submit token in its own cookie.

export const SESSION_COOKIE = 'tenure_session';
export const LOGIN_CSRF_COOKIE = 'tenure_login_csrf';
const SESSION_HOURS = 12;

export interface Session {
  principal: Principal;
  csrf: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export function cookies(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** Secure cookies when the browser reached Tenure over https (directly or as its public URL says). */
function secure(req: FastifyRequest, publicBaseUrl: string): boolean {
  return req.protocol === 'https' || publicBaseUrl.startsWith('https://');
}

export function setCookie(reply: FastifyReply, req: FastifyRequest, publicBaseUrl: string, name: string, value: string, maxAgeSeconds: number): void {
  const attrs = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
  if (secure(req, publicBaseUrl)) attrs.push('Secure');
  const prior = reply.getHeader('set-cookie');
  reply.header('set-cookie', [...(Array.isArray(prior) ? prior : prior ? [String(prior)] : []), attrs.join('; ')]);
}

export async function createSession(db: Queryable, clock: Clock, p: Principal): Promise<{ token: string; maxAge: number }> {
  const token = newToken();
  const now = clock.now();
  await db.query(
    `INSERT INTO insight_sessions (token_hash, csrf, actor, role, key_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [sha256(token), newToken(), p.actor, p.role, p.keyId, now, new Date(now.getTime() + SESSION_HOURS * 3_600_000)],
  );
  return { token, maxAge: SESSION_HOURS * 3600 };
}

/** The session the cookie names, unless it expired or its key was revoked since. */
export async function readSession(db: Queryable, clock: Clock, req: FastifyRequest): Promise<Session | null> {
  const token = cookies(req)[SESSION_COOKIE];
  if (!token) return null;
  const { rows } = await db.query<{ csrf: string; actor: string; role: string; key_id: string | null; team_member_id: string | null }>(
    `SELECT s.csrf, s.actor, s.role, s.key_id, k.team_member_id
     FROM insight_sessions s LEFT JOIN api_keys k ON k.id = s.key_id
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND (s.key_id IS NULL OR (k.id IS NOT NULL AND k.revoked_at IS NULL))`,
    [sha256(token), clock.now()],
  );
  const r = rows[0];
  if (!r) return null;
  return { csrf: r.csrf, principal: { actor: r.actor, role: Role.parse(r.role), keyId: r.key_id, teamMemberId: r.team_member_id } };
}

export async function endSession(db: Queryable, req: FastifyRequest): Promise<void> {
  const token = cookies(req)[SESSION_COOKIE];
  if (token) await db.query('DELETE FROM insight_sessions WHERE token_hash = $1', [sha256(token)]);
}

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
