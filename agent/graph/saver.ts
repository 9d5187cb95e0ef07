import type { RunnableConfig } from '@langchain/core/runnables';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type pg from 'pg';
import { named, type Statement } from '../../db/prepared';

// LangGraph's PostgresSaver writes a checkpoint as BEGIN, one INSERT per channel, the checkpoint
// row and COMMIT: about fifteen round trips and a pooled client held across them, on every turn.
// This writes the same rows in the same tables in one statement (a data-modifying CTE is atomic),
// so reading is left to the library and nothing about the stored format changes. A caller may also
// read a thread's newest checkpoint ahead, in a statement of its own (the port reads it with the
// customer turn it stores): the run then takes that row instead of asking again.

type Row = unknown[];
type Put = Parameters<PostgresSaver['put']>;
type Writes = Parameters<PostgresSaver['putWrites']>[1];
const column = (rows: Row[], i: number) => rows.map((r) => r[i] ?? null);

/** The newest checkpoint row of a thread (the library's own SELECT), read by a caller's statement. */
export interface CheckpointRow {
  checkpoint: Parameters<PostgresSaver['_loadCheckpoint']>[0] & { v: number };
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  metadata: Record<string, unknown>;
  channel_values: Parameters<PostgresSaver['_loadCheckpoint']>[1];
  pending_writes: Parameters<PostgresSaver['_loadWrites']>[0];
}

/** A read-ahead travels in the run's `configurable` under this key, and is taken once. */
export const READ_AHEAD = 'tenure_checkpoint_read_ahead';
export interface ReadAhead {
  /** null: the thread has no checkpoint yet */
  row: CheckpointRow | null;
  taken: boolean;
}

export class BatchedPostgresSaver extends PostgresSaver {
  private readonly sql: { put: string; writesUpsert: string; writesInsert: string };

  constructor(
    private readonly db: pg.Pool,
    schema: string,
    /** named statements (PostgreSQL only; db/prepared.ts) */
    private readonly prepared = false,
  ) {
    super(db, undefined, { schema });
    const t = (name: string) => `"${schema}".${name}`;
    this.sql = {
      put: `WITH blobs AS (
              INSERT INTO ${t('checkpoint_blobs')} (thread_id, checkpoint_ns, channel, version, type, blob)
              SELECT $1, $2, b.channel, b.version, b.type, b.blob
              FROM unnest($7::text[], $8::text[], $9::text[], $10::bytea[]) AS b(channel, version, type, blob)
              ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING)
            INSERT INTO ${t('checkpoints')} (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata`,
      writesUpsert: this.writes(t('checkpoint_writes'), 'DO UPDATE SET channel = EXCLUDED.channel, type = EXCLUDED.type, blob = EXCLUDED.blob'),
      writesInsert: this.writes(t('checkpoint_writes'), 'DO NOTHING'),
    };
  }

  private statement(key: keyof BatchedPostgresSaver['sql']): Statement {
    return named(this.prepared ? `tenure_checkpoint_${key}` : null, this.sql[key]);
  }

  private writes(table: string, onConflict: string): string {
    return `INSERT INTO ${table} (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
            SELECT $1, $2, $3, $4, w.idx, w.channel, w.type, w.blob
            FROM unnest($5::int[], $6::text[], $7::text[], $8::bytea[]) AS w(idx, channel, type, blob)
            ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) ${onConflict}`;
  }

  /** SQL for the newest checkpoint row of the thread `threadParam` (a placeholder such as $1), in the default namespace. */
  newestCheckpointSql(threadParam: string): string {
    // the library's own SELECT (private in its typings), so the row is exactly what its getTuple reads
    const { SELECT_SQL } = (this as unknown as { SQL_STATEMENTS: { SELECT_SQL: string } }).SQL_STATEMENTS;
    return `${SELECT_SQL} WHERE thread_id = ${threadParam} AND checkpoint_ns = '' ORDER BY checkpoint_id DESC LIMIT 1`;
  }

  /** The run's first read of its thread's newest checkpoint takes the row read ahead; every other read asks the database. */
  override async getTuple(config: RunnableConfig): ReturnType<PostgresSaver['getTuple']> {
    const c = (config.configurable ?? {}) as { thread_id?: string; checkpoint_ns?: string; checkpoint_id?: string; [READ_AHEAD]?: ReadAhead };
    const ahead = c[READ_AHEAD];
    if (!ahead || ahead.taken || c.checkpoint_id || (c.checkpoint_ns ?? '') !== '' || !c.thread_id) return super.getTuple(config);
    ahead.taken = true;
    const row = ahead.row;
    if (!row) return undefined;
    // a checkpoint from before format 4 needs the library's migration of its pending sends
    if (row.checkpoint.v < 4 && row.parent_checkpoint_id != null) return super.getTuple(config);
    const thread = { thread_id: c.thread_id, checkpoint_ns: '' };
    return {
      config: { configurable: { ...thread, checkpoint_id: row.checkpoint_id } },
      checkpoint: await this._loadCheckpoint(row.checkpoint, row.channel_values),
      metadata: await this._loadMetadata(row.metadata),
      parentConfig: row.parent_checkpoint_id ? { configurable: { ...thread, checkpoint_id: row.parent_checkpoint_id } } : undefined,
      pendingWrites: await this._loadWrites(row.pending_writes),
    };
  }

  override async put(config: RunnableConfig, checkpoint: Put[1], metadata: Put[2], newVersions: Put[3]): Promise<RunnableConfig> {
    if (config.configurable === undefined) throw new Error('Missing "configurable" field in "config" param');
    const { thread_id, checkpoint_ns = '', checkpoint_id } = config.configurable as { thread_id: string; checkpoint_ns?: string; checkpoint_id?: string };
    const [blobs, meta] = await Promise.all([this._dumpBlobs(thread_id, checkpoint_ns, checkpoint.channel_values, newVersions), this._dumpMetadata(metadata)]);
    // blob rows are [thread_id, checkpoint_ns, channel, version, type, blob]
    await this.db.query(this.statement('put'), [
      thread_id, checkpoint_ns, checkpoint.id, checkpoint_id ?? null, this._dumpCheckpoint(checkpoint), meta,
      column(blobs, 2), column(blobs, 3), column(blobs, 4), column(blobs, 5),
    ]);
    return { configurable: { thread_id, checkpoint_ns, checkpoint_id: checkpoint.id } };
  }

  override async putWrites(config: RunnableConfig, writes: Writes, taskId: string): Promise<void> {
    const c = (config.configurable ?? {}) as { thread_id?: string; checkpoint_ns?: string; checkpoint_id?: string };
    const rows = await this._dumpWrites(c.thread_id!, c.checkpoint_ns!, c.checkpoint_id!, taskId, writes);
    if (!rows.length) return;
    // the library's special channels (error, interrupt, resume, scheduled) have negative indexes and
    // replace what is there; ordinary writes are kept first-come
    const special = rows.every((r) => r[4] < 0);
    // write rows are [thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob]
    await this.db.query(this.statement(special ? 'writesUpsert' : 'writesInsert'), [
      c.thread_id, c.checkpoint_ns, c.checkpoint_id, taskId, column(rows, 4), column(rows, 5), column(rows, 6), column(rows, 7),
    ]);
  }
}
