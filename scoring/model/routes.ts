import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../../server/audit';
import { TenureError } from '../../server/errors';
import { backtest } from './backtest';
import { currentPrediction, Prediction, refreshPredictions } from './predictions';
import { MIN_CHURNED_ACCOUNTS } from './predictor';
import { scratchDemo } from './scratch';
import { listVersions, ModelVersion, TrainResult, trainVersion } from './versions';

const Backtest = z.object({
  recall_21d: z.number(),
  precision: z.number(),
  median_lead_days: z.number().nullable(),
  median_signal_to_flag_days: z.number().nullable(),
  baseline_recall_21d: z.number(),
  baseline_precision: z.number(),
  baseline_flags: z.number(),
  churners: z.number(),
  flags: z.number(),
  weeks: z.number(),
  prior_weeks: z.number(),
  threshold: z.number(),
  seed: z.number().nullable(),
  history: z.object({ start: z.string(), end: z.string() }),
});

export const modelRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  const threshold = () => ctx.config.TENURE_LIKELY_CHURN;

  app.get('/v1/model/versions', {
    schema: {
      summary: 'Every trained churn model version, newest first, with its held-out figures and whether it was promoted',
      description: `With no promoted version, predictions come from the prior derived from the health score (fewer than ${MIN_CHURNED_ACCOUNTS} churned accounts to learn from, or no candidate yet better).`,
      response: { 200: z.object({ production_version: z.number().nullable(), prior_in_use: z.boolean(), data: z.array(ModelVersion) }) },
    },
  }, async () => {
    const data = await listVersions(ctx.db);
    const production = data.find((v) => v.promoted)?.version ?? null;
    return { production_version: production, prior_in_use: production === null, data };
  });

  app.post('/v1/model/train', {
    schema: {
      summary: 'Train a churn model version now on the outcomes known today; promoted only if not worse on held-out weeks',
      body: z.strictObject({ shuffle_labels: z.boolean().optional() }).optional(),
      response: { 200: TrainResult },
    },
  }, async (req) => {
    const r = await withTransaction(ctx.db, async (tx) => {
      const result = await trainVersion(tx, ctx.clock, { threshold: threshold(), shuffleLabels: req.body?.shuffle_labels });
      await recordAudit(req, tx, ctx.clock, `model:train${req.body?.shuffle_labels ? ':shuffled' : ''}`);
      return result;
    });
    if (r.status === 'promoted') await refreshPredictions(ctx.db, ctx.clock, { accountIds: null, threshold: threshold() });
    return r;
  });

  // a read, however long: it writes nothing to the stored data (with a seed, its demo lives in a scratch database)
  app.get('/v1/model/backtest', {
    schema: {
      summary: 'Walk-forward backtest of the churn predictor on the demo company (the stored one, or one generated with `seed` in a scratch database)',
      querystring: z.strictObject({ seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional() }),
      response: { 200: Backtest },
    },
  }, async (req) => {
    const seed = req.query.seed;
    const db = seed === undefined ? ctx.db : await scratchDemo(ctx.clock, seed);
    try {
      return { ...(await backtest(db, ctx.clock, { threshold: threshold() })), seed: seed ?? null };
    } finally {
      if (db !== ctx.db) await db.close();
    }
  });

  app.get('/v1/accounts/:id/prediction', {
    schema: {
      summary: "The account's churn probability, its model version (or the prior) and the reasons in plain words",
      params: z.object({ id: z.string() }),
      response: { 200: Prediction.extend({ threshold: z.number(), note: z.string() }) },
    },
  }, async (req) => {
    const p = await currentPrediction(ctx.db, req.params.id, threshold());
    if (!p) throw new TenureError('not_found', `No churn prediction for account ${req.params.id} yet`);
    const note = p.prior
      ? `prior from the health score: fewer than ${MIN_CHURNED_ACCOUNTS} churned accounts known, or no trained model promoted yet`
      : `model version ${p.model_version}`;
    return { ...p, threshold: threshold(), note };
  });
};
