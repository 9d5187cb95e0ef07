import { TurnAnalysis } from '../../agent/contracts/turn-analysis';
import type { Queryable } from '../../db/transaction';
import { named } from '../../db/prepared';
import { fromAnalysis, hearText, type Heard } from './turns';

// Fills text_analyses with what was heard in every customer text not yet analysed: turn.analyzed
// events first (the conversation graph's own analysis wins), then stored customer turns, CSM notes
// and NPS comments, analysed here. Each text is analysed once; scores read the table set-based.

interface Pending {
  source: 'turn' | 'note' | 'nps';
  source_id: string;
  account_id: string;
  text: string;
  lang: string | null;
  at: Date;
  known_at: Date;
}

const BATCH = 2000;

// Which texts wait, for the accounts `of(column)` selects: one home for the statements below and for
// the re-score's check in its measures statement (textsPending).
type Of = (column: string) => string;

// The turn.analyzed events not yet taken in (the conversation graph's own analysis of a turn).
const analyzedArm = (of: Of) => `SELECT 'analyzed' AS source, e.payload->>'turn_id' AS source_id, e.account_id, NULL::text AS text, NULL::text AS lang,
          e.occurred_at AS at, e.received_at AS known_at, e.id::text AS event_id, e.payload
   FROM events e
   -- exactly the predicate of events_turn_analyzed_idx (0022_score_rescore.sql), so that index serves it
   WHERE e.kind = 'turn.analyzed' AND ${of('e.account_id')}
     AND NOT EXISTS (SELECT 1 FROM text_analyses a WHERE a.source = 'turn' AND a.source_id = e.payload->>'turn_id' AND a.event_id = e.id)`;

// Stored customer turns not yet analysed.
const turnsArm = (of: Of) => `SELECT 'turn' AS source, t.turn_id AS source_id, t.account_id, t.text, t.lang, t.at, t.at AS known_at, NULL::text AS event_id, NULL::jsonb AS payload
   FROM v_customer_turns t
   WHERE ${of('t.account_id')}
     AND NOT EXISTS (SELECT 1 FROM text_analyses a WHERE a.source = 'turn' AND a.source_id = t.turn_id)`;

// CSM notes and NPS comments not yet analysed.
const othersArm = (of: Of) => `SELECT CASE e.kind WHEN 'note.logged' THEN 'note' ELSE 'nps' END, e.id::text, e.account_id,
          CASE e.kind WHEN 'note.logged' THEN e.payload->>'text' ELSE e.payload->>'comment' END, e.payload->>'lang', e.occurred_at, e.received_at, NULL, NULL
   FROM events e
   -- exactly the predicate of events_customer_texts_idx (0007_score_days.sql), so that index serves it
   WHERE (e.kind = 'note.logged' OR (e.kind = 'nps.answered' AND coalesce(e.payload->>'comment', '') <> ''))
     AND ${of('e.account_id')}
     AND NOT EXISTS (SELECT 1 FROM text_analyses a WHERE a.source = CASE e.kind WHEN 'note.logged' THEN 'note' ELSE 'nps' END AND a.source_id = e.id::text)`;

const listed: Of = (column) => `($1::text[] IS NULL OR ${column} = ANY($1))`;

// The customer texts not yet analysed: stored customer turns, and CSM notes and NPS comments.
const PENDING = `(${turnsArm(listed)} LIMIT $2)
  UNION ALL
  (${othersArm(listed)} LIMIT $2)`;

// The turn.analyzed events not yet taken in, read in the same statement as the first batch of pending texts.
const ANALYZED_AND_PENDING = `(${analyzedArm(listed)})
  UNION ALL
  ${PENDING}`;

/**
 * SQL that is true when any of the accounts in the text[] `accounts` (a parameter) has anything
 * analyzePendingTexts would take in: the re-score asks it in its measures statement and calls
 * analyzePendingTexts only when it is true (a re-score after one event usually finds nothing, and
 * saves a round trip).
 */
export const textsPending = (accounts: string): string => {
  const of: Of = (c) => `${c} = ANY(${accounts})`;
  return `(EXISTS (${analyzedArm(of)}) OR EXISTS (${turnsArm(of)}) OR EXISTS (${othersArm(of)}))`;
};

interface Row extends Omit<Pending, 'source'> {
  source: Pending['source'] | 'analyzed';
  event_id: string | null;
  payload: unknown;
}

/**
 * Fills text_analyses for these accounts (null: all): turn.analyzed events first (the conversation
 * graph's own analysis wins over ours), then the pending texts, BATCH of each arm at a time. `prepared`:
 * see db/prepared.ts.
 */
export async function analyzePendingTexts(db: Queryable, accountIds: readonly string[] | null, prepared = false): Promise<number> {
  const ids = accountIds ? [...accountIds] : null;
  let n = 0;
  let { rows } = await db.query<Row>(named(ids && prepared ? 'tenure_score_texts_some' : null, ANALYZED_AND_PENDING), [ids, BATCH]);
  const fromEvents = rows.flatMap((e) => {
    if (e.source !== 'analyzed') return [];
    const parsed = TurnAnalysis.safeParse(e.payload);
    if (!parsed.success) return []; // the registry validated it on the way in; a later schema change must not stop scoring
    return [{ source: 'turn' as const, source_id: parsed.data.turn_id, account_id: e.account_id, at: e.at, known_at: e.known_at, event_id: e.event_id, heard: fromAnalysis(parsed.data) }];
  });
  n += await insert(db, fromEvents, true);
  // a turn the graph analysed is stored from its event above, not heard again here
  const taken = new Set(fromEvents.map((e) => e.source_id));
  for (;;) {
    const pending = rows.filter((r): r is Row & Pending => r.source !== 'analyzed' && !(r.source === 'turn' && taken.has(r.source_id)));
    n += await insert(db, pending.map((r) => ({ ...r, event_id: null, heard: hearText(r.text, r.lang) })), false);
    // each arm is limited to BATCH rows: only a full arm can have left texts behind
    const turns = rows.filter((r) => r.source === 'turn').length;
    const others = rows.filter((r) => r.source === 'note' || r.source === 'nps').length;
    if (turns < BATCH && others < BATCH) return n;
    ({ rows } = await db.query<Row>(PENDING, [ids, BATCH]));
    if (rows.length === 0) return n;
  }
}

async function insert(
  db: Queryable,
  rows: { source: string; source_id: string; account_id: string; at: Date; known_at: Date; event_id: string | null; heard: Heard }[],
  replace: boolean,
): Promise<number> {
  if (rows.length === 0) return 0;
  const json = rows.map((r) => ({
    source: r.source,
    source_id: r.source_id,
    account_id: r.account_id,
    at: r.at.toISOString(),
    known_at: r.known_at.toISOString(),
    sentiment: Math.max(-1, Math.min(1, r.heard.sentiment)),
    risk_families: r.heard.riskFamilies,
    signal_families: r.heard.signalFamilies,
    cancellation_intent: r.heard.cancellationIntent,
    formality: r.heard.formality,
    features: r.heard.features,
    provider_version: r.heard.providerVersion,
    event_id: r.event_id,
  }));
  await db.query(
    `INSERT INTO text_analyses (source, source_id, account_id, at, known_at, sentiment, risk_families, signal_families, cancellation_intent, formality, features, provider_version, event_id)
     SELECT source, source_id, account_id, at, known_at, sentiment, risk_families, signal_families, cancellation_intent, formality, features, provider_version, event_id
     FROM jsonb_to_recordset($1::jsonb) AS r(source text, source_id text, account_id text, at timestamptz, known_at timestamptz, sentiment real, risk_families text[],
          signal_families text[], cancellation_intent boolean, formality text, features text[], provider_version text, event_id bigint)
     ON CONFLICT (source, source_id) DO ${replace ? `UPDATE SET at = excluded.at, known_at = excluded.known_at, sentiment = excluded.sentiment, risk_families = excluded.risk_families,
       signal_families = excluded.signal_families, cancellation_intent = excluded.cancellation_intent, formality = excluded.formality, features = excluded.features,
       provider_version = excluded.provider_version, event_id = excluded.event_id` : 'NOTHING'}`,
    [JSON.stringify(json)],
  );
  return rows.length;
}
