// After `threshold` consecutive connection failures (refused, reset, timed out) the endpoint is
// left alone for a cool-down: every call falls back at once instead of waiting for its own timeout.
// When the cool-down ends one call goes through; a success closes the breaker, a failure opens it
// again. Malformed answers do not count: the endpoint is up, the model misbehaved. The cool-down is
// measured on the wall clock, not Tenure's Clock: a simulated sandbox day must not end a network wait.

export class Breaker {
  private failures = 0;
  private openUntil = 0;

  constructor(
    private readonly threshold: number,
    private readonly coolDownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while the endpoint must not be called. */
  isOpen(): boolean {
    return this.now() < this.openUntil;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  connectionFailure(): void {
    this.failures++;
    if (this.failures >= this.threshold) {
      this.openUntil = this.now() + this.coolDownMs;
      // one probe after the cool-down; its failure reopens at once
      this.failures = this.threshold - 1;
    }
  }
}
