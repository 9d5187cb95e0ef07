import { handOff, markDoNotContact, scheduleCallback, sendPaymentLink, endConversation } from './people';
import { offerDiscount, offerPause } from './offers';
import { recordChurnReason, recordNps, recordPromise } from './record';
import type { Tool } from './types';

/** Every tool the agent has; a model asking for any other name is refused. */
export const TOOLS: Tool[] = [recordNps, recordChurnReason, recordPromise, scheduleCallback, sendPaymentLink, offerDiscount, offerPause, handOff, markDoNotContact, endConversation];

export const toolNamed = (name: string): Tool | undefined => TOOLS.find((t) => t.name === name);
