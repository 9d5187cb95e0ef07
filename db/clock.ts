// The one home of "now" (CONTRACTS.md section 9). Code never calls `new Date()` or `Date.now()`
// for business time; it asks a Clock. Tests pass a fixed clock; sandbox mode may run a simulated one.
export interface Clock {
  readonly kind: 'system' | 'fixed' | 'simulated';
  now(): Date;
  /** how a simulated clock reads to a person, e.g. "Tue 10:12 Europe/Paris" (the sandbox's, telephony/voice/sandbox-clock.ts) */
  label?(): string;
}

export const systemClock: Clock = { kind: 'system', now: () => new Date() };

/** A clock that stays where it is put: for tests and for replaying work at a given time. */
export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let t = new Date(at).getTime();
  return {
    kind: 'fixed',
    now: () => new Date(t),
    set: (to) => void (t = new Date(to).getTime()),
    advance: (ms) => void (t += ms),
  };
}

/** Starts at `start` and runs `speed` times faster than the wall clock (sandbox demos). */
export function simulatedClock(start: Date | string, speed = 1, wall: () => number = Date.now): Clock {
  const origin = wall();
  const base = new Date(start).getTime();
  return { kind: 'simulated', now: () => new Date(base + (wall() - origin) * speed) };
}

export function describeClock(clock: Clock): { kind: Clock['kind']; now: string; label?: string } {
  return { kind: clock.kind, now: clock.now().toISOString(), ...(clock.label ? { label: `sandbox time: ${clock.label()}` } : {}) };
}
