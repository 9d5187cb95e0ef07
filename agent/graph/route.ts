import { END } from '@langchain/langgraph';
import type { ConversationState } from './state';

/**
 * Where a conversation's run goes from the state it finds: the opening first, a wrap-up once the
 * conversation ended or its channel closed, an answer while a delivered customer turn is unheard,
 * else nowhere. The graph's START edge and the respond node (where a customer turn goes directly)
 * both follow it.
 */
export function nextStep(s: ConversationState): 'open' | 'respond' | 'wrapup' | typeof END {
  if (!s.opening) return 'open';
  if (s.wrapped) return END;
  if (s.closed || s.ended) return 'wrapup';
  return s.deliveredSeq > s.heardSeq ? 'respond' : END;
}
