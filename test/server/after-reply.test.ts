import { describe, expect, it } from 'vitest';
import { AfterReply } from '../../server/after-reply';

// Work started after a webhook's answer runs a few at a time, in the order it was started, so a burst
// of hang-ups cannot take every pooled connection from the customer turns still in progress.

const tick = () => new Promise((r) => setImmediate(r));

describe('AfterReply', () => {
  it('runs at most two pieces at a time, in order; settled() waits for the queued ones; a failure does not stop the rest', async () => {
    const after = new AfterReply(2);
    const started: number[] = [];
    const release = new Map<number, () => void>();
    let running = 0;
    let most = 0;
    const failed: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      after.start(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => release.set(i, r));
        running--;
        if (i === 1) throw new Error('piece 1 failed');
      }, (err) => failed.push(err));
    }
    let settled = false;
    void after.settled().then(() => (settled = true));
    await tick();
    expect(started).toEqual([0, 1]);
    release.get(1)!();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect(failed).toEqual([new Error('piece 1 failed')]);
    release.get(0)!();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    release.get(2)!();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(settled).toBe(false);
    release.get(3)!();
    release.get(4)!();
    await tick();
    await tick();
    expect(settled).toBe(true);
    expect(most).toBe(2);
  });

  it('settles once every piece has finished', async () => {
    const after = new AfterReply(2);
    const done: number[] = [];
    for (let i = 0; i < 4; i++) after.start(async () => void (await new Promise((r) => setTimeout(r, 5)), done.push(i)), () => {});
    await after.settled();
    expect(done).toEqual([0, 1, 2, 3]);
  });
});
