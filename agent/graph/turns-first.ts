// Customer turns come first. A person waiting for the agent's first word is the one latency that
// matters (CONTRACTS.md section 3); a wrap-up's reading and writing is work nobody is waiting on.
// On one event loop the two queue behind each other, so work that can wait asks `quiet()` before
// each of its CPU-bound steps. Waiters go one per turn of the event loop, so I/O that came in
// meanwhile (a turn's stored row, its checkpoint) is handled between two steps: when no customer turn
// in this process is waiting for its first word, or once the oldest has waited `maxWaitMs`, so work
// cannot starve under a steady stream of turns. Overdue waiters go one at a time too: many wrap-ups
// held back together must not come back as one burst in front of the next turn.

interface Waiter {
  since: number;
  go: () => void;
}

export class TurnsFirst {
  private waiting = 0;
  private readonly queue: Waiter[] = [];
  private scheduled = false;
  private timer: NodeJS.Timeout | null = null;

  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly maxWaitMs = 50) {}

  /**
   * Runs `work` once the work given before it has finished. A burst of wrap-ups (a hundred calls
   * ending within a second) then queues behind itself, one wrap-up at a time, instead of filling the
   * event loop's queue in front of the customer turns that arrive meanwhile.
   */
  oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => {});
    return run;
  }

  /** A customer turn starts waiting for its first word; the returned function says it got it (idempotent). */
  begin(): () => void {
    this.waiting++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.waiting--;
      this.schedule();
    };
  }

  /** Resolves once no customer turn is waiting (or once it has waited `maxWaitMs`), one waiter at a time. */
  quiet(): Promise<void> {
    return new Promise<void>((go) => {
      this.queue.push({ since: performance.now(), go });
      this.schedule();
    });
  }

  private overdue(w: Waiter): boolean {
    return performance.now() - w.since >= this.maxWaitMs;
  }

  /** Releases the oldest waiter on the next turn of the event loop if it may go, or sets a timer for when it is due. */
  private schedule(): void {
    const head = this.queue[0];
    if (this.scheduled || !head) return;
    if (this.waiting === 0 || this.overdue(head)) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        const first = this.queue[0];
        if (first && (this.waiting === 0 || this.overdue(first))) {
          this.queue.shift();
          first.go();
        }
        this.schedule();
      });
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.schedule();
      }, Math.max(1, this.maxWaitMs - (performance.now() - head.since)));
    }
  }
}
