import { Command, END, type LangGraphRunnableConfig } from '@langchain/langgraph';
import { playPrompt } from '../../../prompts/render';
import { namedOn } from '../../../db/prepared';
import { withDeferredTransaction } from '../../../db/transaction';
import type { AgentEvent } from '../../contracts/conversation-port';
import { offlineTurn } from '../../dialogue/offline';
import { matchOptOut } from '../../policy/opt-out';
import { remoteTurn } from '../../dialogue/remote';
import { detectLang } from '../../understanding';
import type { ToolCallRequest } from '../../models/policy';
import { logToolCalls, runToolCall, type ToolCallLog } from '../../tools/run';
import { ModelUnavailable } from '../../models/client';
import { recordModelCalls, type ModelCall } from '../../models/usage';
import type { GraphDeps } from '../deps';
import { nextStep } from '../route';
import type { ConversationState, ConversationUpdate } from '../state';

// One agent turn: answer every customer turn stored since the last one answered (the `turns` table
// is the source of truth, so a turn stored before a crash is answered after it), run the tools the
// dialogue asked for inside one transaction with the agent's reply, then speak. Replaying a turn
// after a restart stores nothing twice (the reply and tool calls are keyed by the turn).

type Emit = (e: AgentEvent) => void;
type Turn = { id: string; seq: number; text: string; lang: string | null };

/** The customer turns after the newest agent turn, read when the turn was stored (port.ts). */
export interface Unheard {
  agentSeq: number;
  turns: Turn[];
}

/**
 * The customer turns this run has not answered. The hint from the storing statement is exactly
 * that when the newest agent turn is the reply to the last turn heard (it is stored right after
 * it); otherwise (a replay after a crash, a turn stored by another process) the table is read.
 */
async function unheardTurns(deps: GraphDeps, state: ConversationState, hint: Unheard | undefined): Promise<Turn[]> {
  if (hint && hint.agentSeq === state.heardSeq + 1) return hint.turns;
  const { rows } = await deps.db.query<Turn>(
    `SELECT id, seq, text, lang FROM turns WHERE conversation_id = $1 AND role = 'customer' AND seq > $2 ORDER BY seq`,
    [state.conversationId, state.heardSeq],
  );
  return rows;
}

/** A language switch is believed only on a sentence, not on "ok" or "8". */
function switchedLang(text: string, current: string): string | null {
  if (text.trim().split(/\s+/).length < 4) return null;
  const heard = detectLang(text);
  return heard !== current.slice(0, 2) ? heard : null;
}

/** The agent's reply, numbered after the last turn, with its tool calls' log ($7); stored once per customer turn. */
const REPLY_SQL = `WITH ${logToolCalls(2, 7)}
   INSERT INTO turns (id, conversation_id, seq, role, text, lang, at, event_id)
   SELECT $1, $2, coalesce(max(seq), -1) + 1, 'agent', $3, $4, $5, $6 FROM turns WHERE conversation_id = $2
   ON CONFLICT DO NOTHING RETURNING seq`;

export function respondNode(deps: GraphDeps) {
  const answer = answerNode(deps);
  // The node routes itself (a Command to the wrap-up when the conversation ended) rather than through
  // a conditional edge: an edge is three more runnables on every customer turn's path.
  return async function respond(state: ConversationState, config: LangGraphRunnableConfig): Promise<ConversationUpdate | Command> {
    // a customer turn comes here directly: where the state says it goes elsewhere, it goes there
    const step = nextStep(state);
    if (step === END) return {};
    if (step !== 'respond') return new Command({ goto: step });
    const update = await answer(state, config);
    return update.ended ? new Command({ update, goto: 'wrapup' }) : update;
  };
}

function answerNode(deps: GraphDeps) {
  return async function answer(state: ConversationState, config: LangGraphRunnableConfig): Promise<ConversationUpdate> {
    const emit: Emit = (e) => config.writer?.(e);
    const unheard = await unheardTurns(deps, state, config.configurable?.unheard as Unheard | undefined);
    const last = unheard.at(-1);
    if (!last) return {};
    const text = unheard.map((t) => t.text).join(' ');
    const lang = last.lang ?? switchedLang(text, state.lang) ?? state.lang;
    if (lang !== state.lang) emit({ type: 'language', lang });
    const prompt = playPrompt(state.play, lang, state.promptVersion || undefined);
    const heardLines = unheard.map((t) => ({ seq: t.seq, role: 'customer' as const, text: t.text, turnId: t.id }));
    const now = { ...state, lang };

    // what to do: the remote model streams its words as they come; the script decides at once
    let streamed = '';
    let plan: { calls: ToolCallRequest[]; before: string[]; after: string[]; step: number; askedAgain: boolean; npsWhy: boolean };
    let modelCalls: ModelCall[] = [];
    plan = offlineTurn(now, text, prompt, deps.policy);
    // a "stop" is honoured by the policy's own words list, whatever a model would make of it
    if (deps.chat && !matchOptOut(text, prompt.lang)) {
      try {
        const r = await remoteTurn(deps, now, heardLines, prompt, (token) => {
          streamed += token;
          emit({ type: 'token', text: token });
        });
        modelCalls = r.modelCalls;
        // the model leads; the script still keeps count of the play's questions
        plan = { ...plan, calls: r.calls, before: [], after: streamed.trim() ? [] : plan.after };
      } catch (err) {
        // the model is unreachable: the scripted dialogue answers, so the customer never hears silence
        if (!(err instanceof ModelUnavailable) || streamed) throw err;
        modelCalls = [];
      }
    }

    const turn = { seq: last.seq, id: last.id, text };
    // the words the script (or the tools) add, all known at once: one token, so a call's socket sends
    // one frame for them rather than one per word; said once per run, even when a retry runs this again
    const said = (config.configurable?.said ?? new Set()) as Set<number>;
    const say = (words: string) => {
      if (!words.trim() || said.has(last.seq)) return;
      said.add(last.seq);
      emit({ type: 'token', text: (streamed ? ' ' : '') + words.trim() });
    };
    // the reply and the tool calls' log are one statement; a transaction begins only when a tool
    // writes (or model calls are recorded), so a plain turn costs one round trip here
    const outcome = await withDeferredTransaction(deps.db, async (tx) => {
      if (modelCalls.length) await recordModelCalls(tx, modelCalls);
      let captured = { ...state.captured };
      if (plan.npsWhy) captured.npsWhyTurn = last.id;
      const says: string[] = [];
      const approvals: string[] = [];
      const logs: ToolCallLog[] = [];
      let ended: ConversationState['ended'] = null;
      for (const call of plan.calls) {
        const r = await runToolCall({ tx, clock: deps.clock, state: { ...now, captured }, prompt, turn }, call, deps.policy);
        logs.push(r.log);
        if (r.captured) captured = { ...captured, ...r.captured };
        if (r.say) says.push(r.say);
        if (r.approvalId) approvals.push(r.approvalId);
        if (r.end && !ended) ended = r.end;
      }
      // a stop or a hand-off ends the turn: no further question after it
      const after = ended && ended.reason !== 'completed' ? [] : plan.after;
      const spoken = [...plan.before, ...says, ...after].join(' ');
      const reply = [streamed.trim(), spoken].filter(Boolean).join(' ');
      const replyId = `${state.conversationId}_r${last.seq}`;
      // the words go out as soon as they are known, before the reply is stored (as a remote model's
      // streamed words do), unless a tool wrote something they speak for ("you won't hear from us
      // again"): those wait for the commit. A crash in between replays the turn from the turns table.
      const early = !tx.writing;
      if (early) say(spoken);
      const { rows } = await tx.last<{ seq: number }>(
        namedOn(tx, 'tenure_turn_reply', REPLY_SQL),
        [replyId, state.conversationId, reply, lang, deps.clock.now(), `reply:${last.seq}`, JSON.stringify(logs)],
      );
      return { captured, approvals, ended, spoken, reply, seq: rows[0]?.seq ?? null, replyId, early };
    });
    // a replayed turn finds its reply stored already
    const seq = outcome.seq ?? (await deps.db.query<{ seq: number }>('SELECT seq FROM turns WHERE id = $1', [outcome.replyId])).rows[0]!.seq;

    if (!outcome.early) say(outcome.spoken);
    if (outcome.ended) {
      const { reason, summary } = outcome.ended;
      emit({ type: 'end', reason, ...(reason === 'handoff' ? { handoff: { summary: summary ?? 'The customer asked for a person.' } } : {}) });
    }
    for (const id of outcome.approvals) await deps.startApproval(id);
    return {
      lang,
      step: plan.step,
      askedAgain: plan.askedAgain,
      captured: outcome.captured,
      heardSeq: last.seq,
      ended: outcome.ended,
      lines: [...state.lines, ...heardLines, { seq, role: 'agent', text: outcome.reply, turnId: outcome.replyId }],
    };
  };
}
