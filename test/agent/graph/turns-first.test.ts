import { describe, expect, it } from 'vitest';
import { TurnsFirst } from '../../../agent/graph/turns-first';

// Work nobody waits on (a wrap-up) goes after the customer turns waiting for their first word, and
// never waits longer than its bound.

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('turns first', () => {
  it('lets waiting work go at once when no customer turn is waiting', async () => {
    const gate = new TurnsFirst(10_000);
    let went = false;
    void gate.quiet().then(() => (went = true));
    await tick();
    await tick();
    expect(went).toBe(true);
  });

  it('holds work while a turn waits for its first word, and lets it go once the turn is answered', async () => {
    const gate = new TurnsFirst(10_000);
    const answered = gate.begin();
    const order: string[] = [];
    const work = gate.quiet().then(() => order.push('wrap-up'));
    for (let i = 0; i < 5; i++) await tick();
    expect(order).toEqual([]);
    order.push('first word');
    answered();
    answered(); // said twice (a token, then the turn's end): counted once
    await work;
    expect(order).toEqual(['first word', 'wrap-up']);
    // the second answer did not count down another waiting turn
    const other = gate.begin();
    let went = false;
    void gate.quiet().then(() => (went = true));
    for (let i = 0; i < 5; i++) await tick();
    expect(went).toBe(false);
    other();
    await tick();
    await tick();
    expect(went).toBe(true);
  });

  it('lets waiters go one per turn of the event loop, not all at once', async () => {
    const gate = new TurnsFirst(10_000);
    const answered = gate.begin();
    const done: number[] = [];
    const all = [1, 2, 3].map((n) => gate.quiet().then(() => done.push(n)));
    answered();
    await tick();
    expect(done).toEqual([1]);
    await Promise.all(all);
    expect(done).toEqual([1, 2, 3]);
  });

  it('never waits longer than its bound under a steady stream of turns', async () => {
    const gate = new TurnsFirst(30);
    gate.begin(); // a turn that never gets its first word
    const started = performance.now();
    await gate.quiet();
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('lets overdue waiters go one per turn of the event loop while turns keep waiting', async () => {
    const gate = new TurnsFirst(20);
    gate.begin(); // a turn that never gets its first word
    const done: number[] = [];
    const all = [1, 2, 3].map((n) => gate.quiet().then(() => done.push(n)));
    // the event loop busy past the bound: all three are overdue when the first goes (otherwise the
    // second, queued microseconds later, may still be a hair short of it)
    const until = performance.now() + 25;
    while (performance.now() < until);
    while (done.length === 0) await tick();
    // all three are overdue now, yet they do not come back as one burst
    expect(done).toEqual([1]);
    await tick();
    expect(done).toEqual([1, 2]);
    await Promise.all(all);
    expect(done).toEqual([1, 2, 3]);
  });

  it('runs work one at a time, in the order given, and a failure does not hold up the work after it', async () => {
    const gate = new TurnsFirst(10_000);
    const log: string[] = [];
    let running = 0;
    const work = (name: string, fail = false) => gate.oneAtATime(async () => {
      running++;
      log.push(`${name} starts with ${running} running`);
      for (let i = 0; i < 3; i++) await tick();
      running--;
      if (fail) throw new Error(`${name} failed`);
      return name;
    });
    const results = await Promise.allSettled([work('a'), work('b', true), work('c')]);
    expect(log).toEqual(['a starts with 1 running', 'b starts with 1 running', 'c starts with 1 running']);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a', 'b failed', 'c']);
  });
});
