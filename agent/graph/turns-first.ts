// Customer turns come first. A person waiting for the agent's first word is the one latency that
// matters (CONTRACTS.md section 3); a wrap-up's reading and writing is work nobody is waiting on.
// On one event loop the two queue behind each other, so work that can wait asks `quiet()` before
// each of its CPU-bound steps: it goes on when no customer turn in this process is waiting for its
// first word, one waiter at a time (I/O that came in meanwhile is handled between two), and never
// waits more than `maxWaitMs`, so it cannot starve under a steady stream of turns.

export class TurnsFirst {
  private waiting = 0;
  private readonly queue: (() => void)[] = [];
  private releasing = false;

  constructor(private readonly maxWaitMs = 50) {}

  /** A customer turn starts waiting for its first word; the returned function says it got it (idempotent). */
  begin(): () => void {
    this.waiting++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.waiting--;
      this.release();
    };
  }

  /** Resolves once no customer turn is waiting (or after `maxWaitMs`). */
  quiet(): Promise<void> {
    return new Promise<void>((resolve) => {
      let settled = false;
      const go = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const at = this.queue.indexOf(go);
        if (at >= 0) this.queue.splice(at, 1);
        resolve();
      };
      const timer = setTimeout(go, this.maxWaitMs);
      this.queue.push(go);
      this.release();
    });
  }

  /** Lets the first waiter go on the next turn of the event loop, while nothing is waiting. */
  private release(): void {
    if (this.releasing || this.waiting > 0 || this.queue.length === 0) return;
    this.releasing = true;
    setImmediate(() => {
      this.releasing = false;
      if (this.waiting > 0) return;
      this.queue[0]?.();
      this.release();
    });
  }
}
