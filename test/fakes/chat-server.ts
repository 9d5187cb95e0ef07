import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// A local server that speaks the Chat Completions API (POST /v1/chat/completions), for tests: plain
// and streamed answers, tool calls, JSON-schema answers, each scripted per test. It can answer with
// malformed output, hang past the client's timeout, fail with a status, or obey an injection (the
// script decides what to say). It binds 127.0.0.1 on an ephemeral port and records every request
// body it received.

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string | null }[];
  stream?: boolean;
  temperature?: number;
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
  tools?: { type: string; function: { name: string } }[];
  [key: string]: unknown;
}

export type Reply =
  /** A JSON answer (what a json_schema response carries), sent as the message content. */
  | { json: unknown }
  /** Plain text (streamed word by word when the request asks for a stream). */
  | { text: string }
  /** Tool calls, with their arguments as an object (or a raw string). */
  | { tool_calls: { name: string; arguments: unknown }[]; text?: string }
  /** Content that is not JSON at all. */
  | { malformed: true }
  /** No answer until the server closes: the client's timeout fires. */
  | { hang: true }
  | { status: number; body?: unknown };

export type Script = (request: ChatRequestBody, index: number) => Reply;

export interface ChatServer {
  /** The base URL for the SDK (`…/v1`). */
  url: string;
  /** Every request body received, in order. */
  requests: ChatRequestBody[];
  /** Replies used in order, before the script function. */
  queue: Reply[];
  script: Script;
  close(): Promise<void>;
}

const usage = (req: ChatRequestBody, out: string) => ({
  prompt_tokens: Math.ceil(JSON.stringify(req.messages).length / 4),
  completion_tokens: Math.max(1, Math.ceil(out.length / 4)),
  total_tokens: 0,
});

function completion(req: ChatRequestBody, reply: Exclude<Reply, { hang: true } | { status: number }>) {
  const base = { id: `chatcmpl-${Math.random().toString(36).slice(2)}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: req.model };
  if ('tool_calls' in reply) {
    const calls = reply.tool_calls.map((c, i) => ({ id: `call_${i}`, type: 'function', function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) } }));
    return { ...base, choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: reply.text ?? null, tool_calls: calls } }], usage: usage(req, JSON.stringify(calls)) };
  }
  const content = 'json' in reply ? JSON.stringify(reply.json) : 'text' in reply ? reply.text : '{"category": "price", oops this is not json';
  return { ...base, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }], usage: usage(req, content) };
}

function chunks(req: ChatRequestBody, reply: Exclude<Reply, { hang: true } | { status: number }>): unknown[] {
  const base = { id: `chatcmpl-${Math.random().toString(36).slice(2)}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: req.model };
  const out: unknown[] = [{ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }];
  const text = 'json' in reply ? JSON.stringify(reply.json) : 'tool_calls' in reply ? (reply.text ?? '') : 'text' in reply ? reply.text : '{"oops';
  // word by word, splitting placeholders too, as real models do
  for (const piece of text.match(/\S+\s*|\s+/g) ?? []) {
    for (let i = 0; i < piece.length; i += 5) out.push({ ...base, choices: [{ index: 0, delta: { content: piece.slice(i, i + 5) }, finish_reason: null }] });
  }
  if ('tool_calls' in reply) {
    reply.tool_calls.forEach((c, index) => {
      const args = typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments);
      out.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, id: `call_${index}`, type: 'function', function: { name: c.name, arguments: '' } }] }, finish_reason: null }] });
      for (let i = 0; i < args.length; i += 7) out.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: args.slice(i, i + 7) } }] }, finish_reason: null }] });
    });
  }
  out.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' in reply ? 'tool_calls' : 'stop' }] });
  if ((req.stream_options as { include_usage?: boolean } | undefined)?.include_usage) out.push({ ...base, choices: [], usage: usage(req, text) });
  return out;
}

export async function startChatServer(script: Script = () => ({ text: 'Hello.' })): Promise<ChatServer> {
  const sockets = new Set<Socket>();
  const state: ChatServer = { url: '', requests: [], queue: [], script, close: async () => {} };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const body = JSON.parse(raw) as ChatRequestBody;
      const index = state.requests.push(body) - 1;
      const reply = state.queue.shift() ?? state.script(body, index);
      if ('hang' in reply) return; // the socket is destroyed by close()
      if ('status' in reply) {
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body ?? { error: { message: `status ${reply.status}` } }));
        return;
      }
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        for (const c of chunks(body, reply)) res.write(`data: ${JSON.stringify(c)}\n\n`);
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion(body, reply)));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** The user-message data of a request: what Tenure sent as the customer's words. */
export function sentData(request: ChatRequestBody): Record<string, unknown> {
  const user = request.messages.find((m) => m.role === 'user');
  return JSON.parse(user?.content ?? '{}') as Record<string, unknown>;
}

/** Which extraction a request is (turn_analysis, churn_reason, summary), from its response format. */
export function schemaName(request: ChatRequestBody): string | undefined {
  return request.response_format?.json_schema?.name;
}
