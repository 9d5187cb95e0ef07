import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../server/config';
import { decodeCursor, ListQuery, listOf, page } from '../../server/pagination';
import { Alert, listAlerts } from './queries';
import { useAlertSettings } from './settings';

export function alertSettingsFrom(c: Pick<Config, 'TENURE_ALERT_DROP_POINTS' | 'TENURE_ALERT_DROP_DAYS' | 'TENURE_LIKELY_CHURN' | 'TENURE_OVERRIDE_DAYS'>) {
  return { dropPoints: c.TENURE_ALERT_DROP_POINTS, dropWindowDays: c.TENURE_ALERT_DROP_DAYS, likelyChurn: c.TENURE_LIKELY_CHURN, overrideDays: c.TENURE_OVERRIDE_DAYS };
}

export const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  useAlertSettings(alertSettingsFrom(ctx.config));

  app.get('/v1/alerts', {
    schema: {
      summary: 'Score alerts (zone transitions and steep drops), newest first',
      description: 'Each with the current and previous score, the signals, the suggested action and the owner. `?account_id=` filters.',
      querystring: ListQuery.extend({ account_id: z.string().optional() }).strict(),
      response: { 200: listOf(Alert) },
    },
  }, async (req) => {
    const { limit, cursor, account_id } = req.query;
    const rows = await listAlerts(ctx.db, { accountId: account_id, before: decodeCursor(cursor, z.string()), limit: limit + 1 });
    return page(rows, limit, (r) => r.id);
  });
};
