import { describe, expect, it } from 'vitest';
import { RISK_SIGNAL } from '../../agent/contracts/turn-analysis';
import { configProblems, PRESETS, resolveConfig, zoneOf } from '../../scoring/config';
import { computeScore, explain, recomputeTotal } from '../../scoring/score';
import type { Signal } from '../../scoring/signals/derive';
import { fromAnalysis } from '../../scoring/signals/turns';
import { TenureError } from '../../server/errors';

const signal = (key: Signal['key'], strength: number): Signal => ({
  key,
  family: 'disengagement',
  strength,
  value: strength,
  window_days: 30,
  evidence: { event_ids: ['1'], turn_ids: [] },
  say: () => `${key} at ${strength}`,
});

describe('the health score', () => {
  it('redistributes the weight of components without data and says so', () => {
    const r = computeScore([signal('usage_decline', 0.5), signal('ticket_volume', 0), signal('nps', 0.2)], PRESETS.conversational)!;
    expect(r.based_on).toBe(3);
    expect(r.components_total).toBe(5);
    expect(r.components.sentiment!.score).toBeNull();
    expect(r.components.risk_phrases!.score).toBeNull();
    // engagement 50 (w .2), support 100 (w .15), business 80 (w .15), over a present weight of .5
    expect(r.score).toBe(Math.round((0.2 * 50 + 0.15 * 100 + 0.15 * 80) / 0.5));
    expect(r.components.engagement!.effective_weight).toBeCloseTo(0.4);
    expect(explain(r)[0]).toContain('based on 3 of 5 components');
  });

  it('recomputes from its components and weights alone', () => {
    const r = computeScore([signal('usage_decline', 0.3), signal('sentiment', 0.6), signal('risk_phrases', 0.1)], PRESETS.conversational)!;
    const subs = Object.fromEntries(Object.entries(r.components).map(([k, c]) => [k, c.score]));
    expect(recomputeTotal(subs, PRESETS.conversational.weights)).toBe(r.score);
  });

  it('gives reason codes whose points add up to what was lost, largest first', () => {
    const r = computeScore([signal('usage_decline', 0.6), signal('silence', 0.2), signal('nps', 0.1)], PRESETS.conversational)!;
    expect(r.reason_codes[0]!.code).toBe('usage_decline');
    const lost = r.reason_codes.reduce((a, c) => a + c.points, 0);
    expect(Math.abs(100 - r.score - lost)).toBeLessThan(1.5);
    expect(r.reason_codes[0]!.evidence.event_ids).toEqual(['1']);
  });

  it('has no score without any data', () => {
    expect(computeScore([], PRESETS.conversational)).toBeNull();
  });

  it('puts scores in half-open zones', () => {
    const zones = PRESETS.conversational.zones;
    expect(zoneOf(80, zones).name).toBe('green');
    expect(zoneOf(79, zones).name).toBe('yellow');
    expect(zoneOf(40, zones).name).toBe('orange');
    expect(zoneOf(39, zones)).toMatchObject({ name: 'red', at_risk: true, escalate: true });
    expect(zoneOf(0, zones).name).toBe('red');
    expect(zoneOf(100, PRESETS.classic.zones).name).toBe('green');
    expect(zoneOf(60, PRESETS.classic.zones)).toMatchObject({ name: 'amber', at_risk: true, escalate: false });
  });
});

describe('score configuration', () => {
  it('accepts both presets', () => {
    expect(configProblems(PRESETS.conversational)).toEqual([]);
    expect(configProblems(PRESETS.classic)).toEqual([]);
    expect(resolveConfig({ preset: 'classic' }).preset).toBe('classic');
  });

  it('names each problem: weights not summing to 1, unknown component, overlapping zones, zones not covering 0', () => {
    const zones = PRESETS.conversational.zones;
    expect(configProblems({ weights: { usage: 0.5, outcome: 0.4 }, zones })).toEqual([{ field: 'body.weights', message: 'weights must sum to 1; these sum to 0.9' }]);
    expect(configProblems({ weights: { usage: 0.5, vibes: 0.5 }, zones })[0]!.message).toContain("unknown component 'vibes'");
    const overlap = configProblems({ weights: { usage: 1 }, zones: [zones[0]!, { ...zones[1]!, min: 80 }, zones[3]!] });
    expect(overlap[0]).toMatchObject({ field: 'body.zones.1.min' });
    expect(overlap[0]!.message).toContain('overlap');
    expect(configProblems({ weights: { usage: 1 }, zones: [zones[0]!, { ...zones[1]!, min: 10 }] })[0]!.message).toContain('must start at 0');
    expect(() => resolveConfig({ weights: { usage: 0.2 } })).toThrow(TenureError);
  });
});

describe('what was heard', () => {
  it('maps risk families to signal families through the contract table', () => {
    const heard = fromAnalysis({
      sentiment: { score: -0.4, label: 'negative' },
      risks: [{ family: 'competitor', start: 0, end: 4, text: 'xxxx', confidence: 0.9 }, { family: 'pause', start: 5, end: 9, text: 'yyyy', confidence: 0.8 }],
      cancellation_intent: false,
      formality: 'formal',
      features: [],
      provider: 'offline',
      provider_version: '1',
    });
    expect(heard.signalFamilies.sort()).toEqual([RISK_SIGNAL.competitor, RISK_SIGNAL.pause].sort());
  });
});
