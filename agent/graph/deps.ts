import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import type { ModelClient } from '../models/client';
import type { ToolPolicy } from '../models/policy';
import type { UnderstandingProvider } from '../understanding/provider';

/** What the nodes reach: closed over when the graph is built, never stored in a checkpoint. */
export interface GraphDeps {
  db: Database;
  clock: Clock;
  policy: ToolPolicy;
  /** reads turns and extracts reasons at wrap-up (offline, or a remote model with offline fallback) */
  understanding: UnderstandingProvider;
  /** a remote chat model for the turns; null: the scripted offline dialogue */
  chat: ModelClient | null;
  /** starts the approval thread of an offer above the limits, once the turn that asked has committed */
  startApproval(approvalId: string): Promise<void>;
  /** resolves when no customer turn in this process is waiting for its first word (turns-first.ts) */
  turnsFirst(): Promise<void>;
  /** runs work nobody waits on (a wrap-up's local steps) one at a time in this process (turns-first.ts) */
  oneAtATime<T>(work: () => Promise<T>): Promise<T>;
}
