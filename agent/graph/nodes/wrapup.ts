import { withTransaction } from '../../../db/transaction';
import { writeBack } from '../../conversations/writeback';
import { isAtRisk } from '../../contracts/turn-analysis';
import { analyzeTurn } from '../../understanding';
import { RemoteUnderstanding } from '../../models/understanding';
import type { Transcript } from '../../understanding/provider';
import type { GraphDeps } from '../deps';
import type { ConversationState, ConversationUpdate } from '../state';

// Wrap-up: what was heard becomes records. The summary and the churn reason come from the
// understanding provider (its verbatim is located in a customer turn); in an NPS conversation the
// turn that explained the score is its comment, and a why that names a problem is a churn reason.

export function wrapUpNode(deps: GraphDeps) {
  // Nobody waits on a wrap-up (turns-first.ts): its local steps go one wrap-up at a time, and each
  // CPU-bound step waits until no customer turn in this process is waiting for its first word.
  const breathe = deps.turnsFirst;
  return async function wrapup(state: ConversationState): Promise<ConversationUpdate> {
    const transcript: Transcript = {
      conversation_id: state.conversationId,
      lang: state.lang,
      turns: state.lines.map((l) => ({ id: l.turnId, speaker: l.role, text: l.text })),
    };
    const customer = transcript.turns.filter((t) => t.speaker === 'customer');
    // a remote provider says which answers are its own and which fell back to the offline one; its
    // seconds of waiting come before the queue, so they never hold up other conversations' wrap-ups
    const remote = deps.understanding instanceof RemoteUnderstanding ? deps.understanding : null;
    const said = remote ? await remote.summarizeOutcome(transcript) : null;
    const outcome = customer.length && remote ? await remote.extractReasonOutcome(transcript) : null;
    return deps.oneAtATime(async () => {
      await breathe();
      const summary = said?.value ?? (await deps.understanding.summarize(transcript));
      await breathe();
      // the transcript is the scope in which each turn is heard once: the summary, the reason and
      // these analyses read the same customer turns (agent/understanding/analyze.ts)
      const analyses = customer.map((turn) => ({ turn, analysis: analyzeTurn(turn.text, undefined, transcript) }));
      await breathe();
      const heard = outcome ? outcome.value : customer.length ? await deps.understanding.extractReason(transcript) : null;
      // a churn reason needs a named problem: the quoted turn at risk (a risk phrase, cancellation
      // intent), or else a negative tone or a confident category from someone who is not a promoter.
      // "I'd say a 10 honestly" or a 9's praise is not a reason to leave, whatever a classifier guesses.
      const quoted = analyses.find((a) => a.turn.id === heard?.turn_id);
      const promoter = (state.captured.nps ?? 0) >= 9;
      const named = heard !== null && ((quoted !== undefined && isAtRisk(quoted.analysis)) || (!promoter && (heard.sentiment === 'negative' || heard.confidence >= 0.5)));
      const reason = named ? heard : null;
      await breathe();
      const npsComment = state.captured.npsWhyTurn ? (customer.find((t) => t.id === state.captured.npsWhyTurn)?.text ?? null) : null;
      const endReason = state.closed ?? state.ended?.reason ?? 'completed';
      await withTransaction(deps.db, (tx) =>
        writeBack(tx, deps.clock, {
          conversationId: state.conversationId,
          accountId: state.accountId,
          contactId: state.contactId,
          play: state.play,
          status: state.ended?.reason === 'error' ? 'failed' : 'completed',
          endReason,
          summary,
          reason,
          captured: state.captured,
          npsComment,
          analyses,
          atRisk: Boolean(state.thread?.atRisk) || reason !== null,
          provider: outcome?.provider ?? 'offline',
          providerFallback: outcome?.fallback?.reason ?? null,
          modelCalls: [...(said?.calls ?? []), ...(outcome?.calls ?? [])],
        }),
      );
      return { wrapped: true };
    });
  };
}
