import type { FastifyRequest } from 'fastify';
import type { Clock } from '../db/clock';
import type { Queryable } from '../db/transaction';

declare module 'fastify' {
  interface FastifyRequest {
    audited?: boolean;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isAuditable = (req: FastifyRequest) => MUTATING.has(req.method) && (req.routeOptions.url ?? '').startsWith('/v1/');

/**
 * Writes the audit row of a mutating /v1 request. Handlers call it inside the transaction of the
 * change, so the row exists exactly when the change does; the server writes it after the response
 * for a handler that did not (see app.ts), so every successful mutation has exactly one.
 */
export async function recordAudit(req: FastifyRequest, db: Queryable, clock: Clock, target: string | null, status = 200): Promise<void> {
  if (req.audited || !req.principal) return;
  await db.query(
    `INSERT INTO audit_log (at, actor, role, method, route, target, request_id, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [clock.now(), req.principal.actor, req.principal.role, req.method, req.routeOptions.url ?? req.url, target, req.id, status],
  );
  req.audited = true;
}
