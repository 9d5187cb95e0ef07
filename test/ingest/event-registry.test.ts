import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import {
  EVENT_KINDS,
  EVENT_REGISTRY,
  EventSource,
  canonicalJson,
  deriveDedupeKey,
  parseEventInput,
  type ParseEventResult,
} from '../../ingest';

const SECTION_2_KINDS = [
  'usage.daily', 'login', 'feature.used',
  'ticket.opened', 'ticket.reopened', 'ticket.resolved',
  'nps.answered', 'csat.answered', 'call.completed', 'turn.analyzed', 'churn_reason.captured',
  'promise.made', 'promise.kept', 'data_export.requested', 'contact.changed',
  'invoice.issued', 'invoice.paid', 'payment.failed',
  'subscription.renewed', 'subscription.downgraded', 'subscription.cancelled',
  'dunning.case_closed', 'outcome.recorded',
];
// kinds grown since: the registry grows, never bypassed
const ADDED_KINDS = ['note.logged'];

const receivedAt = new Date('2026-03-08T12:00:00Z');
const api = { source: 'api' as const, receivedAt };

function fields(result: ParseEventResult): string[] {
  return result.ok ? [] : result.errors.map((e) => e.field);
}

const nps = { kind: 'nps.answered', account_id: 'acc_1', occurred_at: '2026-03-08T10:00:00+01:00', payload: { score: 9 } };

describe('the event registry', () => {
  it('lists every kind of CONTRACTS.md section 2 and those added since, each with sources from the source enum', () => {
    expect([...EVENT_KINDS].sort()).toEqual([...SECTION_2_KINDS, ...ADDED_KINDS].sort());
    for (const kind of EVENT_KINDS) {
      const { sources } = EVENT_REGISTRY[kind];
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) expect(EventSource.options).toContain(source);
    }
  });

  it('accepts a valid event, stamps received_at and source, and normalises times to UTC', () => {
    const result = parseEventInput(nps, api);
    expect(result).toEqual({
      ok: true,
      event: {
        kind: 'nps.answered',
        schema_version: 1,
        account_id: 'acc_1',
        occurred_at: '2026-03-08T09:00:00.000Z',
        received_at: '2026-03-08T12:00:00.000Z',
        source: 'api',
        dedupe_key: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        payload: { score: 9 },
      },
    });
    // the result is typed by kind: narrowing on kind types the payload
    if (result.ok && result.event.kind === 'nps.answered') expect(result.event.payload.score).toBe(9);
  });

  it('keeps a dedupe_key given by the sender', () => {
    const result = parseEventInput({ ...nps, dedupe_key: 'survey-42' }, api);
    expect(result.ok && result.event.dedupe_key).toBe('survey-42');
  });

  it('lets a kind with only optional fields omit its payload', () => {
    const result = parseEventInput({ kind: 'login', account_id: 'acc_1', occurred_at: '2026-03-08T10:00:00Z' }, api);
    expect(result.ok && result.event.payload).toEqual({});
  });

  it('refuses an unknown kind, and still reports envelope problems', () => {
    const result = parseEventInput({ kind: 'usage.weekly', account_id: 'acc_1', occurred_at: 'yesterday' }, api);
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'kind', message: "unknown kind 'usage.weekly'" },
        { field: 'occurred_at', message: expect.stringContaining('ISO 8601') },
      ],
    });
  });

  it('refuses a source not allowed for the kind', () => {
    expect(fields(parseEventInput(nps, { source: 'stripe', receivedAt }))).toEqual(['source']);
    const analysis = { ...nps, kind: 'turn.analyzed' };
    expect(fields(parseEventInput(analysis, api))).toContain('source');
  });

  it('never takes received_at or source from the sender', () => {
    const result = parseEventInput({ ...nps, received_at: '2020-01-01T00:00:00Z', source: 'demo' }, api);
    expect(fields(result)).toEqual(['received_at', 'source']);
  });

  it('names payload fields by their path', () => {
    const result = parseEventInput({ ...nps, payload: { score: 11, colour: 'red' } }, api);
    expect(fields(result)).toEqual(['payload.score', 'payload.colour']);
    expect(fields(parseEventInput({ ...nps, payload: {} }, api))).toEqual(['payload.score']);
  });

  it('refuses a local time without offset, a missing account and an unknown envelope field', () => {
    const result = parseEventInput({ ...nps, account_id: undefined, occurred_at: '2026-03-08T10:00:00', tags: [] }, api);
    expect(fields(result).sort()).toEqual(['account_id', 'occurred_at', 'tags']);
  });

  it('refuses a schema_version the registry does not describe', () => {
    expect(fields(parseEventInput({ ...nps, schema_version: 2 }, api))).toEqual(['schema_version']);
  });

  it('refuses what is not an object', () => {
    expect(fields(parseEventInput('nps', api))).toEqual(['event']);
    expect(fields(parseEventInput([nps], api))).toEqual(['event']);
  });

  it('validates turn.analyzed and churn_reason.captured with the agent schemas', () => {
    const agent = { source: 'agent' as const, receivedAt };
    const reason = { kind: 'churn_reason.captured', account_id: 'acc_1', occurred_at: '2026-03-08T10:00:00Z' };
    const payload = { category: 'price', detail: '', verbatim: 'too expensive', voluntary: true, sentiment: 'negative', confidence: 0.8, source: 'conversation' };
    expect(fields(parseEventInput({ ...reason, payload }, agent))).toEqual(['payload.conversation_id', 'payload.turn_id', 'payload.span']);
    const located = { ...payload, conversation_id: 'cv_1', turn_id: 'tn_3', span: [0, 13] };
    expect(parseEventInput({ ...reason, payload: located }, agent).ok).toBe(true);
  });

  it('takes payment.failed reason_class from dunning, and amounts as integer minor units', () => {
    const failed = {
      kind: 'payment.failed',
      account_id: 'acc_1',
      occurred_at: '2026-03-08T10:00:00Z',
      payload: { invoice_id: 'in_1', amount_due: 4900, currency: 'EUR', decline_code: 'expired_card', reason_class: 'card_expired' },
    };
    expect(parseEventInput(failed, { source: 'stripe', receivedAt }).ok).toBe(true);
    const bad = { ...failed, payload: { ...failed.payload, amount_due: 49.5, currency: 'eur', reason_class: 'stolen' } };
    expect(fields(parseEventInput(bad, { source: 'stripe', receivedAt }))).toEqual([
      'payload.amount_due',
      'payload.currency',
      'payload.reason_class',
    ]);
  });
});

describe('the derived dedupe key', () => {
  const payload = { active_users: 3, sessions: 10, key_actions: 7, features_used: ['export', 'reports'] };

  it('is the documented sha256 of the canonical JSON', () => {
    const text = '["usage.daily","acc_1","2026-03-08T00:00:00.000Z",{"active_users":3,"features_used":["export","reports"],"key_actions":7,"sessions":10}]';
    expect(canonicalJson(['usage.daily', 'acc_1', '2026-03-08T00:00:00.000Z', payload])).toBe(text);
    const hex = createHash('sha256').update(text).digest('hex');
    expect(deriveDedupeKey('usage.daily', 'acc_1', '2026-03-08T00:00:00Z', payload)).toBe(`sha256:${hex}`);
  });

  it('is stable under key order and the offset the time was written in', () => {
    const reordered = { features_used: ['export', 'reports'], key_actions: 7, sessions: 10, active_users: 3 };
    const a = deriveDedupeKey('usage.daily', 'acc_1', '2026-03-08T00:00:00Z', payload);
    expect(deriveDedupeKey('usage.daily', 'acc_1', '2026-03-08T01:00:00+01:00', reordered)).toBe(a);
  });

  it('changes when the payload, kind, account or time changes', () => {
    const a = deriveDedupeKey('usage.daily', 'acc_1', '2026-03-08T00:00:00Z', payload);
    const others = [
      deriveDedupeKey('usage.daily', 'acc_1', '2026-03-08T00:00:00Z', { ...payload, sessions: 11 }),
      deriveDedupeKey('usage.daily', 'acc_1', '2026-03-08T00:00:00Z', { ...payload, features_used: ['reports', 'export'] }),
      deriveDedupeKey('usage.daily', 'acc_2', '2026-03-08T00:00:00Z', payload),
      deriveDedupeKey('usage.daily', 'acc_1', '2026-03-09T00:00:00Z', payload),
      deriveDedupeKey('login', 'acc_1', '2026-03-08T00:00:00Z', payload),
    ];
    expect(new Set([a, ...others]).size).toBe(6);
  });

  it('is what parseEventInput uses when the sender gives none, whatever the key order', () => {
    const base = { kind: 'usage.daily', account_id: 'acc_1', occurred_at: '2026-03-08T00:00:00Z' };
    const one = parseEventInput({ ...base, payload }, { source: 'csv', receivedAt });
    const two = parseEventInput({ payload: { sessions: 10, features_used: ['export', 'reports'], active_users: 3, key_actions: 7 }, ...base }, { source: 'csv', receivedAt });
    expect(one.ok && one.event.dedupe_key).toBe(deriveDedupeKey('usage.daily', 'acc_1', base.occurred_at, payload));
    expect(two.ok && two.event.dedupe_key).toBe(one.ok && one.event.dedupe_key);
  });
});
