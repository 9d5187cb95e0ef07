import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../db/transaction';
import { recordAudit } from '../server/audit';
import { notFound, TenureError } from '../server/errors';
import { ListQuery, listOf } from '../server/pagination';
import { ConfigInput, currentConfig, PresetName, resolveConfig, saveConfig, Zone } from './config';
import { accountScore, listScores, ScoreSort } from './queries';
import { alertScoreBatches } from './alerts/batches';
import { backfill, scoreAccounts } from './run';
import { rescorer } from './jobs';

const Config = z.object({
  version: z.number(),
  preset: PresetName.or(z.literal('custom')),
  weights: z.record(z.string(), z.number()),
  zones: z.array(Zone),
  created_at: z.date(),
  created_by: z.string(),
});
const Reason = z.object({ code: z.string(), points: z.number(), text: z.string() }).passthrough();
const Current = z.object({
  score: z.number(),
  zone: z.string(),
  at_risk: z.boolean(),
  escalate: z.boolean(),
  components: z.record(z.string(), z.unknown()),
  reason_codes: z.array(Reason),
  based_on: z.string(),
  stale: z.boolean(),
  stale_reasons: z.array(z.string()),
  config_version: z.number(),
  as_of: z.date(),
  checked_at: z.date(),
  inputs_through: z.date().nullable(),
});
const HistoryRow = z.object({ as_of: z.date(), score: z.number(), zone: z.string(), config_version: z.number(), kind: z.string() });
const ListRow = z.object({
  account_id: z.string(),
  name: z.string(),
  score: z.number(),
  zone: z.string(),
  at_risk: z.boolean(),
  escalate: z.boolean(),
  based_on: z.string(),
  top_reason: z.string().nullable(),
  reason_codes: z.array(Reason),
  config_version: z.number(),
  as_of: z.date(),
  checked_at: z.date(),
});
const RunResult = z.object({ accounts: z.number(), written: z.number(), config_version: z.number(), days: z.number().optional() });
const MAX_BACKFILL_DAYS = 62;

export const scoringRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  // the rescore sweep hands changed accounts to this (ingest/rescore.ts)
  if (!ctx.rescorers.some((r) => (r as { scoring?: boolean }).scoring)) ctx.rescorers.push(rescorer(ctx.clock, { prepared: () => ctx.db.kind === 'postgres' }));

  app.get('/v1/scoring/config', {
    schema: { summary: 'The running score configuration (weights, zones) and its version', response: { 200: Config } },
  }, async () => currentConfig(ctx.db, ctx.clock));

  app.put('/v1/scoring/config', {
    schema: {
      summary: 'Change the score configuration: a new version, and every account re-scored with it',
      description:
        'Body `{"preset"?, "weights"?: {component: weight}, "zones"?: [{"name", "min", "at_risk", "escalate"}]}`: a preset alone, or weights and zones (a preset fills what is omitted). ' +
        'Weights must sum to 1 over known components; zones are listed from the highest, each holding [min, previous min), the lowest starting at 0. ' +
        'Invalid configuration is refused with 400 naming each problem, and the running configuration stays as it was. Older score rows keep their version.',
      body: ConfigInput,
      response: { 200: Config.extend({ rescored: z.number() }) },
    },
  }, async (req) => {
    const config = resolveConfig(req.body);
    const out = await withTransaction(ctx.db, async (tx) => {
      const saved = await saveConfig(tx, ctx.clock, config, req.principal!.actor);
      const run = await scoreAccounts(tx, ctx.clock, { accountIds: null, config: saved });
      await recordAudit(req, tx, ctx.clock, `config:${saved.version}`);
      return { ...saved, rescored: run.accounts };
    });
    await alertScoreBatches(ctx.db, { prepared: ctx.db.kind === 'postgres' });
    return out;
  });

  app.get('/v1/accounts/:id/score', {
    schema: {
      summary: "An account's health score: components, reasons, staleness, and its history",
      params: z.object({ id: z.string().min(1).max(200) }),
      querystring: z.object({ history_days: z.coerce.number().int().min(1).max(3660).default(90) }).strict(),
      response: { 200: z.object({ current: Current.nullable(), history: z.array(HistoryRow) }) },
    },
  }, async (req) => {
    const exists = await ctx.db.query('SELECT 1 FROM accounts WHERE id = $1', [req.params.id]);
    if (!exists.rowCount) throw notFound('Account', req.params.id);
    return accountScore(ctx.db, ctx.clock, req.params.id, req.query.history_days);
  });

  app.get('/v1/scores', {
    schema: {
      summary: 'Current scores, filterable by zone, lowest first by default',
      querystring: ListQuery.extend({ zone: z.string().optional(), sort: ScoreSort.default('score') }).strict(),
      response: { 200: listOf(ListRow) },
    },
  }, async (req) => listScores(ctx.db, req.query));

  app.post('/v1/scores/run', {
    schema: {
      summary: 'Re-score accounts now (some, or all)',
      body: z.strictObject({ account_ids: z.array(z.string().min(1)).min(1).max(1000).optional(), all: z.boolean().optional() })
        .refine((b) => !!b.account_ids !== !!b.all, { message: 'give account_ids or all: true' }),
      response: { 200: RunResult },
    },
  }, async (req) => {
    const r = await withTransaction(ctx.db, async (tx) => {
      const run = await scoreAccounts(tx, ctx.clock, { accountIds: req.body.account_ids ?? null });
      await recordAudit(req, tx, ctx.clock, req.body.all ? 'scores:all' : `scores:${req.body.account_ids!.length}`);
      return run;
    });
    // the alerts of this run, now rather than at the next tick of due work
    await alertScoreBatches(ctx.db, { prepared: ctx.db.kind === 'postgres' });
    return r;
  });

  app.post('/v1/scores/backfill', {
    schema: {
      summary: 'Point-in-time scores for each day of a past period (at most 62 days per call)',
      description: 'Each day is scored from the inputs that had occurred and been received by its end. Days already scored are skipped.',
      body: z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
      response: { 200: RunResult },
    },
  }, async (req) => {
    const from = new Date(req.body.from);
    const to = new Date(req.body.to);
    if (to < from || to.getTime() - from.getTime() > MAX_BACKFILL_DAYS * 86_400_000 || to > ctx.clock.now()) {
      throw new TenureError('invalid_request', `body.to: the period must run forward, end by now and span at most ${MAX_BACKFILL_DAYS} days`, [{ field: 'body.to', message: 'invalid period' }]);
    }
    return withTransaction(ctx.db, async (tx) => {
      const r = await backfill(tx, ctx.clock, { from, to });
      await recordAudit(req, tx, ctx.clock, `backfill:${req.body.from.slice(0, 10)}..${req.body.to.slice(0, 10)}`);
      return r;
    });
  });
};
