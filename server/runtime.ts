import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { systemClock, type Clock } from '../db/clock';
import { openAllConnections, openDatabase, type Database } from '../db/database';
import { lockDataFolder } from '../db/lock';
import { migrate } from '../db/migrate';
import { seedOnFirstStart } from '../ingest/demo/first-start';
import { setSandboxWebhookTarget } from '../telephony/twilio';
import type { SeedResult } from '../ingest/demo/seed';
import { rescoreSweep } from '../ingest/rescore';
import { Queue } from '../db/queue';
import { buildApp } from './app';
import type { Config } from './config';
import { AppContext } from './context';
import { removeDiscovery, writeDiscovery } from './discovery';
import { TenureError } from './errors';
import { allJobs } from './jobs';
import { createKey, KeyVerifier } from './keys';

export interface Runtime {
  ctx: AppContext;
  app: FastifyInstance | null;
  db: Database;
  queue: Queue;
  /** where the HTTP server listens, when it does */
  url: string | null;
  /** an admin token valid for this process only (the CLI's way in) */
  localToken: string;
  adminKey: { key: string; source: 'env' | 'sandbox' } | null;
  /** the demo company, when this start seeded it */
  demo: SeedResult | null;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** listen on HTTP (false: build the app for in-process use only) */
  listen: boolean;
  /** run queue workers and cron */
  work: boolean;
  clock?: Clock;
  logger?: pino.Logger;
  /** aborting it during start-up stops cleanly (Ctrl-C during a cold first start) */
  signal?: AbortSignal;
  /** an already open database (tests); by default the one the config names is opened */
  database?: Database;
  /** called once the server listens, before the database is open (the "starting" phase) */
  onListening?: (url: string) => void;
}

export function createLogger(config: Config): pino.Logger {
  return pino({ level: config.LOG_LEVEL, base: { pid: process.pid } });
}

/**
 * Brings Tenure up: lock the data folder (embedded), listen (answering "starting"), open the database,
 * migrate, start the queue, run start-up work (a server in sandbox mode seeds the demo company into
 * an empty database), then mark ready. Start-up work of later issues (first scores) goes before `ready`.
 */
export async function startRuntime(config: Config, opts: RuntimeOptions): Promise<Runtime> {
  const log = opts.logger ?? createLogger(config);
  const clock = opts.clock ?? systemClock;
  const localToken = randomBytes(24).toString('base64url');
  const keys = new KeyVerifier({ adminKey: config.TENURE_ADMIN_KEY, localToken });
  const ctx = new AppContext(config, clock, keys);
  const lock = config.DATABASE_URL || opts.database ? undefined : lockDataFolder(config.dataDir);
  // Stopping runs in a fixed order: stop advertising, stop taking requests and let those in flight
  // finish (they need the database), stop the workers, then close the database and the lock.
  let app: FastifyInstance | null = null;
  let queue: Queue | null = null;
  let db: Database | null = null;
  let discovery = false;
  let closing: Promise<void> | null = null;
  const closeAll = () =>
    (closing ??= (async () => {
      ctx.ready = false;
      ctx.stopping = true;
      const steps: [string, (() => Promise<unknown>) | null][] = [
        ['discovery file', discovery ? async () => removeDiscovery(config.dataDir) : null],
        ['http server', app ? () => app!.close() : null],
        ['work started by webhooks', () => ctx.afterReply.settled()],
        ['queue', queue ? () => queue!.stop() : null],
        ['database', db && !opts.database ? () => db!.close() : null],
      ];
      for (const [what, step] of steps) {
        try {
          if (step) log.debug(`stopping the ${what}`);
          await step?.();
        } catch (err) {
          log.error({ err }, `error while stopping the ${what}`);
        }
      }
      lock?.release();
    })());
  const check = () => {
    if (opts.signal?.aborted) throw new TenureError('stopping', 'Start-up was interrupted');
  };
  try {
    app = await buildApp(ctx, opts.listen ? log : false);
    let url: string | null = null;
    if (opts.listen) {
      await listen(app, config);
      url = localUrl(app, config);
      // sandbox: the local Twilio simulator posts its signed webhooks here
      if (config.integrations.twilio === 'sandbox') setSandboxWebhookTarget(url);
      if (!config.DATABASE_URL && !opts.database) {
        writeDiscovery(config.dataDir, { url, token: localToken, pid: process.pid });
        discovery = true;
      }
      opts.onListening?.(url);
    }
    check();
    db = opts.database ?? (await openDatabase(config, lock));
    check();
    const applied = await migrate(db);
    if (applied.length) log.info({ applied: applied.map((m) => m.file) }, 'migrations applied');
    check();
    if (opts.listen) await openAllConnections(db);
    queue = new Queue(db, { clock, log, pollSeconds: config.TENURE_QUEUE_POLL_SECONDS });
    queue.register(...allJobs(ctx));
    await queue.start({ work: opts.work });
    ctx.attach(db, queue);
    // Only a server shows a banner; CLI commands must not write a key as a side effect.
    const adminKey = opts.listen ? await ensureAdminKey(ctx, db) : null;
    check();
    const demo = opts.listen && config.mode === 'sandbox' && config.TENURE_DEMO === 'auto' ? await seedOnFirstStart(db, clock, log, config, check) : null;
    check();
    // the seeded accounts are marked for rescoring: score them now, so the first page after "ready" has scores
    if (demo) await rescoreSweep(ctx.rescorers).run(db, clock.now(), log);
    check();
    ctx.ready = true;
    // the first tick of due work now, not at the next minute of the cron: scores, plans, calls
    if (opts.work) await queue.send('due-work', {});
    return { ctx, app, db, queue, url, localToken, adminKey, demo, close: closeAll };
  } catch (e) {
    await closeAll();
    throw e;
  }
}

async function listen(app: FastifyInstance, config: Config): Promise<void> {
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new TenureError('port_in_use', `Port ${config.PORT} on ${config.HOST} is already in use: set PORT to another port (PORT=0 picks a free one).`);
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new TenureError('port_in_use', `Cannot listen on ${config.HOST}:${config.PORT} (${code}): check HOST and PORT.`);
    throw e;
  }
}

/** The URL this process answers on, as seen from this machine (for the CLI and the banner). */
function localUrl(app: FastifyInstance, config: Config): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST === '::' ? '[::1]' : config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  return `http://${host}:${port}`;
}

/**
 * The admin key to show in the start-up banner: TENURE_ADMIN_KEY when set (in every mode); in sandbox
 * mode, a key kept in the data folder (0600) and made on first start; in live mode, none.
 */
async function ensureAdminKey(ctx: AppContext, db: Database): Promise<Runtime['adminKey']> {
  if (ctx.config.TENURE_ADMIN_KEY) return { key: ctx.config.TENURE_ADMIN_KEY, source: 'env' };
  if (ctx.config.mode !== 'sandbox') return null;
  const file = path.join(ctx.config.dataDir, 'sandbox-admin-key');
  const kept = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  if (kept && (await ctx.keys.authenticate(db, kept))?.role === 'admin') return { key: kept, source: 'sandbox' };
  const { key } = await createKey(db, ctx.clock, { name: 'sandbox admin', role: 'admin' });
  fs.mkdirSync(ctx.config.dataDir, { recursive: true });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, source: 'sandbox' };
}

export function assertWorkerAllowed(config: Config): void {
  if (!config.DATABASE_URL) {
    throw new TenureError(
      'not_supported',
      'tenure worker runs workers on their own, which needs PostgreSQL (set DATABASE_URL). ' +
        'The embedded database serves one process, and `npm start` already runs the workers in it.',
    );
  }
}
