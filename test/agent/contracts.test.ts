import { describe, it, expect } from 'vitest';
import {
  AgentEvent,
  CATEGORY_SIGNAL,
  ChannelClosedInput,
  ChurnCategory,
  ChurnReason,
  CustomerTurnInput,
  DtmfInput,
  HumanAction,
  OpenInput,
  Outcome,
  RISK_SIGNAL,
  RiskFamily,
  SIGNAL_SUGGESTION,
  SignalFamily,
  TurnAnalysis,
  isAtRisk,
  suggestionForCategory,
  suggestionForRisk,
} from '../../agent';
import type { z } from 'zod';

function fields(result: { success: boolean; error?: z.ZodError }): string[] {
  return result.error?.issues.map((i) => i.path.join('.')) ?? [];
}

const analysis = {
  conversation_id: 'cv_1',
  turn_id: 'tn_2',
  lang: 'en',
  sentiment: { score: -0.4, label: 'negative' },
  risks: [{ family: 'competitor', start: 3, end: 28, text: 'we looked at what Acme does', confidence: 0.9 }],
  competitors: [{ name: 'Acme' }],
  features: [{ text: 'the reports', key: 'reports' }],
  formality: 'neutral',
  cancellation_intent: false,
  provider: 'offline',
  provider_version: 'offline-1',
};

const reason = {
  category: 'competitor',
  detail: 'Comparing with Acme on reporting',
  verbatim: 'we looked at what Acme does',
  competitor: 'Acme',
  voluntary: true,
  sentiment: 'negative',
  confidence: 0.85,
  conversation_id: 'cv_1',
  turn_id: 'tn_2',
  span: [3, 28],
  source: 'conversation',
};

describe('turn analysis', () => {
  it('parses a valid analysis', () => {
    expect(TurnAnalysis.safeParse(analysis).success).toBe(true);
  });

  it('names the invalid fields', () => {
    const bad = {
      ...analysis,
      sentiment: { score: 1.5, label: 'angry' },
      risks: [{ ...analysis.risks[0], family: 'boredom', start: 30 }],
      provider: 'gpt',
    };
    expect(fields(TurnAnalysis.safeParse(bad))).toEqual(['sentiment.score', 'sentiment.label', 'risks.0.family', 'provider']);
    const reversed = { ...analysis, risks: [{ ...analysis.risks[0], start: 30 }] };
    expect(fields(TurnAnalysis.safeParse(reversed))).toEqual(['risks.0.end']);
  });

  it('is at risk with a family, a stated reason, or cancellation intent, and not otherwise', () => {
    const calm = { ...analysis, risks: [], cancellation_intent: false } as TurnAnalysis;
    expect(isAtRisk(calm)).toBe(false);
    expect(isAtRisk(calm, { statedReason: null })).toBe(false);
    expect(isAtRisk(TurnAnalysis.parse(analysis))).toBe(true);
    expect(isAtRisk({ ...calm, cancellation_intent: true })).toBe(true);
    expect(isAtRisk(calm, { statedReason: { category: 'price' } })).toBe(true);
  });
});

describe('the mapping table', () => {
  it('maps every risk family and every churn category to a signal family', () => {
    for (const family of RiskFamily.options) expect(SignalFamily.options).toContain(RISK_SIGNAL[family]);
    for (const category of ChurnCategory.options) expect(SignalFamily.options).toContain(CATEGORY_SIGNAL[category]);
  });

  it('gives every signal family a human action and a play, and uses every action', () => {
    for (const family of SignalFamily.options) {
      const s = SIGNAL_SUGGESTION[family];
      expect(HumanAction.options).toContain(s.action);
      expect(s.withinHours).toBeGreaterThan(0);
      expect(s.text.length).toBeGreaterThan(0);
    }
    const used = new Set(SignalFamily.options.map((f) => SIGNAL_SUGGESTION[f].action));
    expect([...used].sort()).toEqual([...HumanAction.options].sort());
  });

  it('follows the alerts issue for the families it names', () => {
    expect(suggestionForRisk('competitor')).toMatchObject({ signal: 'competitor_comparison', action: 'sales_strategic_review', withinHours: 48 });
    expect(suggestionForRisk('no_results')).toMatchObject({ signal: 'disappointment', action: 'csm_value_audit' });
    expect(suggestionForRisk('repeated_request')).toMatchObject({ signal: 'unresolved_technical', withinHours: 72 });
    expect(suggestionForCategory('budget').text).toMatch(/rebalance or a pause/);
    expect(suggestionForCategory('payment_failure').play).toBe('payment_recovery');
  });
});

describe('churn reason', () => {
  it('parses a reason heard in a conversation', () => {
    expect(ChurnReason.safeParse(reason).success).toBe(true);
  });

  it('needs the turn and offsets when heard in a conversation, not when imported', () => {
    const { conversation_id: _c, turn_id: _t, span: _s, ...bare } = reason;
    expect(fields(ChurnReason.safeParse(bare))).toEqual(['conversation_id', 'turn_id', 'span']);
    expect(ChurnReason.safeParse({ ...bare, source: 'csv' }).success).toBe(true);
  });

  it('refuses an empty verbatim, a reversed span, an out-of-range confidence and an unknown category', () => {
    const bad = { ...reason, verbatim: '  ', span: [28, 3], confidence: 1.2, category: 'weather' };
    expect(fields(ChurnReason.safeParse(bad)).sort()).toEqual(['category', 'confidence', 'span', 'verbatim']);
  });

  it('accepts only "disputed" as a status, and typed alternatives', () => {
    expect(ChurnReason.safeParse({ ...reason, status: 'disputed' }).success).toBe(true);
    expect(fields(ChurnReason.safeParse({ ...reason, status: 'confirmed' }))).toEqual(['status']);
    const alternatives = [{ provider: 'openai', category: 'price', confidence: 0.3 }];
    expect(ChurnReason.safeParse({ ...reason, alternatives }).success).toBe(true);
    expect(fields(ChurnReason.safeParse({ ...reason, alternatives: [{ provider: 'openai', category: 'x', confidence: 0.3 }] }))).toEqual([
      'alternatives.0.category',
    ]);
  });
});

describe('conversation port', () => {
  const at = '2026-03-08T10:00:00+01:00';

  it('parses the inputs of each method', () => {
    expect(OpenInput.safeParse({ conversationId: 'cv_1', channel: 'voice', contactId: 'ct_1', play: 'nps', lang: 'fr' }).success).toBe(true);
    const turn = CustomerTurnInput.parse({ conversationId: 'cv_1', eventId: 'CA1-3', text: 'trop cher', at });
    expect(turn.at).toBe('2026-03-08T09:00:00.000Z');
    expect(DtmfInput.safeParse({ conversationId: 'cv_1', digit: '#', at }).success).toBe(true);
    expect(ChannelClosedInput.safeParse({ conversationId: 'cv_1', reason: 'voicemail', at }).success).toBe(true);
  });

  it('refuses an unknown channel, play, close reason or digit', () => {
    expect(fields(OpenInput.safeParse({ conversationId: 'cv_1', channel: 'fax', contactId: 'ct_1', play: 'upsell', lang: 'fr' }))).toEqual([
      'channel',
      'play',
    ]);
    expect(fields(ChannelClosedInput.safeParse({ conversationId: 'cv_1', reason: 'bored', at }))).toEqual(['reason']);
    expect(fields(DtmfInput.safeParse({ conversationId: 'cv_1', digit: '12', at }))).toEqual(['digit']);
  });

  it('parses agent events by type and refuses unknown types', () => {
    const events = [
      { type: 'token', text: 'Bon' },
      { type: 'turn_end' },
      { type: 'language', lang: 'en' },
      { type: 'end', reason: 'handoff', handoff: { transferTo: '+33612345678', summary: 'wants a human' } },
    ];
    for (const e of events) expect(AgentEvent.safeParse(e).success).toBe(true);
    expect(fields(AgentEvent.safeParse({ type: 'shout', text: 'x' }))).toEqual(['type']);
    expect(fields(AgentEvent.safeParse({ type: 'end', reason: 'handoff', handoff: {} }))).toEqual(['handoff.summary']);
  });
});

describe('outcome', () => {
  it('parses an outcome and defaults its evidence lists', () => {
    const outcome = Outcome.parse({ account_id: 'acc_1', action_id: 'act_1', kind: 'saved', at: '2026-04-07T00:00:00Z', evidence: {} });
    expect(outcome.evidence).toEqual({ event_ids: [], conversation_ids: [] });
  });

  it('refuses an unknown kind and a time without offset', () => {
    const bad = { account_id: 'acc_1', kind: 'happy', at: '2026-04-07', evidence: {} };
    expect(fields(Outcome.safeParse(bad))).toEqual(['kind', 'at']);
  });
});
