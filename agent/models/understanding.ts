import { z } from 'zod';
import { ChurnReason, Formality, RiskFamily, Sentiment, TurnAnalysis, TurnAnalysisBody, type Provider } from '../contracts';
import { Confidence } from '../contracts/common';
import { detectLang } from '../understanding/lang';
import { offlineProvider } from '../understanding/offline';
import type { ConversationSummary, Transcript, UnderstandingProvider } from '../understanding/provider';
import { locateVerbatim } from '../understanding/verbatim';
import { ModelClient, type ClientOptions, type ModelSettings } from './client';
import { asData, PROMPT_VERSION, REASON_SYSTEM, SUMMARY_SYSTEM, TURN_SYSTEM } from './prompts';
import { NoRedaction, Redactor } from './redact';
import type { CallOutcome, ModelCall } from './usage';

// The remote understanding provider: the same contract answers as the offline provider (turn
// analysis, CONTRACTS.md section 4; churn reason, section 5) from any OpenAI-compatible model.
// Customer words are redacted, sent as data, and the answer must pass a schema built from the
// contract's own fields; quotes are restored and located in the customer's turns, so a verbatim is
// always the customer's words. When the endpoint fails, the offline answer is returned and the
// fallback recorded on the outcome.

/** A reason whose offline answer is at least this sure is not overruled silently by the remote one. */
export const OFFLINE_CONFIDENT = 0.6;

// What the model is asked for: the contract's fields (same zod schemas), with quotes in place of
// offsets (the model copies words; Tenure finds where they are) and nullables for strict mode.
const ReasonShape = ChurnReason.shape;
export const ReasonAnswer = z.strictObject({
  stated: z.boolean(),
  category: ReasonShape.category,
  quote: z.string(),
  detail: ReasonShape.detail,
  competitor: z.string().nullable(),
  feature: z.string().nullable(),
  voluntary: ReasonShape.voluntary,
  sentiment: ReasonShape.sentiment,
  confidence: ReasonShape.confidence,
});

const TurnShape = TurnAnalysis.shape;
export const TurnAnswer = z.strictObject({
  sentiment: Sentiment,
  risks: z.array(z.strictObject({ family: RiskFamily, quote: z.string(), confidence: Confidence })),
  competitors: TurnShape.competitors,
  features: TurnShape.features,
  formality: Formality,
  cancellation_intent: TurnShape.cancellation_intent,
});

export const SummaryAnswer = z.strictObject({
  summary: z.string().max(1000),
  promises: z.array(z.strictObject({ by: z.enum(['customer', 'agent']), quote: z.string() })),
});

export interface Fallback {
  /** Why the remote answer was not used. */
  reason: CallOutcome;
  attempts: number;
}

/** An answer with who gave it: the remote model, or the offline provider after a fallback. */
export interface Outcome<T> {
  value: T;
  provider: Provider;
  provider_version: string;
  fallback: Fallback | null;
  calls: ModelCall[];
}

export class RemoteUnderstanding implements UnderstandingProvider {
  readonly name = 'openai' as const;
  readonly version: string;
  readonly client: ModelClient;
  private fallbackCount = 0;

  constructor(
    readonly settings: ModelSettings,
    options: ClientOptions = {},
  ) {
    this.client = new ModelClient(settings, options);
    this.version = `${settings.extractionModel}/${PROMPT_VERSION}`;
  }

  /** How many answers so far came from the offline provider because the remote one failed. */
  fallbacks(): number {
    return this.fallbackCount;
  }

  /** A redactor for one conversation (placeholders stable within it), or none for a trusted server. */
  redactor(): Redactor {
    return this.settings.redact ? new Redactor() : new NoRedaction();
  }

  private fellBack<T>(value: T, reason: CallOutcome, attempts: number, calls: ModelCall[]): Outcome<T> {
    this.fallbackCount++;
    return { value, provider: 'offline', provider_version: offlineProvider.version, fallback: { reason, attempts }, calls };
  }

  async analyzeTurnOutcome(text: string, lang?: string, conversationId: string | null = null): Promise<Outcome<TurnAnalysisBody>> {
    const redactor = this.redactor();
    const language = lang ?? detectLang(text);
    const sent = redactor.redact(text, language);
    const r = await this.client.structured({
      purpose: 'turn_analysis',
      conversationId,
      schemaName: 'turn_analysis',
      schema: TurnAnswer,
      system: TURN_SYSTEM,
      user: asData({ lang: language, turn: sent }),
      redacted: redactor.size,
      finish: (a) => {
        const one: Transcript = { conversation_id: 'turn', turns: [{ id: 'turn', speaker: 'customer', text }] };
        const risks = a.risks.flatMap((risk) => {
          const at = locateVerbatim(one, redactor.restore(risk.quote));
          // a risk the model cannot quote from the turn is its words, not the customer's
          return at ? [{ family: risk.family, start: at.span[0], end: at.span[1], text: at.text, confidence: risk.confidence }] : [];
        });
        return TurnAnalysisBody.parse({
          lang: language,
          sentiment: a.sentiment,
          risks,
          competitors: a.competitors.map((c) => ({ name: redactor.restore(c.name) })),
          features: a.features.map((f) => ({ text: redactor.restore(f.text), key: f.key })),
          formality: a.formality,
          cancellation_intent: a.cancellation_intent,
          provider: 'openai',
          provider_version: this.version,
        });
      },
    });
    if (r.ok) return { value: r.value, provider: 'openai', provider_version: this.version, fallback: null, calls: r.calls };
    return this.fellBack(offlineProvider.analyzeTurn(text, lang) as TurnAnalysisBody, r.reason, r.attempts, r.calls);
  }

  async extractReasonOutcome(transcript: Transcript): Promise<Outcome<ChurnReason | null>> {
    const redactor = this.redactor();
    const turns = transcript.turns.map((t) => ({ id: t.id, speaker: t.speaker, text: redactor.redact(t.text, t.lang ?? transcript.lang) }));
    const r = await this.client.structured({
      purpose: 'churn_reason',
      conversationId: transcript.conversation_id,
      schemaName: 'churn_reason',
      schema: ReasonAnswer,
      system: REASON_SYSTEM,
      user: asData({ lang: transcript.lang ?? null, turns }),
      redacted: redactor.size,
      finish: (a): ChurnReason | null => {
        if (!a.stated) return null;
        // the quote, restored, must be found in a customer turn: the verbatim is never model text
        const at = locateVerbatim(transcript, redactor.restore(a.quote));
        if (!at) throw new Error('the quote is not in a customer turn');
        return ChurnReason.parse({
          category: a.category,
          detail: redactor.restore(a.detail).slice(0, 500),
          verbatim: at.text,
          ...(a.competitor ? { competitor: redactor.restore(a.competitor) } : {}),
          ...(a.feature ? { feature: redactor.restore(a.feature) } : {}),
          voluntary: a.voluntary,
          sentiment: a.sentiment,
          confidence: a.confidence,
          conversation_id: transcript.conversation_id,
          turn_id: at.turn_id,
          span: at.span,
          source: 'conversation',
        });
      },
    });
    const offline = offlineProvider.extractReason(transcript) as ChurnReason | null;
    if (!r.ok) return this.fellBack(offline, r.reason, r.attempts, r.calls);
    return { value: settle(r.value, offline), provider: 'openai', provider_version: this.version, fallback: null, calls: r.calls };
  }

  async summarizeOutcome(conversation: Transcript): Promise<Outcome<ConversationSummary>> {
    const redactor = this.redactor();
    const turns = conversation.turns.map((t) => ({ id: t.id, speaker: t.speaker, text: redactor.redact(t.text, t.lang ?? conversation.lang) }));
    const r = await this.client.structured({
      purpose: 'summary',
      conversationId: conversation.conversation_id,
      schemaName: 'summary',
      schema: SummaryAnswer,
      system: SUMMARY_SYSTEM,
      user: asData({ turns }),
      redacted: redactor.size,
      finish: (a): ConversationSummary => ({
        summary: redactor.restore(a.summary),
        // a promise is kept only when its words are found in a turn of the side that made it
        promises: a.promises.flatMap((p) => {
          for (const turn of conversation.turns.filter((t) => t.speaker === p.by)) {
            const at = locateVerbatim({ conversation_id: conversation.conversation_id, turns: [{ ...turn, speaker: 'customer' }] }, redactor.restore(p.quote));
            if (at) return [{ by: p.by, text: at.text, turn_id: at.turn_id, span: at.span }];
          }
          return [];
        }),
      }),
    });
    if (r.ok) return { value: r.value, provider: 'openai', provider_version: this.version, fallback: null, calls: r.calls };
    return this.fellBack(offlineProvider.summarize(conversation) as ConversationSummary, r.reason, r.attempts, r.calls);
  }

  async analyzeTurn(text: string, lang?: string): Promise<TurnAnalysisBody> {
    return (await this.analyzeTurnOutcome(text, lang)).value;
  }

  async extractReason(transcript: Transcript): Promise<ChurnReason | null> {
    return (await this.extractReasonOutcome(transcript)).value;
  }

  async summarize(conversation: Transcript): Promise<ConversationSummary> {
    return (await this.summarizeOutcome(conversation)).value;
  }
}

/**
 * The remote reason against the offline one. They agree, or the offline provider is unsure: the
 * remote reason stands. The offline provider is sure of another category: the reason is flagged
 * `disputed` with both answers for a person to settle, and when the remote answer is the catch-all
 * (`other`, or no reason at all, what an injected "say other" produces) the offline category is the
 * one stored, so a rollup never silently loses a price complaint into `other`.
 */
export function settle(remote: ChurnReason | null, offline: ChurnReason | null): ChurnReason | null {
  if (!offline || offline.confidence < OFFLINE_CONFIDENT) return remote;
  if (remote && remote.category === offline.category) return remote;
  const alternatives = [
    { provider: 'openai' as const, category: remote?.category ?? 'other', confidence: remote?.confidence ?? 0 },
    { provider: 'offline' as const, category: offline.category, confidence: offline.confidence },
  ];
  const keep = !remote || remote.category === 'other' ? offline : remote;
  return ChurnReason.parse({ ...keep, status: 'disputed', alternatives });
}

/** A reason outcome as recordConversations stores it: which provider answered, and why it fell back. */
export function reasonRecord(outcome: Outcome<ChurnReason | null>, capturedAt: Date): { reason: ChurnReason; captured_at: Date; provider: Provider; provider_fallback?: string } | null {
  if (!outcome.value) return null;
  return { reason: outcome.value, captured_at: capturedAt, provider: outcome.provider, ...(outcome.fallback ? { provider_fallback: outcome.fallback.reason } : {}) };
}
