import type { Clock } from '../../db/clock';
import { newId } from '../../db/ids';
import { namedOn } from '../../db/prepared';
import type { Tx } from '../../db/transaction';
import { recordEvents } from '../../ingest/events/store';
import type { ChurnReason } from '../contracts/churn-reason';
import type { EndReason } from '../contracts/conversation-port';
import type { Captured } from '../graph/state';
import type { ConversationSummary, TranscriptTurn } from '../understanding/provider';
import type { TurnAnalysisBody } from '../contracts/turn-analysis';
import { recordModelCalls, type ModelCall } from '../models/usage';

// The wrap-up's writes, in one transaction: the conversation closed with its summary and NPS, the
// churn reason with its verbatim, and the events scoring listens to (turn.analyzed,
// churn_reason.captured, nps.answered, promise.made) through ingest, which marks the account for
// rescoring in the same statement. Then the action, whose outcome is due 30 days later.

export const OUTCOME_AFTER_DAYS = 30;

export interface WrapUp {
  conversationId: string;
  accountId: string;
  contactId: string;
  play: string;
  status: 'completed' | 'failed';
  endReason: EndReason | string;
  summary: ConversationSummary;
  reason: ChurnReason | null;
  captured: Captured;
  npsComment: string | null;
  analyses: { turn: TranscriptTurn; analysis: TurnAnalysisBody }[];
  atRisk: boolean;
  /** which provider heard the reason, and when the remote one failed, why the offline answer was kept */
  provider: 'offline' | 'openai';
  providerFallback: string | null;
  /** the remote model's calls for the summary and the reason, stored with their cost */
  modelCalls: ModelCall[];
}

export async function writeBack(tx: Tx, clock: Clock, w: WrapUp): Promise<void> {
  const now = clock.now();
  const at = now.toISOString();
  const updated = await tx.query(
    namedOn(tx, 'tenure_wrapup_close', `UPDATE conversations SET status = $2, ended_at = $3, end_reason = $4, summary = $5, nps = $6, nps_comment = $7 WHERE id = $1 AND status = 'open'`),
    [w.conversationId, w.status, now, w.endReason, w.summary.summary, w.captured.nps, w.npsComment],
  );
  if (updated.rowCount === 0) return; // already wrapped up (a replay after a restart)
  if (w.modelCalls.length) await recordModelCalls(tx, w.modelCalls);
  if (w.reason) {
    await tx.query(
      namedOn(tx, 'tenure_wrapup_reason', `INSERT INTO churn_reasons (id, account_id, conversation_id, turn_id, span_start, span_end, category, detail, verbatim, competitor, feature, voluntary, sentiment, confidence, source,
                                  captured_at, provider, created_at, provider_fallback, status, alternatives)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'conversation', $15, $16, $15, $17, $18, $19)`),
      [newId('cr'), w.accountId, w.conversationId, w.reason.turn_id, w.reason.span?.[0], w.reason.span?.[1], w.reason.category, w.reason.detail, w.reason.verbatim,
        w.reason.competitor ?? null, w.reason.feature ?? null, w.reason.voluntary, w.reason.sentiment, w.reason.confidence, now, w.provider,
        w.providerFallback, w.reason.status ?? null, w.reason.alternatives ? JSON.stringify(w.reason.alternatives) : null],
    );
  }
  const base = { account_id: w.accountId, contact_id: w.contactId, occurred_at: at };
  const events: unknown[] = w.analyses.map(({ turn, analysis }) => ({
    ...base, kind: 'turn.analyzed', dedupe_key: `agent:turn.analyzed:${turn.id}`, payload: { ...analysis, conversation_id: w.conversationId, turn_id: turn.id },
  }));
  if (w.reason) events.push({ ...base, kind: 'churn_reason.captured', dedupe_key: `agent:churn_reason:${w.conversationId}`, payload: w.reason });
  if (w.captured.nps !== null) {
    events.push({ ...base, kind: 'nps.answered', dedupe_key: `agent:nps:${w.conversationId}`, payload: { score: w.captured.nps, ...(w.npsComment ? { comment: w.npsComment } : {}) } });
  }
  w.captured.promises.forEach((p, i) => {
    const due = p.dueInDays === null ? undefined : new Date(now.getTime() + p.dueInDays * 86_400_000).toISOString();
    events.push({
      ...base, kind: 'promise.made', dedupe_key: `agent:promise:${w.conversationId}:${i}`,
      payload: { promise_id: `${w.conversationId}_p${i}`, by: p.by, text: p.text, conversation_id: w.conversationId, ...(due ? { due_at: due } : {}) },
    });
  });
  await recordEvents(tx, clock, events, 'agent', 'wrap-up events');
  await tx.query(
    namedOn(tx, 'tenure_wrapup_action', `INSERT INTO actions (id, account_id, conversation_id, kind, at_risk, at, outcome_due_at) VALUES ($1, $2, $3, $4, $5, $6, $6::timestamptz + make_interval(days => $7))
     ON CONFLICT (conversation_id) DO NOTHING`),
    [newId('act'), w.accountId, w.conversationId, `conversation:${w.play}`, w.atRisk, now, OUTCOME_AFTER_DAYS],
  );
}
