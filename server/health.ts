import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { describeClock } from '../db/clock';

const NotReady = z.object({ status: z.enum(['starting', 'stopping', 'db_unavailable']) });
const Ok = z.object({
  status: z.literal('ok'),
  db: z.enum(['pglite', 'postgres']),
  mode: z.enum(['sandbox', 'live']),
  clock: z.object({ kind: z.enum(['system', 'fixed', 'simulated']), now: z.string(), label: z.string().optional() }),
  version: z.string(),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness and readiness',
        description: '503 `{"status":"starting"}` until migrations and all start-up work have committed (and `stopping` during shutdown); then 200 with the database kind, the mode and the clock.',
        response: { 200: Ok, 503: NotReady },
      },
    },
    async (_req, reply) => {
      const ctx = app.tenure;
      if (ctx.stopping) return reply.status(503).send({ status: 'stopping' as const });
      if (!ctx.ready) return reply.status(503).send({ status: 'starting' as const });
      try {
        await ctx.db.query('SELECT 1');
      } catch {
        return reply.status(503).send({ status: 'db_unavailable' as const });
      }
      return { status: 'ok' as const, db: ctx.db.kind, mode: ctx.config.mode, clock: describeClock(ctx.clock), version: '0.1.0' };
    },
  );
};
