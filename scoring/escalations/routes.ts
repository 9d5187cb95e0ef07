import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../../server/audit';
import { notFound } from '../../server/errors';
import { decodeCursor, ListQuery, listOf, page } from '../../server/pagination';
import { completeStep, OverrideInput, overrideRisk, StepInput } from './actions';
import { Escalation, EscalationState, getEscalation, listEscalations } from './queries';
import { StepName } from './sop';

export const escalationRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  const Id = z.object({ id: z.string().min(1).max(100) });

  app.get('/v1/escalations', {
    schema: {
      summary: 'Escalations of likely churners, newest first, with their steps, override and the model\'s reason codes',
      description: '`?state=open|overridden|resolved|live|all` (default `live`: open or overridden); `?account_id=` shows one account\'s.',
      querystring: ListQuery.extend({ state: EscalationState.or(z.enum(['live', 'all'])).default('live'), account_id: z.string().optional() }).strict(),
      response: { 200: listOf(Escalation) },
    },
  }, async (req) => {
    const { limit, cursor, state, account_id } = req.query;
    const states = state === 'all' ? null : state === 'live' ? ['open', 'overridden'] : [state];
    const rows = await listEscalations(ctx.db, { states, accountId: account_id, before: decodeCursor(cursor, z.string()), limit: limit + 1 });
    return page(rows, limit, (r) => r.id);
  });

  app.post('/v1/escalations/:id/steps/:step', {
    schema: {
      summary: 'Complete a step of an escalation (idempotent)',
      description: 'Steps: `assign` (body `{"csm_id", "sponsor_id"}` when the rules found none), `root_cause_call`, `mitigation_plan` (resolves the escalation). Optional `note`.',
      params: Id.extend({ step: StepName }),
      body: StepInput.optional(),
      response: { 200: Escalation },
    },
  }, async (req) => {
    const p = req.principal!;
    return withTransaction(ctx.db, async (tx) => {
      await completeStep(tx, ctx.clock, req.params.id, req.params.step, req.body ?? {}, { actor: p.actor, memberId: p.teamMemberId });
      await recordAudit(req, tx, ctx.clock, `${req.params.id}/${req.params.step}`);
      return (await getEscalation(tx, req.params.id)) ?? Promise.reject(notFound('Escalation', req.params.id));
    });
  });

  app.post('/v1/escalations/:id/override', {
    schema: {
      summary: 'Downgrade the risk of an escalation for a time, with a reason code and a note',
      description: 'Body `{"reason_code", "note", "expires_in_days"?}`. Logged with who and when; when it expires the risk is restored and the escalation reopens. Without a reason code or a note: 400.',
      params: Id,
      body: OverrideInput,
      response: { 200: Escalation },
    },
  }, async (req) => {
    const p = req.principal!;
    return withTransaction(ctx.db, async (tx) => {
      await overrideRisk(tx, ctx.clock, req.params.id, req.body, { actor: p.actor, memberId: p.teamMemberId });
      await recordAudit(req, tx, ctx.clock, req.params.id);
      return (await getEscalation(tx, req.params.id)) ?? Promise.reject(notFound('Escalation', req.params.id));
    });
  });
};
