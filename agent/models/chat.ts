import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { ModelClient } from './client';
import { CONVERSATION_RULE } from './prompts';
import type { Redactor } from './redact';
import type { ModelCall } from './usage';

// The streamed chat the conversation graph calls for each agent turn: tokens as they come, tool
// calls once their arguments are complete and valid, then the call's usage. Customer words go in
// user messages (redacted), never in the system message; placeholders the model repeats are
// restored before anyone hears or sees them.

export type ChatLine = { role: 'customer' | 'agent'; text: string };

export interface ToolSpec {
  name: string;
  description: string;
  parameters: z.ZodObject;
}

export type ChatEvent =
  | { type: 'token'; text: string }
  | { type: 'tool_call'; id: string; name: string; arguments: Record<string, unknown> }
  /** The model asked for a tool that does not exist or with arguments that fail its schema. */
  | { type: 'tool_call_invalid'; id: string; name: string; error: string }
  | { type: 'done'; call: ModelCall };

export interface ChatRequest {
  conversationId: string | null;
  /** The play's instructions (Tenure's text, never customer words). */
  instructions: string;
  history: ChatLine[];
  tools?: ToolSpec[];
  redactor: Redactor;
  lang?: string;
  signal?: AbortSignal;
}

/** Holds back a trailing "[EMAIL_" until the placeholder is complete, so it is restored whole. */
function restorer(redactor: Redactor): { push(text: string): string; flush(): string } {
  let held = '';
  return {
    push(text) {
      held += text;
      const open = held.lastIndexOf('[');
      const keep = open >= 0 && !held.slice(open).includes(']') && held.length - open <= 16 ? held.slice(open) : '';
      const ready = held.slice(0, held.length - keep.length);
      held = keep;
      return redactor.restore(ready);
    },
    flush() {
      const rest = redactor.restore(held);
      held = '';
      return rest;
    },
  };
}

export async function* streamChat(client: ModelClient, req: ChatRequest): AsyncGenerator<ChatEvent> {
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: `${req.instructions}\n\n${CONVERSATION_RULE}` },
    ...req.history.map((line): ChatCompletionMessageParam =>
      line.role === 'customer' ? { role: 'user', content: req.redactor.redact(line.text, req.lang) } : { role: 'assistant', content: req.redactor.redact(line.text, req.lang) },
    ),
  ];
  const tools: ChatCompletionTool[] = (req.tools ?? []).map((t) => ({
    type: 'function',
    function: { name: t.name, description: t.description, parameters: z.toJSONSchema(t.parameters) as Record<string, unknown> },
  }));
  const { stream, done } = await client.openStream({ conversationId: req.conversationId, messages, tools, redacted: req.redactor.size, signal: req.signal });
  const text = restorer(req.redactor);
  const calls = new Map<number, { id: string; name: string; args: string }>();
  let usage: { prompt_tokens: number; completion_tokens: number } | null = null;
  for await (const chunk of stream) {
    if (chunk.usage) usage = { prompt_tokens: chunk.usage.prompt_tokens, completion_tokens: chunk.usage.completion_tokens };
    const delta = chunk.choices[0]?.delta;
    if (!delta) continue;
    if (delta.content) {
      const ready = text.push(delta.content);
      if (ready) yield { type: 'token', text: ready };
    }
    for (const tc of delta.tool_calls ?? []) {
      const call = calls.get(tc.index) ?? { id: '', name: '', args: '' };
      if (tc.id) call.id = tc.id;
      if (tc.function?.name) call.name += tc.function.name;
      if (tc.function?.arguments) call.args += tc.function.arguments;
      calls.set(tc.index, call);
    }
  }
  const rest = text.flush();
  if (rest) yield { type: 'token', text: rest };
  for (const call of calls.values()) yield toolEvent(call, req.tools ?? [], req.redactor);
  yield { type: 'done', call: done(usage) };
}

function toolEvent(call: { id: string; name: string; args: string }, tools: ToolSpec[], redactor: Redactor): ChatEvent {
  const tool = tools.find((t) => t.name === call.name);
  if (!tool) return { type: 'tool_call_invalid', id: call.id, name: call.name, error: `no tool named ${call.name}` };
  let json: unknown;
  try {
    json = JSON.parse(redactor.restore(call.args || '{}'));
  } catch {
    return { type: 'tool_call_invalid', id: call.id, name: call.name, error: 'arguments are not JSON' };
  }
  const parsed = tool.parameters.safeParse(json);
  if (!parsed.success) return { type: 'tool_call_invalid', id: call.id, name: call.name, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { type: 'tool_call', id: call.id, name: call.name, arguments: parsed.data as Record<string, unknown> };
}
