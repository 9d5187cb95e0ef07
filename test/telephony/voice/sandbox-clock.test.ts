import { describe, expect, it } from 'vitest';
import { isSandboxClock, sandboxClock } from '../../../telephony/voice/sandbox-clock';
import { describeClock, fixedClock } from '../../../db/clock';

// Sandbox time: 60 times the wall clock, jumps forward to the next callable moment, never back.

describe('the sandbox clock', () => {
  it('runs faster than the wall clock and jumps only forward', () => {
    let wall = 0;
    const c = sandboxClock({ start: new Date('2026-12-08T02:00:00Z'), speed: 60, tz: 'Europe/Paris', wall: () => wall });
    expect(c.now().toISOString()).toBe('2026-12-08T02:00:00.000Z');
    wall = 60_000; // one wall minute is an hour
    expect(c.now().toISOString()).toBe('2026-12-08T03:00:00.000Z');
    expect(c.jumpTo(new Date('2026-12-08T09:12:00Z'))).toBe(true);
    expect(c.now().toISOString()).toBe('2026-12-08T09:12:00.000Z');
    expect(c.jumpTo(new Date('2026-12-08T05:00:00Z'))).toBe(false);
    expect(c.now().toISOString()).toBe('2026-12-08T09:12:00.000Z');
    wall += 1000;
    expect(c.now().toISOString()).toBe('2026-12-08T09:13:00.000Z');
  });

  it('says where it is in the demo company\'s time zone', () => {
    const c = sandboxClock({ start: new Date('2026-12-08T09:12:00Z'), speed: 0, tz: 'Europe/Paris', wall: () => 0 });
    expect(c.label()).toBe('Tue 10:12 Europe/Paris');
    expect(isSandboxClock(c)).toBe(true);
    expect(isSandboxClock(fixedClock('2026-12-08T09:12:00Z'))).toBe(false);
    // as /healthz shows it
    expect(describeClock(c)).toEqual({ kind: 'simulated', now: '2026-12-08T09:12:00.000Z', label: 'sandbox time: Tue 10:12 Europe/Paris' });
    expect(describeClock(fixedClock('2026-12-08T09:12:00Z'))).not.toHaveProperty('label');
  });
});
