import pino from 'pino';
import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import { loadConfig } from '../../server/config';
import { startRuntime, type Runtime } from '../../server/runtime';
import { testDatabase } from './database';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestRuntime extends Runtime {
  /** inject a request as `key` (default: the admin key); returns status and parsed JSON */
  api(method: string, url: string, opts?: { key?: string | null; body?: unknown; raw?: string; contentType?: string; json?: boolean }): Promise<{ status: number; body: any }>;
}

/** Tenure's app on this test file's own database, not listening, workers off unless asked. */
export async function testRuntime(opts: { clock?: Clock; work?: boolean; env?: Record<string, string>; database?: Database; logger?: pino.Logger } = {}): Promise<TestRuntime> {
  const database = opts.database ?? (await testDatabase());
  const config = loadConfig({ TENURE_ADMIN_KEY: ADMIN_KEY, TENURE_DATA_DIR: '/nonexistent/tenure-test', TENURE_QUEUE_POLL_SECONDS: '0.5', ...opts.env });
  const rt = await startRuntime(config, { listen: false, work: opts.work ?? false, clock: opts.clock, database, logger: opts.logger ?? pino({ level: 'silent' }) });
  const close = rt.close;
  return {
    ...rt,
    async close() {
      await close();
      if (!opts.database) await database.close();
    },
    async api(method, url, o = {}) {
      const key = o.key === undefined ? ADMIN_KEY : o.key;
      const headers: Record<string, string> = {};
      if (key) headers.authorization = `Bearer ${key}`;
      let payload: string | undefined;
      if (o.raw !== undefined) payload = o.raw;
      else if (o.body !== undefined) payload = JSON.stringify(o.body);
      if (payload !== undefined) headers['content-type'] = o.contentType ?? 'application/json';
      const res = await rt.app!.inject({ method: method as 'GET', url, headers, payload });
      return { status: res.statusCode, body: o.json === false ? res.body : res.body ? JSON.parse(res.body) : null };
    },
  };
}

/** A fingerprint of every row of every table in the public schema: "did this request change anything?" */
export async function tableFingerprints(db: Database): Promise<Record<string, string>> {
  const tables = await db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const prints: Record<string, string> = {};
  for (const { t } of tables.rows) {
    const r = await db.query<{ n: number; md5: string }>(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS md5 FROM "${t}" x`);
    prints[t] = `${r.rows[0]!.n}:${r.rows[0]!.md5}`;
  }
  return prints;
}
