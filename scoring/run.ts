import type { Clock } from '../db/clock';
import type { Queryable } from '../db/transaction';
import { currentConfig, type StoredConfig } from './config';
import { computeScore } from './score';
import { deriveSignals } from './signals/derive';
import { measure, measureRescore, type Measures } from './signals/measures';
import { analyzePendingTexts } from './signals/texts';
import { storeScores, toStored, type ScoreKind, type Scored } from './store';

// Scoring runs: measure (set-based SQL) → signals → score → store, for some accounts or all, at one
// as-of time. The rescore sweep, the nightly recompute, the API, the CLI and the backfill all come here.

type Tx = Queryable & { inTransaction: true };

/**
 * For a statement over every account: its aggregate hashes every account's rows, so keep it in
 * memory (perf-floors.md, item 2); and no JIT: compiling the measures' sixty-odd aggregates takes
 * PostgreSQL longer (about 1.7 s) than running them.
 */
export async function setBatchSettings(tx: Tx): Promise<void> {
  await tx.query("SET LOCAL work_mem = '64MB'");
  await tx.query('SET LOCAL jit = off');
}

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
    /** named statements, parsed and planned once per connection: PostgreSQL only (see ./prepared.ts) */
    prepared?: boolean;
  },
): Promise<RunResult> {
  const now = clock.now();
  const asOf = o.asOf ?? now;
  let config = o.config;
  let scored: Scored[];
  if (o.accountIds) {
    // some accounts (the sweep's re-score): one statement reads their measures, whether texts wait for
    // analysis and the running configuration; only when texts wait are they analysed and read again
    let read = await measureRescore(tx, o.accountIds, asOf, o.prepared);
    if (read.textsPending) {
      await analyzePendingTexts(tx, o.accountIds, o.prepared);
      if (read.measures.length) read = await measureRescore(tx, o.accountIds, asOf, o.prepared);
    }
    config ??= read.config ?? (await currentConfig(tx, clock));
    scored = scoreMeasures(read.measures, asOf, config);
  } else {
    config ??= await currentConfig(tx, clock);
    await setBatchSettings(tx);
    await analyzePendingTexts(tx, null);
    scored = await computeAt(tx, null, asOf, config);
  }
  const written = await storeScores(tx, scored, { asOf, kind: o.kind ?? 'change', config, now, prepared: o.prepared });
  return { accounts: scored.length, written, config_version: config.version };
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
