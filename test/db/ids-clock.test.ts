import { describe, expect, it } from 'vitest';
import { fixedClock, simulatedClock } from '../../db/clock';
import { newId } from '../../db/ids';

describe('ids', () => {
  it('sort in creation order and do not collide', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => newId('tm', 1_700_000_000_000 + Math.floor(i / 10)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^tm_[0-9a-z]{26}$/);
  });
});

describe('clocks', () => {
  it('a fixed clock moves only when told', () => {
    const c = fixedClock('2026-01-01T00:00:00Z');
    c.advance(90_000);
    expect(c.now().toISOString()).toBe('2026-01-01T00:01:30.000Z');
  });

  it('a simulated clock runs at its speed from its start', () => {
    let wall = 1000;
    const c = simulatedClock('2026-01-01T00:00:00Z', 60, () => wall);
    wall += 1000;
    expect(c.now().toISOString()).toBe('2026-01-01T00:01:00.000Z');
  });
});
