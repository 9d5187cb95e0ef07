import type { ChurnReason, Provider, TurnAnalysisBody } from '../contracts';

// The one interface every conversation-understanding provider implements. The offline provider
// answers at once; a remote one (agent/models/, any OpenAI-compatible endpoint) answers later,
// hence Awaitable. Callers that need the answer now (scoring, the demo generator) import the
// offline functions directly.

export type Awaitable<T> = T | Promise<T>;

export type Speaker = 'customer' | 'agent';

export interface TranscriptTurn {
  id: string;
  speaker: Speaker;
  text: string;
  lang?: string;
}

export interface Transcript {
  conversation_id: string;
  turns: TranscriptTurn[];
  /** The conversation's language when turns do not say theirs. */
  lang?: string;
}

/** Something either side said they would do, in their own words. */
export interface Commitment {
  by: Speaker;
  text: string;
  turn_id: string;
  span: [number, number];
}

export interface ConversationSummary {
  /** A short neutral summary, in English, built from what was heard (no quotes invented). */
  summary: string;
  promises: Commitment[];
}

export interface UnderstandingProvider {
  readonly name: Provider;
  readonly version: string;
  /** The turn analysis of CONTRACTS.md section 4, without the ids the caller adds. */
  analyzeTurn(text: string, lang?: string): Awaitable<TurnAnalysisBody>;
  /** The churn reason of section 5 (source conversation, verbatim located in a customer turn), or null: no reason given. */
  extractReason(transcript: Transcript): Awaitable<ChurnReason | null>;
  summarize(conversation: Transcript): Awaitable<ConversationSummary>;
  /** A remote provider: how many answers so far came from the offline provider after a failure. */
  fallbacks?(): number;
}

export class ProviderUnavailable extends Error {}

const registry = new Map<Provider, UnderstandingProvider>();

/** Adds a provider (the OpenAI one registers itself here). */
export function registerProvider(provider: UnderstandingProvider): void {
  registry.set(provider.name, provider);
}

export function getProvider(name: Provider): UnderstandingProvider {
  const found = registry.get(name);
  if (found) return found;
  if (name === 'openai') throw new ProviderUnavailable('No remote model is configured: set OPENAI_API_KEY, or OPENAI_BASE_URL for an OpenAI-compatible server.');
  throw new ProviderUnavailable(`No understanding provider named ${name}.`);
}
