import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { systemClock, type Clock } from '../../db/clock';
import type { Config } from '../../server/config';
import { Breaker } from './breaker';
import { costOf, priceOf, type CallOutcome, type CallPurpose, type ModelCall } from './usage';

// The one way Tenure talks to an OpenAI-compatible endpoint (OpenAI, Azure, Ollama, vLLM,
// llama.cpp, or the local server of the tests), through the real `openai` SDK. The SDK's own retries
// are off: this module retries connection failures, timeouts, 429/5xx and schema-failing answers
// alike, with backoff, records every attempt, and stops calling an endpoint that keeps refusing
// connections for a cool-down (breaker.ts).

export interface ModelSettings {
  apiKey: string;
  baseURL?: string;
  /** The model the conversation graph talks with. */
  conversationModel: string;
  /** The model that extracts turn analyses and churn reasons (temperature 0). */
  extractionModel: string;
  timeoutMs: number;
  maxRetries: number;
  /** First backoff delay; doubled each retry, with jitter. */
  backoffMs: number;
  redact: boolean;
  breakerFailures: number;
  coolDownMs: number;
  costPerMTok?: string;
  maxDiscountPercent: number;
}

export const DEFAULT_MODEL = 'gpt-4o-mini';

/** The remote-model settings, or null when none is configured (then the offline provider serves). */
export function modelSettings(config: Config): ModelSettings | null {
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) return null;
  const conversationModel = config.OPENAI_MODEL ?? DEFAULT_MODEL;
  return {
    // local servers take any key; the SDK refuses an empty one
    apiKey: config.OPENAI_API_KEY ?? 'no-key',
    baseURL: config.OPENAI_BASE_URL,
    conversationModel,
    extractionModel: config.OPENAI_EXTRACTION_MODEL ?? conversationModel,
    timeoutMs: Math.round(config.OPENAI_TIMEOUT_SECONDS * 1000),
    maxRetries: config.OPENAI_MAX_RETRIES,
    backoffMs: 250,
    redact: config.OPENAI_REDACT === 'on',
    breakerFailures: config.OPENAI_BREAKER_FAILURES,
    coolDownMs: Math.round(config.OPENAI_COOLDOWN_SECONDS * 1000),
    costPerMTok: config.OPENAI_COST_PER_MTOK,
    maxDiscountPercent: config.TENURE_MAX_DISCOUNT_PERCENT,
  };
}

export interface ClientOptions {
  log?: Logger;
  /** Every attempt, as it ends (the caller stores the ones made for a conversation). */
  onCall?: (call: ModelCall) => void;
  /** When each call is recorded as made (the conversation's clock); latency and the cool-down use the wall clock. */
  clock?: Clock;
}

export type Attempted<R> = { ok: true; value: R; attempts: number; calls: ModelCall[] } | { ok: false; reason: CallOutcome; attempts: number; calls: ModelCall[] };

export interface StructuredRequest<S extends z.ZodType, R> {
  purpose: CallPurpose;
  conversationId: string | null;
  schemaName: string;
  schema: S;
  system: string;
  /** The data: customer words, already redacted, as one JSON document. */
  user: string;
  redacted: number;
  /** Turns a schema-valid answer into the result, or undefined when it cannot be used (counts as malformed). */
  finish: (answer: z.infer<S>) => R | undefined;
}

export class ModelUnavailable extends Error {
  constructor(readonly reason: CallOutcome) {
    super(`The model endpoint is unavailable (${reason}).`);
  }
}

// Bounds some endpoints refuse in a strict json_schema (OpenAI's strict subset has no string
// lengths; some servers reject numeric bounds). They are left out of what is sent and still
// enforced here: every answer is parsed with the full zod schema.
const UNPORTABLE = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'format', '$schema']);

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k]) => !UNPORTABLE.has(k)).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, strip(s)])) : strip(v)]));
}

function portable<F extends ReturnType<typeof zodResponseFormat>>(format: F): F {
  return { ...format, json_schema: { ...format.json_schema, schema: strip(format.json_schema.schema) as Record<string, unknown> } };
}

const RETRYABLE_STATUS = new Set([408, 409, 429, 500, 502, 503, 504]);

export class ModelClient {
  readonly openai: OpenAI;
  readonly breaker: Breaker;
  private readonly price: [number, number] | null;
  private readonly extractionPrice: [number, number] | null;
  /** The JSON schema sent for each structured answer, made once per schema name. */
  private readonly formats = new Map<string, ReturnType<typeof zodResponseFormat>>();

  constructor(
    readonly settings: ModelSettings,
    private readonly options: ClientOptions = {},
  ) {
    this.openai = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, maxRetries: 0, timeout: settings.timeoutMs });
    this.breaker = new Breaker(settings.breakerFailures, settings.coolDownMs);
    this.price = priceOf(settings.conversationModel, settings.costPerMTok);
    this.extractionPrice = priceOf(settings.extractionModel, settings.costPerMTok);
  }

  private now(): Date {
    return (this.options.clock ?? systemClock).now();
  }

  private record(call: Omit<ModelCall, 'at' | 'cost_usd'>, price: [number, number] | null): ModelCall {
    const full: ModelCall = { ...call, cost_usd: costOf(price, call.prompt_tokens, call.completion_tokens), at: this.now() };
    this.options.log?.info(full, 'model call');
    this.options.onCall?.(full);
    return full;
  }

  /** Classifies a failed request; connection failures and timeouts also feed the breaker. */
  private failure(e: unknown): { outcome: CallOutcome; status: number | null; retry: boolean } {
    if (e instanceof APIConnectionTimeoutError) return { outcome: 'timeout', status: null, retry: true };
    if (e instanceof APIUserAbortError) return { outcome: 'timeout', status: null, retry: false };
    if (e instanceof APIConnectionError) return { outcome: 'connection', status: null, retry: true };
    if (e instanceof APIError && typeof e.status === 'number') return { outcome: 'http_error', status: e.status, retry: RETRYABLE_STATUS.has(e.status) };
    throw e;
  }

  private async backoff(attempt: number): Promise<void> {
    const ms = this.settings.backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
    await new Promise((r) => setTimeout(r, ms));
  }

  /**
   * A structured extraction at temperature 0: the answer must parse as JSON and pass `schema` (sent
   * as the json_schema response format), then `finish`; otherwise it is rejected (never stored) and
   * tried again. Resolves with the failure reason instead of throwing, for the caller's fallback.
   */
  async structured<S extends z.ZodType, R>(req: StructuredRequest<S, R>): Promise<Attempted<R>> {
    const model = this.settings.extractionModel;
    const calls: ModelCall[] = [];
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: req.system },
      { role: 'user', content: req.user },
    ];
    const format = this.formats.get(req.schemaName) ?? portable(zodResponseFormat(req.schema, req.schemaName));
    this.formats.set(req.schemaName, format);
    let last: CallOutcome = 'connection';
    const attempts = 1 + this.settings.maxRetries;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const base = { conversation_id: req.conversationId, purpose: req.purpose, model, attempt, redacted: req.redacted };
      if (this.breaker.isOpen()) {
        calls.push(this.record({ ...base, outcome: 'circuit_open', status_code: null, prompt_tokens: null, completion_tokens: null, latency_ms: 0 }, null));
        return { ok: false, reason: 'circuit_open', attempts: attempt, calls };
      }
      if (attempt > 1) await this.backoff(attempt - 1);
      const started = performance.now();
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await this.openai.chat.completions.create({ model, temperature: 0, messages, response_format: format });
      } catch (e) {
        const f = this.failure(e);
        if (f.outcome === 'timeout' || f.outcome === 'connection') this.breaker.connectionFailure();
        last = f.outcome;
        calls.push(this.record({ ...base, outcome: f.outcome, status_code: f.status, prompt_tokens: null, completion_tokens: null, latency_ms: Math.round(performance.now() - started) }, null));
        if (!f.retry) break;
        continue;
      }
      this.breaker.success();
      const usage = { prompt_tokens: completion.usage?.prompt_tokens ?? null, completion_tokens: completion.usage?.completion_tokens ?? null };
      const value = this.accept(completion.choices[0]?.message?.content, req);
      const outcome: CallOutcome = value === undefined ? 'malformed' : 'ok';
      calls.push(this.record({ ...base, outcome, status_code: 200, ...usage, latency_ms: Math.round(performance.now() - started) }, this.extractionPrice));
      if (value !== undefined) return { ok: true, value, attempts: attempt, calls };
      last = 'malformed';
    }
    return { ok: false, reason: last, attempts: calls.length, calls };
  }

  private accept<S extends z.ZodType, R>(content: string | null | undefined, req: StructuredRequest<S, R>): R | undefined {
    if (!content) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      return undefined;
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) return undefined;
    try {
      return req.finish(parsed.data);
    } catch {
      return undefined;
    }
  }

  /**
   * A streamed chat completion for the conversation graph. Retries happen only before the first
   * chunk (after that the customer has heard words). Throws ModelUnavailable when no attempt worked.
   */
  async openStream(o: {
    conversationId: string | null;
    messages: ChatCompletionMessageParam[];
    tools?: OpenAI.Chat.Completions.ChatCompletionTool[];
    redacted: number;
    signal?: AbortSignal;
  }): Promise<{ stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>; done: (usage: { prompt_tokens: number; completion_tokens: number } | null) => ModelCall }> {
    const model = this.settings.conversationModel;
    const attempts = 1 + this.settings.maxRetries;
    let last: CallOutcome = 'connection';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const base = { conversation_id: o.conversationId, purpose: 'conversation' as const, model, attempt, redacted: o.redacted };
      if (this.breaker.isOpen()) {
        this.record({ ...base, outcome: 'circuit_open', status_code: null, prompt_tokens: null, completion_tokens: null, latency_ms: 0 }, null);
        throw new ModelUnavailable('circuit_open');
      }
      if (attempt > 1) await this.backoff(attempt - 1);
      const started = performance.now();
      try {
        const stream = await this.openai.chat.completions.create(
          { model, messages: o.messages, stream: true, stream_options: { include_usage: true }, ...(o.tools?.length ? { tools: o.tools } : {}) },
          { signal: o.signal },
        );
        this.breaker.success();
        const done = (usage: { prompt_tokens: number; completion_tokens: number } | null) =>
          this.record({ ...base, outcome: 'ok', status_code: 200, prompt_tokens: usage?.prompt_tokens ?? null, completion_tokens: usage?.completion_tokens ?? null, latency_ms: Math.round(performance.now() - started) }, this.price);
        return { stream, done };
      } catch (e) {
        const f = this.failure(e);
        if (f.outcome === 'timeout' || f.outcome === 'connection') this.breaker.connectionFailure();
        last = f.outcome;
        this.record({ ...base, outcome: f.outcome, status_code: f.status, prompt_tokens: null, completion_tokens: null, latency_ms: Math.round(performance.now() - started) }, null);
        if (!f.retry || o.signal?.aborted) break;
      }
    }
    throw new ModelUnavailable(last);
  }
}
