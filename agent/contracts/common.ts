import { z } from 'zod';

// Vocabulary shared by the agent's contracts. Each enum is declared here once and imported.

/**
 * A language as a lower-case ISO 639 code, optionally with a region (`fr`, `en-GB`). Not an enum:
 * the scripts cover en, fr and ru, but a detected language may be any, and the agent must be able
 * to say which one it heard.
 */
export const Lang = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'expected a language code such as en or fr-CA');
export type Lang = z.infer<typeof Lang>;

/** The plays the planner can choose (issue 12); payment_recovery comes from dunning. */
export const Play = z.enum(['health_check', 'nps', 'win_back', 'payment_recovery']);
export type Play = z.infer<typeof Play>;

/** Who produced an analysis or a reason: the deterministic offline provider or a remote model. */
export const Provider = z.enum(['offline', 'openai']);
export type Provider = z.infer<typeof Provider>;

export const SentimentLabel = z.enum(['positive', 'neutral', 'negative']);
export type SentimentLabel = z.infer<typeof SentimentLabel>;

export const Confidence = z.number().min(0).max(1);

/** Character offsets into a turn's text, end exclusive. */
export const Offset = z.number().int().nonnegative();
