import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../db/transaction';
import { recordAudit } from '../server/audit';
import { TenureError } from '../server/errors';
import { decodeCursor, ListQuery, listOf, page } from '../server/pagination';
import { addTeamMember, listTeamMembers, NewTeamMember, TeamMember } from './members';
import { completeTask, listTasks, Task, TaskStatus } from './tasks';

export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;

  app.get('/v1/team-members', {
    schema: { summary: 'List team members', querystring: ListQuery, response: { 200: listOf(TeamMember) } },
  }, async (req) => {
    const { limit, cursor } = req.query;
    const rows = await listTeamMembers(ctx.db, decodeCursor(cursor, z.string()), limit + 1);
    return page(rows, limit, (r) => r.id);
  });

  app.post('/v1/team-members', {
    schema: {
      summary: 'Add a team member',
      description: 'Idempotent on the email: the same member sent again answers 200 with the stored one; the same email with other details is 409.',
      body: NewTeamMember,
      response: { 200: TeamMember, 201: TeamMember },
    },
  }, async (req, reply) => {
    const { member, created } = await withTransaction(ctx.db, async (tx) => {
      const r = await addTeamMember(tx, ctx.clock, req.body);
      await recordAudit(req, tx, ctx.clock, r.member.id, r.created ? 201 : 200);
      return r;
    });
    return reply.status(created ? 201 : 200).send(member);
  });

  app.get('/v1/tasks', {
    schema: {
      summary: "The caller's tasks (admin: anyone's)",
      description: 'Open tasks by default. Admin keys may pass `assignee` to see one person\'s inbox, or omit it for everyone\'s.',
      querystring: ListQuery.extend({ status: TaskStatus.or(z.literal('all')).default('open'), assignee: z.string().optional() }),
      response: { 200: listOf(Task) },
    },
  }, async (req) => {
    const p = req.principal!;
    const { limit, cursor, status, assignee } = req.query;
    let assigneeId: string | null;
    if (p.role === 'admin') assigneeId = assignee ?? null;
    else if (!p.teamMemberId) throw new TenureError('forbidden', 'This API key acts for no team member, so it has no tasks; create keys with --member');
    else if (assignee && assignee !== p.teamMemberId) throw new TenureError('forbidden', "Only admin keys can read someone else's tasks");
    else assigneeId = p.teamMemberId;
    const rows = await listTasks(ctx.db, { assigneeId, status: status === 'all' ? null : status, after: decodeCursor(cursor, z.string()), limit: limit + 1 });
    return page(rows, limit, (r) => r.id);
  });

  app.post('/v1/tasks/:id/done', {
    schema: { summary: 'Mark a task done (idempotent)', params: z.object({ id: z.string().min(1) }), response: { 200: Task } },
  }, async (req) => {
    const p = req.principal!;
    return withTransaction(ctx.db, async (tx) => {
      const task = await completeTask(tx, ctx.clock, req.params.id, { actor: p.actor, memberId: p.teamMemberId, admin: p.role === 'admin' });
      await recordAudit(req, tx, ctx.clock, task.id);
      return task;
    });
  });
};
