import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Clock } from './clock';
import type { Database } from './database';
import { currentTransaction, type Queryable } from './transaction';

export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface JobContext {
  jobId: string;
  db: Database;
  queue: Queue;
  clock: Clock;
  log: Logger;
  /** 0 on the first attempt */
  retryCount: number;
  /** aborted when the queue stops: long handlers end their loop at the next step instead of outliving the database */
  signal: AbortSignal;
}

/**
 * A job type: its name, the zod schema of its data (checked when it is sent, so bad data never
 * enters the queue), its handler, and how it retries. Jobs that touch the outside world must be
 * at-most-once by state: mark a row (e.g. `dialing`) in a committed transaction before the call and
 * skip the job when the row is already marked — a retry must never repeat the call.
 */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  handler(data: z.infer<S>, ctx: JobContext): Promise<void>;
  retryLimit?: number;
  /** seconds before the first retry; doubled each time when `retryBackoff` */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** cron (UTC, minute resolution) to enqueue this job on a schedule with empty data */
  cron?: string;
  /**
   * How `singletonKey` dedupes: 'short' keeps one waiting job per key (e.g. "rescore this account"),
   * 'singleton' one active job per key, 'stately' one waiting and one active; 'standard' (default)
   * dedupes only with `singletonSeconds`.
   */
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
}

export const defineJob = <S extends z.ZodType>(d: JobDefinition<S>) => d;

export interface SendOptions {
  /** seconds from now, or a time */
  startAfter?: number | Date;
  /** deduplication key: see the job's `policy` */
  singletonKey?: string;
  /** with a singletonKey: one job per key per time slot of this many seconds, whatever the policy */
  singletonSeconds?: number;
}

const SCHEMA = 'pgboss';

/**
 * The Postgres-backed job queue (pg-boss), sharing Tenure's pool: on the embedded database that is
 * the single connection, so the queue never opens one of its own.
 */
export class Queue {
  private boss: PgBoss | null = null;
  private readonly stopping = new AbortController();
  private readonly jobs = new Map<string, JobDefinition>();

  constructor(
    private readonly db: Database,
    private readonly opts: { clock: Clock; log: Logger; pollSeconds?: number },
  ) {}

  private executor(q: Queryable) {
    return { executeSql: (text: string, values: unknown[]) => q.query(text, values) };
  }

  register(...defs: JobDefinition[]): this {
    for (const d of defs) {
      if (this.jobs.has(d.name)) throw new Error(`job ${d.name} registered twice`);
      this.jobs.set(d.name, d);
    }
    return this;
  }

  /** Creates the queue tables (if needed) and the registered queues; with `work`, starts workers and cron. */
  async start({ work }: { work: boolean }): Promise<void> {
    // Without workers there is no maintenance or cron to run: this process only sends jobs.
    const boss = new PgBoss({ db: this.executor(this.db), schema: SCHEMA, supervise: work, schedule: work });
    boss.on('error', (err) => this.opts.log.error({ err }, 'queue error'));
    await boss.start();
    this.boss = boss;
    for (const d of this.jobs.values()) {
      const options = { name: d.name, retryLimit: d.retryLimit ?? 3, retryDelay: d.retryDelay ?? 10, retryBackoff: d.retryBackoff ?? true };
      const policy = d.policy ?? 'standard';
      const existing = await boss.getQueue(d.name);
      // createQueue keeps what an earlier version made: bring its settings up to date instead
      if (!existing) await boss.createQueue(d.name, { ...options, policy });
      else await boss.updateQueue(d.name, { ...options, policy });
      if (d.cron) await boss.schedule(d.name, d.cron, {}, { tz: 'UTC' });
    }
    if (!work) return;
    for (const d of this.jobs.values()) {
      await boss.work(
        d.name,
        { pollingIntervalSeconds: this.opts.pollSeconds ?? 2, batchSize: 1, includeMetadata: true },
        async (batch: PgBoss.JobWithMetadata<unknown>[]) => {
          for (const job of batch) {
            const data = d.schema.parse(job.data ?? {});
            await d.handler(data, {
              jobId: job.id,
              db: this.db,
              queue: this,
              clock: this.opts.clock,
              log: this.opts.log,
              retryCount: job.retryCount,
              signal: this.stopping.signal,
            });
          }
        },
      );
    }
  }

  /**
   * Enqueues a job. Pass the transaction that writes the rows the job works on, so the job exists
   * exactly when they do. Returns the job id, or null when a singleton key already waits.
   */
  async send(name: string, data: unknown, opts: SendOptions = {}, tx?: Queryable): Promise<string | null> {
    const def = this.jobs.get(name);
    if (!def) throw new Error(`unknown job ${name}`);
    if (!tx && currentTransaction()) throw new Error(`queue.send('${name}') inside a transaction: pass its tx, so the job commits with the rows`);
    const parsed = def.schema.parse(data) as object;
    return this.running().send(name, parsed, {
      startAfter: opts.startAfter,
      singletonKey: opts.singletonKey,
      singletonSeconds: opts.singletonSeconds,
      ...(tx ? { db: this.executor(tx) } : {}),
    });
  }

  /** Job state, for tests and the CLI. */
  async getJob(name: string, id: string) {
    return this.running().getJobById(name, id, { includeArchive: true });
  }

  private running(): PgBoss {
    if (!this.boss) throw new Error('the queue is not started');
    return this.boss;
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    this.stopping.abort();
    await boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
