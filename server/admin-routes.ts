import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { migrationStatus } from '../db/migrate';
import { withTransaction } from '../db/transaction';
import { recordAudit } from './audit';
import { createKey, revokeKey } from './keys';
import { decodeCursor, ListQuery, listOf, page } from './pagination';
import { Role } from './roles';

const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  role: Role,
  prefix: z.string(),
  team_member_id: z.string().nullable(),
  created_at: z.date(),
  last_used_at: z.date().nullable(),
  revoked_at: z.date().nullable(),
});
const CreateKey = z.object({
  name: z.string().trim().min(1).max(200),
  role: Role,
  team_member_id: z.string().optional().describe('the team member this key acts for (their tasks)'),
});
const IdParam = z.object({ id: z.string().min(1).max(100) });

/** Access and operations: API keys, migrations, the audit log, and who the caller is. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;

  app.get('/v1/whoami', {
    schema: { summary: 'The caller: actor, role and team member', response: { 200: z.object({ id: z.string(), actor: z.string(), role: Role, team_member_id: z.string().nullable() }) } },
  }, async (req) => {
    const p = req.principal!;
    return { id: p.actor, actor: p.actor, role: p.role, team_member_id: p.teamMemberId };
  });

  app.get('/v1/keys', {
    schema: { summary: 'List API keys (never their secrets)', querystring: ListQuery, response: { 200: listOf(ApiKey) } },
  }, async (req) => {
    const { limit, cursor } = req.query;
    const after = decodeCursor(cursor, z.string());
    const { rows } = await ctx.db.query<z.infer<typeof ApiKey>>(
      `SELECT id, name, role, prefix, team_member_id, created_at, last_used_at, revoked_at FROM api_keys
       WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [after, limit + 1],
    );
    return page(rows, limit, (r) => r.id);
  });

  app.post('/v1/keys', {
    schema: {
      summary: 'Create an API key',
      description: 'The response carries the key itself; it is shown once and stored only as a scrypt hash.',
      body: CreateKey,
      response: { 201: z.object({ key: z.string(), role: Role, id: z.string(), name: z.string() }) },
    },
  }, async (req, reply) => {
    const made = await withTransaction(ctx.db, async (tx) => {
      const { key, row } = await createKey(tx, ctx.clock, { name: req.body.name, role: req.body.role, teamMemberId: req.body.team_member_id });
      await recordAudit(req, tx, ctx.clock, row.id, 201);
      return { key, role: row.role, id: row.id, name: row.name };
    });
    return reply.status(201).send(made);
  });

  app.post('/v1/keys/:id/revoke', {
    schema: { summary: 'Revoke an API key (idempotent)', params: IdParam, response: { 200: ApiKey } },
  }, async (req) =>
    withTransaction(ctx.db, async (tx) => {
      const row = await revokeKey(tx, ctx.clock, req.params.id);
      await recordAudit(req, tx, ctx.clock, row.id);
      return row;
    }),
  );

  app.get('/v1/migrations', {
    schema: {
      summary: 'Migrations and whether each is applied',
      querystring: ListQuery,
      response: { 200: listOf(z.object({ id: z.string(), version: z.number(), name: z.string(), applied_at: z.date().nullable() })) },
    },
  }, async (req) => {
    const all = (await migrationStatus(ctx.db)).map((m) => ({ id: String(m.version).padStart(4, '0'), ...m }));
    const after = decodeCursor(req.query.cursor, z.string());
    return page(all.filter((m) => after === null || m.id > after).slice(0, req.query.limit + 1), req.query.limit, (m) => m.id);
  });

  const AuditRow = z.object({
    id: z.string(), at: z.date(), actor: z.string(), role: z.string(), method: z.string(), route: z.string(),
    target: z.string().nullable(), request_id: z.string(), status: z.number(),
  });
  app.get('/v1/audit-log', {
    schema: { summary: 'The audit log, newest first', querystring: ListQuery.extend({ target: z.string().optional() }), response: { 200: listOf(AuditRow) } },
  }, async (req) => {
    const { limit, cursor, target } = req.query;
    const before = decodeCursor(cursor, z.number().int());
    const { rows } = await ctx.db.query<z.infer<typeof AuditRow> & { n: number }>(
      `SELECT id AS n, id::text AS id, at, actor, role, method, route, target, request_id, status FROM audit_log
       WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR target = $2) ORDER BY id DESC LIMIT $3`,
      [before, target ?? null, limit + 1],
    );
    const p = page(rows, limit, (r) => r.n);
    return { data: p.data.map(({ n: _n, ...r }) => r), next_cursor: p.next_cursor };
  });
};
