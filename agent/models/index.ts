// Remote models (issue 9): any OpenAI-compatible endpoint for understanding and conversation, with
// PII redaction, injection resistance, fallback to the offline provider and per-call usage.
import type { Config } from '../../server/config';
import { registerProvider } from '../understanding/provider';
import { modelSettings, type ClientOptions } from './client';
import { RemoteUnderstanding } from './understanding';

export { ModelClient, ModelUnavailable, modelSettings, DEFAULT_MODEL, type ModelSettings, type ClientOptions } from './client';
export { RemoteUnderstanding, settle, reasonRecord, OFFLINE_CONFIDENT, ReasonAnswer, TurnAnswer, type Outcome, type Fallback } from './understanding';
export { streamChat, type ChatEvent, type ChatLine, type ChatRequest, type ToolSpec } from './chat';
export { checkToolCall, type ToolPolicy, type ToolDecision, type ToolCallRequest } from './policy';
export { Redactor, NoRedaction, luhnValid, ibanValid, type PiiKind } from './redact';
export { recordModelCalls, conversationUsage, priceOf, costOf, ModelCall, CallOutcome, CallPurpose, type ConversationUsage } from './usage';

/**
 * The remote provider for this configuration, registered as `openai` so getProvider('openai')
 * finds it; null when no endpoint is configured (OPENAI_API_KEY or OPENAI_BASE_URL).
 */
export function useRemoteModels(config: Config, options: ClientOptions = {}): RemoteUnderstanding | null {
  const settings = modelSettings(config);
  if (!settings) return null;
  const provider = new RemoteUnderstanding(settings, options);
  registerProvider(provider);
  return provider;
}
