import type { Clock } from '../db/clock';
import type { Database } from '../db/database';
import type { Queue } from '../db/queue';
import type { Rescorer } from '../ingest/rescore';
import { AfterReply } from './after-reply';
import type { Config } from './config';
import { TenureError } from './errors';
import type { KeyVerifier } from './keys';

/**
 * What every route and job can reach. The database arrives after the server is listening (so that
 * /healthz can say "starting" during a cold first start); routes read it at request time.
 */
export class AppContext {
  private database: Database | null = null;
  private jobQueue: Queue | null = null;
  ready = false;
  stopping = false;
  /** scoring registers itself here; the rescore sweep hands it the accounts whose events changed */
  readonly rescorers: Rescorer[] = [];
  /** work webhooks start after answering; stopping waits for it */
  readonly afterReply = new AfterReply();
  /** each voice turn's added latency in ms (a prompt in → its first text frame out); the voice benchmark listens */
  readonly relayTimings: ((ms: number) => void)[] = [];

  constructor(
    readonly config: Config,
    readonly clock: Clock,
    readonly keys: KeyVerifier,
  ) {}

  get db(): Database {
    if (!this.database) throw new TenureError('starting', 'Tenure is starting; try again in a few seconds');
    return this.database;
  }

  get queue(): Queue {
    if (!this.jobQueue) throw new TenureError('starting', 'Tenure is starting; try again in a few seconds');
    return this.jobQueue;
  }

  attach(db: Database, queue: Queue | null): void {
    this.database = db;
    this.jobQueue = queue;
  }
}
