import { Command, type LangGraphRunnableConfig, type NodeError } from '@langchain/langgraph';
import { playPrompt, say } from '../../../prompts/render';
import type { GraphDeps } from '../deps';
import type { ConversationState } from '../state';

// When a turn still fails after its retries, the customer hears an apology and that a person will
// follow up, never silence; the conversation then wraps up with what was heard so far.

export function troubleHandler(deps: GraphDeps) {
  return async function trouble(state: ConversationState, _error: NodeError, config?: LangGraphRunnableConfig) {
    const line = say(playPrompt(state.play, state.lang, state.promptVersion || undefined), 'trouble');
    const { rows } = await deps.db.query<{ seq: number }>(
      `INSERT INTO turns (id, conversation_id, seq, role, text, lang, at, event_id)
       SELECT $1, $2, coalesce(max(seq), -1) + 1, 'agent', $3, $4, $5, 'trouble' FROM turns WHERE conversation_id = $2
       ON CONFLICT DO NOTHING RETURNING seq`,
      [`${state.conversationId}_trouble`, state.conversationId, line, state.lang, deps.clock.now()],
    );
    const heard = await deps.db.query<{ seq: number }>(`SELECT coalesce(max(seq), -1) AS seq FROM turns WHERE conversation_id = $1 AND role = 'customer'`, [state.conversationId]);
    for (const word of line.match(/\S+\s*/g) ?? []) config?.writer?.({ type: 'token', text: word });
    config?.writer?.({ type: 'end', reason: 'error' });
    return new Command({
      goto: 'wrapup',
      update: {
        heardSeq: heard.rows[0]!.seq,
        ended: { reason: 'error' as const },
        lines: rows[0] ? [...state.lines, { seq: rows[0].seq, role: 'agent' as const, text: line, turnId: `${state.conversationId}_trouble` }] : state.lines,
      },
    });
  };
}
