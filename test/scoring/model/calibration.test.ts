import { describe, expect, it } from 'vitest';
import { calibrate, fitPlatt } from '../../../scoring/model';
import { seededRandom } from '../../../scoring/model/random';

describe('Platt calibration', () => {
  it('recovers the slope and offset that made the outcomes', () => {
    const random = seededRandom(2);
    const n = 20000;
    const s = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = random() * 8 - 4;
      y[i] = random() < 1 / (1 + Math.exp(-(0.5 * s[i]! - 1))) ? 1 : 0;
    }
    const p = fitPlatt(s, y);
    expect(p.a).toBeCloseTo(0.5, 1);
    expect(p.b).toBeCloseTo(-1, 1);
    expect(calibrate(p, 2)).toBeCloseTo(1 / (1 + Math.exp(-(p.a * 2 + p.b))), 12);
  });

  it('stays finite on a perfectly separated hold-out (smoothed targets)', () => {
    const p = fitPlatt([-2, -1, 1, 2], [0, 0, 1, 1]);
    expect(Number.isFinite(p.a) && Number.isFinite(p.b)).toBe(true);
    expect(calibrate(p, 2)).toBeLessThan(1);
    expect(calibrate(p, 2)).toBeGreaterThan(0.7);
  });
});
