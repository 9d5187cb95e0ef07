import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor, ListQuery, listOf, page } from '../../server/pagination';
import { Delivery, listDeliveries } from './store';

export const notifyRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  app.get('/v1/notifications', {
    schema: {
      summary: 'The notification delivery log, newest first',
      description: 'One row per message and channel (`inbox`, `slack`, `email`, `sms`) with its state (`pending`, `sending`, `sent`, `failed`, `skipped`), attempts and detail. `?account_id=` filters.',
      querystring: ListQuery.extend({ account_id: z.string().optional() }).strict(),
      response: { 200: listOf(Delivery) },
    },
  }, async (req) => {
    const { limit, cursor, account_id } = req.query;
    const rows = await listDeliveries(ctx.db, { accountId: account_id, before: decodeCursor(cursor, z.string()), limit: limit + 1 });
    return page(rows, limit, (r) => r.id);
  });
};
