import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERRORS, TenureError, type ErrorCode, type FieldProblem } from './errors';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    retry: z.enum(['never', 'after_fix', 'later']),
    request_id: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});

const FASTIFY_CODES: Record<number, ErrorCode> = { 400: 'invalid_request', 404: 'not_found', 413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'rate_limited' };

function toTenureError(err: FastifyError): TenureError {
  if (err instanceof TenureError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details: FieldProblem[] = err.validation.map((v) => {
      const path = v.instancePath.split('/').filter(Boolean);
      return { field: [err.validationContext ?? 'body', ...path].join('.'), message: v.message ?? 'invalid' };
    });
    return new TenureError('invalid_request', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
  const pgCode = (err as unknown as { code?: string }).code;
  if (pgCode === '23505') return new TenureError('conflict', `already exists (${(err as unknown as { constraint?: string }).constraint ?? 'unique'})`);
  if (pgCode === '23503') {
    // constraints are named <table>_<column>_fkey: name the field the client sent
    const { constraint, table } = err as unknown as { constraint?: string; table?: string };
    const column = constraint && table ? constraint.replace(`${table}_`, '').replace(/_fkey$/, '') : null;
    const field = column ? `body.${column}` : 'body';
    return new TenureError('invalid_request', `${field} refers to a record that does not exist`, [{ field, message: 'unknown id' }]);
  }
  const status = err.statusCode ?? 500;
  const code = FASTIFY_CODES[status];
  if (code) return new TenureError(code, err.message);
  return new TenureError('internal', 'Internal error');
}

/** The one error handler: a stable code, a retry category; detail only for client errors. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const e = toTenureError(err);
  if (e.status >= 500) req.log.error({ err }, 'request failed');
  else req.log.info({ code: e.code, message: e.message }, 'request refused');
  const body = {
    error: {
      code: e.code,
      message: e.status >= 500 && e.code === 'internal' ? 'Internal error' : e.message,
      retry: ERRORS[e.code].retry,
      request_id: String(req.id),
      ...(e.status < 500 && e.details ? { details: e.details } : {}),
    },
  };
  return reply.status(e.status).send(body);
}
