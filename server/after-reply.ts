// Work a webhook starts after it has answered: closing a conversation when the customer hung up, say.
// The caller's answer does not wait for it; stopping does, and so does anything that moves a
// simulated clock on once the network is quiet (`tenure demo run`), so the work stamps the time it
// started in. A failure is logged: the sweep that owns the same work picks it up later.
//
// At most `concurrency` pieces run at a time, the rest wait in order. When 200 calls hang up within
// a few seconds, each end is a transaction and a wrap-up: run all at once, they held every pooled
// connection for seconds (106 statements queued on the pool in the benchmark) while customer turns
// still in progress waited behind them for one.

export class AfterReply {
  private readonly running = new Set<Promise<void>>();
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency = 2) {}

  start(work: () => Promise<unknown>, onError: (err: unknown) => void): void {
    const run = () => {
      const p: Promise<void> = Promise.resolve()
        .then(work)
        .then(() => {}, onError)
        .finally(() => {
          this.running.delete(p);
          this.waiting.shift()?.();
        });
      this.running.add(p);
    };
    if (this.running.size < this.concurrency) run();
    else this.waiting.push(run);
  }

  /** Resolves once nothing started here is running or waiting (work started meanwhile included). */
  async settled(): Promise<void> {
    while (this.running.size || this.waiting.length) await Promise.all(this.running);
  }
}
