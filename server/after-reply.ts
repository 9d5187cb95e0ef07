// Work a webhook starts after it has answered: closing a conversation when the customer hung up, say.
// The caller's answer does not wait for it; stopping does, and so does anything that moves a
// simulated clock on once the network is quiet (`tenure demo run`), so the work stamps the time it
// started in. A failure is logged: the sweep that owns the same work picks it up later.

export class AfterReply {
  private readonly running = new Set<Promise<void>>();

  start(work: () => Promise<unknown>, onError: (err: unknown) => void): void {
    const p: Promise<void> = work()
      .then(() => {}, onError)
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Resolves once nothing started here is running (work started meanwhile included). */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.all(this.running);
  }
}
