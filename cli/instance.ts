import pino from 'pino';
import type { Config } from '../server/config';
import { discoveryFile, readDiscovery } from '../server/discovery';
import { ERRORS, TenureError, type ErrorCode } from '../server/errors';

export interface ApiResult {
  status: number;
  body: unknown;
}

/** The HTTP API of a Tenure instance: the running one, or one opened in this process for a moment. */
export type Call = (method: 'GET' | 'POST', url: string, body?: unknown) => Promise<unknown>;

function unwrap(r: ApiResult): unknown {
  if (r.status < 400) return r.body;
  const err = (r.body as { error?: { code?: string; message?: string; details?: { field: string; message: string }[] } })?.error;
  const code = (err?.code && err.code in ERRORS ? err.code : 'internal') as ErrorCode;
  throw new TenureError(code, err?.message ?? `HTTP ${r.status}`, err?.details);
}

/**
 * Runs `fn` against Tenure's API. While `tenure start` holds the embedded database, that goes over
 * HTTP to it (the discovery file gives its URL and a token); otherwise this process opens the
 * database itself, builds the same app without listening, and injects the requests.
 */
export async function withInstance<T>(config: Config, fn: (call: Call, via: 'instance' | 'direct') => Promise<T>): Promise<T> {
  const running = config.DATABASE_URL ? null : readDiscovery(config.dataDir);
  if (running) {
    const call: Call = async (method, url, body) => {
      let res: Response;
      try {
        res = await fetch(running.url + url, {
          method,
          headers: { authorization: `Bearer ${running.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (e) {
        throw new TenureError(
          'instance_unreachable',
          `Tenure (pid ${running.pid}) holds the data folder ${config.dataDir} but does not answer at ${running.url} (${(e as Error).message}). ` +
            `If it is stuck, stop it (kill ${running.pid}); if no Tenure is running, delete ${discoveryFile(config.dataDir)}.`,
        );
      }
      const text = await res.text();
      return unwrap({ status: res.status, body: text ? JSON.parse(text) : null });
    };
    return fn(call, 'instance');
  }
  // CLI output is stdout; the CLI's own logs go to stderr, and only when something is wrong.
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const { startRuntime } = await import('../server/runtime');
  const rt = await startRuntime(config, { listen: false, work: false, logger });
  try {
    const call: Call = async (method, url, body) => {
      const res = await rt.app!.inject({ method, url, headers: { authorization: `Bearer ${rt.localToken}` }, ...(body === undefined ? {} : { payload: body as object }) });
      return unwrap({ status: res.statusCode, body: res.body ? JSON.parse(res.body) : null });
    };
    return await fn(call, 'direct');
  } finally {
    await rt.close();
  }
}

type Page = { data: Record<string, unknown>[]; next_cursor: string | null };

/** Follows next_cursor to the end: CLI lists are whole. */
export async function listAll(config: Config, url: string): Promise<Record<string, unknown>[]> {
  return withInstance(config, async (call) => {
    const rows: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const p = (await call('GET', `${url}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)) as Page;
      rows.push(...p.data);
      cursor = p.next_cursor;
    } while (cursor);
    return rows;
  });
}
