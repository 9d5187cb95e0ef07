import { z } from 'zod';
import { Id, Timestamp } from '../scalars';
import { TurnAnalysis } from '../../agent/contracts/turn-analysis';
import { ChurnReason } from '../../agent/contracts/churn-reason';
import { deriveDedupeKey } from './dedupe';
import { toFieldErrors, type FieldError } from './field-errors';
import * as P from './payloads';

// CONTRACTS.md section 2: the one list of event kinds. Every writer (API, CSV, webhooks, agent,
// dunning, demo) goes through parseEventInput; a new kind is added here or not at all.

/** Where an event entered Tenure: the ingress path, set by Tenure, never by the sender. */
export const EventSource = z.enum(['api', 'csv', 'stripe', 'twilio', 'agent', 'dunning', 'demo']);
export type EventSource = z.infer<typeof EventSource>;

interface KindSpec {
  payload: z.ZodType<Record<string, unknown>>;
  sources: readonly EventSource[];
  /** The schema_version the payload schema describes; bump it with the schema. */
  version: number;
}

// Customer systems' history can come by API or CSV; the demo generator may write every kind.
const IMPORTED = ['api', 'csv', 'demo'] as const;
const BILLING = ['stripe', 'api', 'csv', 'demo'] as const;

export const EVENT_REGISTRY = {
  'usage.daily': { payload: P.UsageDaily, sources: IMPORTED, version: 1 },
  login: { payload: P.Login, sources: IMPORTED, version: 1 },
  'feature.used': { payload: P.FeatureUsed, sources: IMPORTED, version: 1 },
  'ticket.opened': { payload: P.TicketOpened, sources: IMPORTED, version: 1 },
  'ticket.reopened': { payload: P.TicketReopened, sources: IMPORTED, version: 1 },
  'ticket.resolved': { payload: P.TicketResolved, sources: IMPORTED, version: 1 },
  'nps.answered': { payload: P.NpsAnswered, sources: [...IMPORTED, 'agent'], version: 1 },
  'csat.answered': { payload: P.CsatAnswered, sources: IMPORTED, version: 1 },
  'call.completed': { payload: P.CallCompleted, sources: [...IMPORTED, 'twilio'], version: 1 },
  // only Tenure's analyzers produce analyses
  'turn.analyzed': { payload: TurnAnalysis, sources: ['agent', 'demo'], version: 1 },
  'churn_reason.captured': { payload: ChurnReason, sources: [...IMPORTED, 'agent', 'dunning'], version: 1 },
  'promise.made': { payload: P.PromiseMade, sources: [...IMPORTED, 'agent'], version: 1 },
  'promise.kept': { payload: P.PromiseKept, sources: [...IMPORTED, 'agent'], version: 1 },
  'note.logged': { payload: P.NoteLogged, sources: IMPORTED, version: 1 },
  'data_export.requested': { payload: P.DataExportRequested, sources: IMPORTED, version: 1 },
  'contact.changed': { payload: P.ContactChanged, sources: IMPORTED, version: 1 },
  'invoice.issued': { payload: P.InvoiceIssued, sources: BILLING, version: 1 },
  'invoice.paid': { payload: P.InvoicePaid, sources: BILLING, version: 1 },
  // dunning writes the failures of its own retries
  'payment.failed': { payload: P.PaymentFailed, sources: [...BILLING, 'dunning'], version: 1 },
  'subscription.renewed': { payload: P.SubscriptionRenewed, sources: BILLING, version: 1 },
  'subscription.downgraded': { payload: P.SubscriptionDowngraded, sources: BILLING, version: 1 },
  'subscription.cancelled': { payload: P.SubscriptionCancelled, sources: BILLING, version: 1 },
  'dunning.case_closed': { payload: P.DunningCaseClosed, sources: ['dunning', 'demo'], version: 1 },
  'outcome.recorded': { payload: P.OutcomeRecorded, sources: ['agent', 'demo'], version: 1 },
} as const satisfies Record<string, KindSpec>;

export type EventKind = keyof typeof EVENT_REGISTRY;
export const EVENT_KINDS = Object.keys(EVENT_REGISTRY) as [EventKind, ...EventKind[]];
export const EventKind = z.enum(EVENT_KINDS);

export function isEventKind(kind: unknown): kind is EventKind {
  return typeof kind === 'string' && Object.hasOwn(EVENT_REGISTRY, kind);
}

export type EventPayload<K extends EventKind> = z.infer<(typeof EVENT_REGISTRY)[K]['payload']>;

/** A validated event as stored; a union discriminated by kind. Timestamps are UTC ISO strings. */
export type TenureEvent<K extends EventKind = EventKind> = {
  [Kind in K]: {
    kind: Kind;
    schema_version: number;
    account_id: string;
    contact_id?: string;
    occurred_at: string;
    received_at: string;
    source: EventSource;
    dedupe_key: string;
    payload: EventPayload<Kind>;
  };
}[K];

export const DedupeKey = z.string().min(1).max(200);

const envelope = {
  account_id: Id,
  contact_id: Id.optional(),
  occurred_at: Timestamp,
  dedupe_key: DedupeKey.optional(),
};

/** One incoming item before its kind is known: the shape to document in the API. */
export const EventInput = z.strictObject({
  kind: z.string().min(1),
  schema_version: z.number().int().positive().default(1),
  ...envelope,
  payload: z.record(z.string(), z.unknown()).default({}),
});

// A per-kind input schema, so every error comes back in one pass with its full path.
const INPUT_BY_KIND = {} as Record<EventKind, z.ZodType<z.output<typeof EventInput>>>;
for (const kind of EVENT_KINDS) {
  const spec: KindSpec = EVENT_REGISTRY[kind];
  INPUT_BY_KIND[kind] = z.strictObject({
    kind: z.literal(kind),
    schema_version: z.literal(spec.version, { error: `${kind} is at schema_version ${spec.version}` }).default(spec.version),
    ...envelope,
    // a kind whose fields are all optional (login) may omit its payload
    payload: spec.payload.prefault({}),
  });
}

// what is still checked when the kind is unknown
const EnvelopeOnly = EventInput.omit({ kind: true });

/** Fields Tenure stamps itself; a sender that sets them is told so rather than silently overruled. */
const STAMPED = { received_at: 'received_at is stamped by Tenure on arrival', source: 'source is set by the ingress path' };

export type ParseEventResult = { ok: true; event: TenureEvent } | { ok: false; errors: FieldError[] };

/**
 * Validates one incoming item for `source`: envelope, known kind, source allowed for the kind,
 * payload against the kind's schema. Returns every problem at once, each with its field path.
 * Timestamps come out as UTC ISO strings; dedupe_key is derived when absent (see deriveDedupeKey).
 */
export function parseEventInput(input: unknown, ctx: { source: EventSource; receivedAt: Date }): ParseEventResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [{ field: 'event', message: 'expected an event object' }] };
  }
  const errors: FieldError[] = [];
  const item: Record<string, unknown> = { ...input };
  for (const [field, message] of Object.entries(STAMPED)) {
    if (field in item) errors.push({ field, message: `${message}; do not send it` });
    delete item[field];
  }

  const kind = item.kind;
  if (!isEventKind(kind)) {
    errors.push({ field: 'kind', message: kind === undefined ? 'kind is required' : `unknown kind '${String(kind)}'` });
  } else if (!(EVENT_REGISTRY[kind].sources as readonly EventSource[]).includes(ctx.source)) {
    errors.push({ field: 'source', message: `source '${ctx.source}' may not write '${kind}' events` });
  }

  // an unknown kind still gets its envelope checked, so the sender sees every problem at once
  const { kind: _kind, ...rest } = item;
  const parsed = isEventKind(kind) ? INPUT_BY_KIND[kind].safeParse(item) : EnvelopeOnly.safeParse(rest);
  if (!parsed.success) errors.push(...toFieldErrors(parsed.error.issues));
  if (errors.length > 0 || !parsed.success || !isEventKind(kind)) return { ok: false, errors };

  const { schema_version, account_id, contact_id, occurred_at, dedupe_key, payload } = parsed.data;
  const event = {
    kind,
    schema_version,
    account_id,
    ...(contact_id === undefined ? {} : { contact_id }),
    occurred_at,
    received_at: ctx.receivedAt.toISOString(),
    source: ctx.source,
    dedupe_key: dedupe_key ?? deriveDedupeKey(kind, account_id, occurred_at, payload),
    payload,
  } as TenureEvent;
  return { ok: true, event };
}

export { deriveDedupeKey, canonicalJson } from './dedupe';
export { toFieldErrors, type FieldError } from './field-errors';
