import { END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import type { GraphDeps } from './deps';
import { openNode } from './nodes/open';
import { respondNode } from './nodes/respond';
import { troubleHandler } from './nodes/trouble';
import { wrapUpNode } from './nodes/wrapup';
import { nextStep } from './route';
import { ConversationState } from './state';

// The conversation graph, one thread per conversation: open → (respond per customer turn) → wrap-up.
// Wiring only; each node lives in nodes/. A run starts at START and goes where the state says
// (route.ts), except a customer turn's, which goes straight to respond (port.ts); respond routes
// itself with a Command: on to the wrap-up when the conversation ended, elsewhere when the state
// says it is not its turn.

const RETRY = { maxAttempts: 3, initialInterval: 50, backoffFactor: 2, jitter: true };

export function buildConversationGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver) {
  return new StateGraph(ConversationState)
    .addNode('open', openNode(deps), { retryPolicy: RETRY })
    .addNode('respond', respondNode(deps), { retryPolicy: RETRY, errorHandler: troubleHandler(deps), ends: ['open', 'wrapup'] })
    .addNode('wrapup', wrapUpNode(deps), { retryPolicy: RETRY })
    .addConditionalEdges(START, nextStep, ['open', 'respond', 'wrapup', END])
    .addEdge('open', END)
    .addEdge('wrapup', END)
    .compile({ checkpointer });
}

export type ConversationGraph = ReturnType<typeof buildConversationGraph>;
