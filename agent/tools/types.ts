import type { z } from 'zod';
import type { Clock } from '../../db/clock';
import type { Tx } from '../../db/transaction';
import type { PlayPrompt } from '../../prompts/render';
import type { EndReason } from '../contracts/conversation-port';
import type { Captured, ConversationState } from '../graph/state';

// A tool the agent may call: zod arguments, one run inside the turn's transaction, and what the
// customer hears about it. Every call passes the policy check point first (tools/run.ts).

export interface ToolContext {
  tx: Tx;
  clock: Clock;
  state: ConversationState;
  prompt: PlayPrompt;
  /** the customer turn being answered */
  turn: { seq: number; id: string; text: string };
}

export interface ToolResult {
  /** what to tell the customer about it, in their language */
  say?: string;
  captured?: Partial<Captured>;
  end?: { reason: EndReason; summary?: string };
  /** an approval this call created: the graph starts its approval thread once the turn commits */
  approvalId?: string;
  result: Record<string, unknown>;
}

export interface Tool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  parameters: S;
  run(ctx: ToolContext, args: z.infer<S>): Promise<ToolResult>;
}

export const defineTool = <S extends z.ZodObject>(t: Tool<S>): Tool => t as unknown as Tool;
