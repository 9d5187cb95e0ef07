import type { Clock } from '../db/clock';
import type { Queryable } from '../db/transaction';
import { currentConfig, type StoredConfig } from './config';
import { computeScore } from './score';
import { deriveSignals } from './signals/derive';
import { measure, measureRescore, type Measures } from './signals/measures';
import { analyzePendingTexts } from './signals/texts';
import { fingerprint, scoreWriter, storeScores, toStored, type Known, type ScoreKind, type Scored } from './store';

// Scoring runs: measure (set-based SQL) → signals → score → store, for some accounts or all, at one
// as-of time. The rescore sweep, the nightly recompute, the API, the CLI and the backfill all come here.

type Tx = Queryable & { inTransaction: true };

/**
 * For a statement over every account: its aggregate hashes every account's rows, so keep it in
 * memory (perf-floors.md, item 2). At 64MB the per-bucket aggregate of 100,000 accounts' 150 days
 * (3.5 million daily rows) was sorted on disk in parallel workers (6.4 s); at 256MB it is one hash
 * aggregate in memory, about 190 MB at that size (4.9 s). A few thousand accounts use a few MB. And
 * no JIT: compiling the measures' sixty-odd aggregates takes PostgreSQL longer (about 1.7 s) than
 * running them.
 */
export async function setBatchSettings(tx: Tx): Promise<void> {
  await tx.query("SET LOCAL work_mem = '256MB'");
  await tx.query('SET LOCAL jit = off');
}

// accounts scored between two writes of a full recompute: the store's statement size
const SCORE_CHUNK = 5000;

export interface RunResult {
  accounts: number;
  written: number;
  config_version: number;
}

/** Scores of these accounts (null: all) at `asOf`, computed but not stored. */
export async function computeAt(db: Queryable, accountIds: readonly string[] | null, asOf: Date, config: Pick<StoredConfig, 'weights' | 'zones'>, prepared = false): Promise<Scored[]> {
  return scoreMeasures(await measure(db, accountIds, asOf, prepared), asOf, config);
}

function scoreMeasures(measures: readonly Measures[], asOf: Date, config: Pick<StoredConfig, 'weights' | 'zones'>): Scored[] {
  return measures.flatMap((m) => {
    const result = computeScore(deriveSignals(m, asOf), config);
    // kept as stored (sub-scores and strengths), so the signals and their evidence are let go at once
    return result ? [{ account_id: m.account_id, result: toStored(result), inputs_through: m.inputs_through }] : [];
  });
}

export async function scoreAccounts(
  tx: Tx,
  clock: Clock,
  o: {
    accountIds: readonly string[] | null;
    kind?: ScoreKind;
    asOf?: Date;
    config?: StoredConfig;
    /** named statements, parsed and planned once per connection: PostgreSQL only (see db/prepared.ts) */
    prepared?: boolean;
  },
): Promise<RunResult> {
  const now = clock.now();
  const asOf = o.asOf ?? now;
  const kind = o.kind ?? 'change';
  let config = o.config;
  if (o.accountIds) {
    // some accounts (the sweep's re-score): one statement reads their measures, whether texts wait for
    // analysis and the running configuration; only when texts wait are they analysed and read again
    let read = await measureRescore(tx, o.accountIds, asOf, o.prepared);
    if (read.textsPending) {
      await analyzePendingTexts(tx, o.accountIds, o.prepared);
      if (read.measures.length) read = await measureRescore(tx, o.accountIds, asOf, o.prepared);
    }
    config ??= read.config ?? (await currentConfig(tx, clock));
    const scored = scoreMeasures(read.measures, asOf, config);
    const written = await storeScores(tx, scored, { asOf, kind, config, now, prepared: o.prepared });
    return { accounts: scored.length, written, config_version: config.version };
  }
  config ??= await currentConfig(tx, clock);
  await setBatchSettings(tx);
  await analyzePendingTexts(tx, null);
  const measures = await measure(tx, null, asOf);
  // every account: scored a chunk at a time, each chunk stored while the next is scored
  const byId = new Map(measures.map((m) => [m.account_id, m]));
  const known = (id: string): Known | null => {
    const m = byId.get(id)!;
    return m.current_fingerprint == null ? null : { fingerprint: m.current_fingerprint, inputs_through: m.current_inputs_through ?? null };
  };
  const writer = scoreWriter(tx, { asOf, kind, config, now, prepared: o.prepared });
  let accounts = 0;
  for (let i = 0; i < measures.length; i += SCORE_CHUNK) {
    const scored: Scored[] = [];
    for (const m of measures.slice(i, i + SCORE_CHUNK)) {
      const signals = deriveSignals(m, asOf);
      const plain = computeScore(signals, config, { reasons: false });
      if (!plain) continue;
      accounts++;
      // the same score on the same inputs writes nothing: its reasons in plain words are not built
      const k = kind === 'change' ? known(m.account_id) : null;
      if (k && k.fingerprint === fingerprint(plain, config.version) && k.inputs_through?.getTime() === m.inputs_through?.getTime()) continue;
      scored.push({ account_id: m.account_id, result: toStored(computeScore(signals, config)!), inputs_through: m.inputs_through });
    }
    await writer.add(scored, known);
  }
  const written = await writer.done();
  return { accounts, written, config_version: config.version };
}

export const DAY_MS = 86_400_000;

/** Day boundaries (UTC midnight) from `from` to `to`, inclusive: the as-of times of a backfill. */
export function backfillDays(from: Date, to: Date): Date[] {
  const days: Date[] = [];
  for (let t = Math.ceil(from.getTime() / DAY_MS) * DAY_MS; t <= to.getTime(); t += DAY_MS) days.push(new Date(t));
  return days;
}

/**
 * Point-in-time scores for each day in [from, to]: each as-of sees only inputs that had occurred
 * and been received by then. Texts are analysed once, first.
 */
export async function backfill(
  tx: Tx,
  clock: Clock,
  o: {
    from: Date;
    to: Date;
    /** only these days (default: every day) */
    days?: Date[];
    onDay?: (day: Date, i: number, n: number) => void;
    /** the caller analysed pending texts already (the history job does it once per tick, not once per day) */
    textsAnalyzed?: boolean;
  },
): Promise<RunResult & { days: number }> {
  const config = await currentConfig(tx, clock);
  if (!o.textsAnalyzed) await analyzePendingTexts(tx, null);
  await setBatchSettings(tx);
  const days = o.days ?? backfillDays(o.from, o.to);
  let accounts = 0;
  let written = 0;
  for (const [i, day] of days.entries()) {
    const scored = await computeAt(tx, null, day, config);
    written += await storeScores(tx, scored, { asOf: day, kind: 'backfill', config, now: clock.now() });
    accounts = Math.max(accounts, scored.length);
    o.onDay?.(day, i + 1, days.length);
  }
  return { accounts, written, config_version: config.version, days: days.length };
}
