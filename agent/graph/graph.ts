import { END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import type { GraphDeps } from './deps';
import { openNode } from './nodes/open';
import { respondNode } from './nodes/respond';
import { troubleHandler } from './nodes/trouble';
import { wrapUpNode } from './nodes/wrapup';
import { ConversationState } from './state';

// The conversation graph, one thread per conversation: open → (respond per customer turn) → wrap-up.
// Wiring only; each node lives in nodes/. Every run starts at START and goes where the state says;
// respond goes on to the wrap-up by itself (a Command) when the conversation ended.

const RETRY = { maxAttempts: 3, initialInterval: 50, backoffFactor: 2, jitter: true };

function route(s: typeof ConversationState.State): 'open' | 'respond' | 'wrapup' | typeof END {
  if (!s.opening) return 'open';
  if (s.wrapped) return END;
  if (s.closed || s.ended) return 'wrapup';
  return s.deliveredSeq > s.heardSeq ? 'respond' : END;
}

export function buildConversationGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver) {
  return new StateGraph(ConversationState)
    .addNode('open', openNode(deps), { retryPolicy: RETRY })
    .addNode('respond', respondNode(deps), { retryPolicy: RETRY, errorHandler: troubleHandler(deps), ends: ['wrapup'] })
    .addNode('wrapup', wrapUpNode(deps), { retryPolicy: RETRY })
    .addConditionalEdges(START, route, ['open', 'respond', 'wrapup', END])
    .addEdge('open', END)
    .addEdge('wrapup', END)
    .compile({ checkpointer });
}

export type ConversationGraph = ReturnType<typeof buildConversationGraph>;
