import { z } from 'zod';
import { Confidence, Offset, Provider, SentimentLabel } from './common';
import { Id } from '../../ingest/scalars';

// CONTRACTS.md section 5. One schema shared by the offline extractor, the OpenAI structured-output
// call, the API and the `churn_reason.captured` event, so a reason means the same thing everywhere.

/** The churn-reason taxonomy: the one list product rollups count by. */
export const ChurnCategory = z.enum([
  'price',
  'budget',
  'competitor',
  'missing_feature',
  'product_quality',
  'support_experience',
  'value_not_realized',
  'onboarding',
  'no_longer_needed',
  'business_change',
  'forgot',
  'payment_failure',
  'relationship',
  'other',
]);
export type ChurnCategory = z.infer<typeof ChurnCategory>;

export const ReasonSource = z.enum(['conversation', 'api', 'csv', 'dunning']);
export type ReasonSource = z.infer<typeof ReasonSource>;

/** [start, end] offsets of the verbatim inside the customer turn. */
export const Span = z
  .tuple([Offset, Offset])
  .refine(([start, end]) => start <= end, 'span start must not be after its end');

export const ReasonAlternative = z.strictObject({
  provider: Provider,
  category: ChurnCategory,
  confidence: Confidence,
});

export const ChurnReason = z
  .strictObject({
    category: ChurnCategory,
    detail: z.string().max(500),
    // The customer's exact words, located in a turn: never model text.
    verbatim: z.string().trim().min(1, 'verbatim must be the customer\'s own words, not empty'),
    competitor: z.string().min(1).optional(),
    feature: z.string().min(1).optional(),
    voluntary: z.boolean(),
    sentiment: SentimentLabel,
    confidence: Confidence,
    conversation_id: Id.optional(),
    turn_id: Id.optional(),
    span: Span.optional(),
    source: ReasonSource,
    // A CSM who disagrees with the extraction marks it; the reason stays, flagged.
    status: z.literal('disputed').optional(),
    alternatives: z.array(ReasonAlternative).optional(),
  })
  .superRefine((reason, ctx) => {
    if (reason.source !== 'conversation') return;
    // A reason heard in a conversation must point back at the words it came from.
    for (const field of ['conversation_id', 'turn_id', 'span'] as const) {
      if (reason[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required when source is conversation` });
      }
    }
  });
export type ChurnReason = z.infer<typeof ChurnReason>;
