import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../server/audit';
import { describeDemo } from './describe';
import { DEFAULT_SEED } from './parameters';
import { seedDemo } from './seed';

const SeedResult = z.object({ seed: z.number(), accounts: z.number(), contacts: z.number(), events: z.number(), conversations: z.number(), seconds: z.number() });

export const demoRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;

  app.get('/v1/demo', {
    schema: {
      summary: 'The demo company: its parameters and the figures it realised',
      description: '404 when no demo company was seeded into this database.',
      response: { 200: z.record(z.string(), z.unknown()) },
    },
  }, async () => (await describeDemo(ctx.db)) as unknown as Record<string, unknown>);

  app.post('/v1/demo/seed', {
    schema: {
      summary: 'Seed the demo company into an empty database',
      description:
        'Generates a B2B SaaS company (280 accounts, 12 months of history ending today) from the seed and stores it in one transaction. ' +
        '409 when the database already holds accounts or a demo company. Takes a few seconds.',
      body: z.object({ seed: z.number().int().min(0).max(2 ** 31 - 1).default(DEFAULT_SEED) }).default({ seed: DEFAULT_SEED }),
      response: { 201: SeedResult },
    },
  }, async (req, reply) => {
    const result = await seedDemo(ctx.db, ctx.clock, { seed: req.body.seed, log: req.log, also: (tx) => recordAudit(req, tx, ctx.clock, `demo:${req.body.seed}`, 201) });
    return reply.status(201).send(result);
  });
};
