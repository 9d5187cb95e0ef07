import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor, encodeCursor, ListQuery, listOf } from '../server/pagination';
import { Role } from '../server/roles';
import { toCsv } from './csv';
import { ReasonFilter } from './filters';
import { revealFor } from './redact';
import { freshFor } from './refresh';
import { recovery, Recovery, RECOVERY_CSV_COLUMNS } from './recovery';
import { REASON_CSV_COLUMNS, ReasonItem, reasonItems, ReasonRollup, reasonRollup, ROLLUP_CSV_COLUMNS, rollupCsvRows } from './rollups';
import { SAVE_LIST_CSV_COLUMNS, saveList, saveListCsvRows, SaveListItem } from './save-list';

// The insights exports: JSON (in /docs) or CSV with ?format=csv, each from the same function the
// pages use. Verbatims are redacted for the product role.

const Format = z.object({ format: z.enum(['json', 'csv']).default('json').describe('`csv`: the same figures as CSV (RFC 4180)') });
const CSV_NOTE = '\n\nWith `?format=csv` the answer is `text/csv` instead.';

function sendCsv(reply: FastifyReply, name: string, body: string) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).serializer((p: unknown) => p as string).send(body);
}

export const insightsRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  const roleOf = (p: { role: string } | undefined) => Role.parse(p?.role ?? 'admin');

  app.get('/v1/insights/reasons', {
    schema: {
      summary: 'Churn reasons rolled up by category and detail, weighted by MRR',
      description:
        'Accounts, MRR lost (churned accounts) and at risk (active ones), share of MRR, trend against the previous period of the same length, up to three verbatims with their conversations per row; the competitors named and the missing features ranked by MRR. An account counts once per row.' +
        CSV_NOTE,
      querystring: ReasonFilter.extend(Format.shape).strict(),
      response: { 200: ReasonRollup },
    },
  }, async (req, reply) => {
    const { format, ...f } = req.query;
    await freshFor(ctx);
    const r = await reasonRollup(ctx.db, ctx.clock, f);
    const reveal = revealFor(roleOf(req.principal));
    for (const row of r.rows) for (const v of row.verbatims) v.verbatim = reveal(v.verbatim);
    if (format === 'csv') return sendCsv(reply, 'reasons', toCsv(ROLLUP_CSV_COLUMNS, rollupCsvRows(r)));
    return r;
  });

  app.get('/v1/insights/reasons/rows', {
    schema: {
      summary: 'The churn reasons behind a rollup figure, newest first',
      description: 'Every reason of the period that passes the filters (give `category` and `detail` for one rollup row), with its verbatim and conversation.' + CSV_NOTE,
      querystring: ReasonFilter.extend(ListQuery.shape).extend(Format.shape).strict(),
      response: { 200: listOf(ReasonItem) },
    },
  }, async (req, reply) => {
    const { format, limit, cursor, ...f } = req.query;
    await freshFor(ctx);
    const rows = await reasonItems(ctx.db, ctx.clock, f, { limit: limit + 1, after: decodeCursor(cursor, z.tuple([z.string(), z.string()])) });
    const reveal = revealFor(roleOf(req.principal));
    const data = rows.slice(0, limit).map((r) => ({ ...r, verbatim: reveal(r.verbatim, r.lang) }));
    const last = data[data.length - 1];
    if (format === 'csv') return sendCsv(reply, 'reason-rows', toCsv(REASON_CSV_COLUMNS, data));
    return { data, next_cursor: rows.length > limit && last ? encodeCursor([last.captured_at.toISOString(), last.reason_id]) : null };
  });

  app.get('/v1/insights/save-list', {
    schema: {
      summary: 'The save list: accounts at risk or likely to churn, by MRR × churn probability',
      description: 'Active accounts in an at-risk zone or at or over the likely-churn probability, each with reason codes, the suggested action, the owner and the open escalation deadlines.' + CSV_NOTE,
      querystring: ListQuery.extend({ owner: z.string().optional(), zone: z.string().optional() }).extend(Format.shape).strict(),
      response: { 200: listOf(SaveListItem) },
    },
  }, async (req, reply) => {
    const { format, limit, cursor, owner, zone } = req.query;
    const after = decodeCursor(cursor, z.number().int());
    await freshFor(ctx);
    const rows = await saveList(ctx.db, { threshold: ctx.config.TENURE_LIKELY_CHURN, owner, zone, limit: limit + 1, after: after ?? 0 });
    const data = rows.slice(0, limit);
    if (format === 'csv') return sendCsv(reply, 'save-list', toCsv(SAVE_LIST_CSV_COLUMNS, saveListCsvRows(data)));
    return { data, next_cursor: rows.length > limit ? encodeCursor(data[data.length - 1]!.rank) : null };
  });

  app.get('/v1/insights/recovery', {
    schema: {
      summary: 'Failed-payment recovery by decline reason class and retry strategy',
      description: 'Cases opened in the period: how many, how much, recovered, lost and still open, and the open cases with their next step. The CSV has one line per reason class and per reason and strategy.' + CSV_NOTE,
      querystring: z.object({ since: ReasonFilter.shape.since, until: ReasonFilter.shape.until }).extend(Format.shape).strict(),
      response: { 200: Recovery },
    },
  }, async (req, reply) => {
    const { format, ...f } = req.query;
    const r = await recovery(ctx.db, ctx.clock, f);
    if (format === 'csv') return sendCsv(reply, 'recovery', toCsv(RECOVERY_CSV_COLUMNS, [...r.by_reason, ...r.by_reason_and_strategy]));
    return r;
  });
};
