import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../server/audit';
import { importCsv } from './import/csv-import';
import { IMPORT_KINDS } from './import/rows';

/**
 * CSV import over HTTP: the file is the request body (text/csv), read as it arrives; the answer is
 * a stream of JSON lines — `{"progress": …}` as batches commit, `{"rejected": {line, field, message}}`
 * per problem, and last `{"summary": …}` (or `{"error": …}`). `tenure import` uses this while an
 * instance holds the embedded database.
 */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  app.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));

  app.post('/v1/imports/:kind', {
    schema: {
      summary: 'Import a CSV file of accounts, contacts, consents or events',
      description: 'Send the file as the body with `Content-Type: text/csv`. The response is NDJSON: progress lines, one line per rejected row, then the summary. Idempotent: a second run imports nothing new. Column names: see test/fixtures/*.csv.',
      params: z.object({ kind: z.enum(IMPORT_KINDS as [string, ...string[]]) }),
      body: z.any().describe('the CSV file'),
      response: { 200: z.string().describe('NDJSON lines: {"progress"}, {"rejected"}, {"summary"}') },
    },
  }, async (req, reply) => {
    const out = new PassThrough();
    const line = (o: unknown) => out.write(JSON.stringify(o) + '\n');
    const kind = req.params.kind as (typeof IMPORT_KINDS)[number];
    importCsv(ctx.db, ctx.clock, kind, req.body as Readable, {
      fileName: String(req.headers['x-file-name'] ?? 'upload.csv'),
      onProgress: (p) => line({ progress: p }),
      onReject: (r) => line({ rejected: r }),
    })
      .then(async (summary) => {
        await recordAudit(req, ctx.db, ctx.clock, summary.import_id);
        line({ summary });
      })
      .catch((e: Error & { code?: string }) => {
        req.audited = true; // a failed import changed nothing worth an audit row
        line({ error: { code: e.code ?? 'internal', message: e.message } });
      })
      .finally(() => out.end());
    return reply.type('application/x-ndjson').send(out as never);
  });
};
