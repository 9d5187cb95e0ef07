import type { Queryable } from '../db/transaction';
import type { Component, StoredConfig } from './config';
import { named } from '../db/prepared';
import type { ComponentScore, ScoreResult } from './score';

// Writing score rows. A row keeps each component's sub-score, weight and the strength of each of its
// signals, the top reason codes with their evidence, the config version and the as-of time.

export type ScoreKind = 'change' | 'daily' | 'backfill';

export interface StoredComponent {
  score: number | null;
  weight: number;
  effective_weight: number;
  /** signal → strength (0–1) */
  signals: Record<string, number>;
}

export function storedComponents(components: ScoreResult['components']): Partial<Record<Component, StoredComponent>> {
  const out: Partial<Record<Component, StoredComponent>> = {};
  for (const [name, c] of Object.entries(components) as [Component, ComponentScore][]) {
    out[name] = { score: c.score, weight: c.weight, effective_weight: c.effective_weight, signals: Object.fromEntries(c.signals.map((s) => [s.key, s.strength])) };
  }
  return out;
}

/** A score as it is stored: its components' sub-scores, weights and signal strengths, without the signals themselves. */
export interface StoredResult extends Omit<ScoreResult, 'components'> {
  components: Partial<Record<Component, StoredComponent>>;
}

export function toStored(r: ScoreResult): StoredResult {
  return { ...r, components: storedComponents(r.components) };
}

export function fingerprint(r: Pick<ScoreResult, 'score' | 'zone'> & { components: Partial<Record<Component, { score: number | null }>> }, version: number): string {
  const parts = Object.entries(r.components).map(([k, c]) => `${k}:${c.score ?? '-'}`);
  return `${r.score}|${r.zone.name}|${version}|${parts.join(',')}`;
}

export interface Scored {
  account_id: string;
  result: StoredResult;
  inputs_through: Date | null;
}

/**
 * The batch's alerts and escalations come after its transaction (scoring/alerts/batches.ts): the
 * statement that writes score rows also records its batch as pending, when it wrote any (a
 * data-modifying CTE runs whether or not the query reads it). A backfill writes the past, which alerts no one.
 */
const PENDING_BATCH_SQL = (ins: string, asOf: string, now: string, when: string) =>
  `INSERT INTO score_batches_pending (as_of, scored_at) SELECT ${asOf}, ${now} WHERE ${when} AND EXISTS (SELECT 1 FROM ${ins}) ON CONFLICT (as_of) DO NOTHING RETURNING 1`;

// rows per statement: fewer, larger statements; each joins the current scores once
const CHUNK = 5000;
const FEW = 50;

/** An account's current score as the store compares with it: null when it has none. */
export interface Known {
  fingerprint: string;
  inputs_through: Date | null;
}

export interface StoreOptions {
  asOf: Date;
  kind: ScoreKind;
  config: StoredConfig;
  now: Date;
  /** see db/prepared.ts */
  prepared?: boolean;
}

/**
 * Stores a batch scored at one as-of time. `checked_at` moves when a row or new inputs are written. `change`: only accounts whose fingerprint moved get a row;
 * `daily` and `backfill`: every account gets one. The current score moves forward only (a backfill of
 * the past never replaces a newer score). Returns the number of rows written.
 */
export async function storeScores(tx: Queryable & { inTransaction: true }, all: readonly Scored[], o: StoreOptions): Promise<number> {
  let known: ((accountId: string) => Known | null) | undefined;
  // most of a recompute changes nothing: compare with the current scores here and send only what moved
  // (a few accounts, as the sweep re-scores, go straight to the statement below, which compares too)
  if ((o.kind === 'change' || o.kind === 'daily') && all.length > FEW) {
    const { rows } = await tx.query<{ account_id: string } & Known>(
      'SELECT account_id, fingerprint, inputs_through FROM current_scores WHERE account_id = ANY($1)',
      [all.map((s) => s.account_id)],
    );
    const current = new Map(rows.map((k) => [k.account_id, k]));
    known = (id) => current.get(id) ?? null;
  }
  const writer = scoreWriter(tx, o);
  await writer.add(all, known);
  return writer.done();
}

/**
 * Writes score batches of one as-of time as they are scored. A chunk's statement is sent as soon as
 * the one before it has finished (one statement at a time on the transaction's connection) and is
 * not awaited before `add` returns, so a caller scoring chunk by chunk scores the next one while the
 * database stores this one.
 */
export function scoreWriter(tx: Queryable & { inTransaction: true }, o: StoreOptions) {
  let running: Promise<number> | null = null;
  let written = 0;
  const settle = async () => {
    if (running) written += await running;
    running = null;
  };
  const send = async (statement: () => Promise<number>) => {
    await settle();
    running = statement();
    // a failure is thrown where it is awaited (the next send, or done); until then it must not count as unhandled
    running.catch(() => {});
  };
  return {
    /**
     * `known`: the current score of each account, when the caller has read them (then only scores that
     * moved are sent; the nightly snapshot of a score that did not move is a copy of its current row,
     * made in the database: the same components and reasons, a new as-of). Without it every row goes
     * to the statement, which compares too.
     */
    async add(batch: readonly Scored[], known?: (accountId: string) => Known | null): Promise<void> {
      let todo = batch;
      if (known && (o.kind === 'change' || o.kind === 'daily')) {
        const unmoved: Scored[] = [];
        todo = batch.filter((s) => {
          const k = known(s.account_id);
          const moved = !k || k.fingerprint !== fingerprint(s.result, o.config.version);
          if (!moved && o.kind === 'daily') unmoved.push(s);
          return o.kind === 'daily' ? moved : moved || (k.inputs_through?.getTime() ?? null) !== (s.inputs_through?.getTime() ?? null);
        });
        for (let i = 0; i < unmoved.length; i += CHUNK * 4) await send(() => copySnapshots(tx, unmoved.slice(i, i + CHUNK * 4), o));
      }
      for (let i = 0; i < todo.length; i += CHUNK) await send(() => writeChunk(tx, todo.slice(i, i + CHUNK), o));
    },
    /** Waits for the statement still running; the number of rows written. */
    async done(): Promise<number> {
      await settle();
      return written;
    },
  };
}

async function writeChunk(tx: Queryable & { inTransaction: true }, chunk: readonly Scored[], o: StoreOptions): Promise<number> {
  const rows = chunk.map((s) => ({
    account_id: s.account_id,
    score: s.result.score,
    zone: s.result.zone.name,
    at_risk: s.result.zone.at_risk,
    escalate: s.result.zone.escalate,
    based_on: s.result.based_on,
    components_total: s.result.components_total,
    components: s.result.components,
    reason_codes: s.result.reason_codes,
    inputs_through: s.inputs_through?.toISOString() ?? null,
    fingerprint: fingerprint(s.result, o.config.version),
  }));
  const { rows: out } = await tx.query<{ n: number }>(
    named(o.prepared ? 'tenure_score_store' : null, `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(account_id text, score int, zone text, at_risk boolean, escalate boolean, based_on int, components_total int,
              components jsonb, reason_codes jsonb, inputs_through timestamptz, fingerprint text)
     ),
     todo AS (
       SELECT i.* FROM input i LEFT JOIN current_scores c ON c.account_id = i.account_id
       WHERE CASE $5
         WHEN 'change' THEN c.account_id IS NULL OR c.fingerprint <> i.fingerprint
         -- a backfill run again adds only the days it lacks
         WHEN 'backfill' THEN NOT EXISTS (SELECT 1 FROM scores s WHERE s.account_id = i.account_id AND s.as_of = $2)
         ELSE true END
     ),
     ins AS (
       INSERT INTO scores (account_id, as_of, score, zone, at_risk, escalate, based_on, components_total, components, reason_codes, config_version, inputs_through, kind, computed_at)
       SELECT account_id, $2, score, zone, at_risk, escalate, based_on, components_total, components, reason_codes, $3, inputs_through, $5, $4 FROM todo
       RETURNING id, account_id
     ),
     cur AS (
       -- an unchanged score keeps its row; only when it was last checked, and on what inputs, moves
       INSERT INTO current_scores AS c (account_id, score_id, score, zone, as_of, checked_at, inputs_through, config_version, fingerprint)
       SELECT i.account_id, coalesce(ins.id, x.score_id),
              CASE WHEN ins.id IS NULL THEN x.score ELSE i.score END, CASE WHEN ins.id IS NULL THEN x.zone ELSE i.zone END,
              CASE WHEN ins.id IS NULL THEN x.as_of ELSE $2 END, $2, i.inputs_through,
              CASE WHEN ins.id IS NULL THEN x.config_version ELSE $3 END, CASE WHEN ins.id IS NULL THEN x.fingerprint ELSE i.fingerprint END
       FROM input i LEFT JOIN ins ON ins.account_id = i.account_id LEFT JOIN current_scores x ON x.account_id = i.account_id
       -- nothing new at all (same score, same inputs): no write, so a full recompute of unchanged accounts stays a read
       WHERE ins.id IS NOT NULL OR (x.account_id IS NOT NULL AND x.inputs_through IS DISTINCT FROM i.inputs_through)
       ON CONFLICT (account_id) DO UPDATE SET score_id = EXCLUDED.score_id, score = EXCLUDED.score, zone = EXCLUDED.zone, as_of = EXCLUDED.as_of,
         checked_at = EXCLUDED.checked_at, inputs_through = EXCLUDED.inputs_through, config_version = EXCLUDED.config_version, fingerprint = EXCLUDED.fingerprint
       WHERE c.checked_at <= EXCLUDED.checked_at
       RETURNING 1
     ),
     pending AS (${PENDING_BATCH_SQL('ins', '$2', '$4', "$5 <> 'backfill'")})
     SELECT (SELECT count(*) FROM ins)::int AS n, (SELECT count(*) FROM cur)::int AS m`),
    [JSON.stringify(rows), o.asOf, o.config.version, o.now, o.kind],
  );
  return out[0]!.n;
}

/** The daily rows of accounts whose score did not move: their current row again, as of this run. */
async function copySnapshots(tx: Queryable & { inTransaction: true }, part: readonly Scored[], o: { asOf: Date; now: Date }): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `WITH input AS (SELECT * FROM unnest($1::text[], $2::timestamptz[]) AS i(account_id, inputs_through)),
     ins AS (
       INSERT INTO scores (account_id, as_of, score, zone, at_risk, escalate, based_on, components_total, components, reason_codes, config_version, inputs_through, kind, computed_at)
       SELECT s.account_id, $3, s.score, s.zone, s.at_risk, s.escalate, s.based_on, s.components_total, s.components, s.reason_codes, s.config_version, i.inputs_through, 'daily', $4
       FROM input i JOIN current_scores c ON c.account_id = i.account_id JOIN scores s ON s.id = c.score_id
       RETURNING id, account_id, inputs_through
     ),
     cur AS (
       UPDATE current_scores c SET score_id = ins.id, as_of = $3, checked_at = $3, inputs_through = ins.inputs_through
       FROM ins WHERE c.account_id = ins.account_id AND c.checked_at <= $3
       RETURNING 1
     ),
     pending AS (${PENDING_BATCH_SQL('ins', '$3', '$4', 'true')})
     SELECT (SELECT count(*) FROM ins)::int AS n, (SELECT count(*) FROM cur)::int AS m`,
    [part.map((s) => s.account_id), part.map((s) => s.inputs_through?.toISOString() ?? null), o.asOf, o.now],
  );
  return rows[0]!.n;
}
