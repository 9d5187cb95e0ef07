import { describe, expect, it } from 'vitest';
import { Breaker } from '../../../agent/models/breaker';

// The cool-down: closed until `threshold` connection failures in a row, open for the cool-down,
// then one probe; a success closes it, a failed probe opens it again at once.

describe('the breaker', () => {
  it('opens after consecutive failures, lets one probe through after the cool-down, and closes on success', () => {
    let now = 0;
    const b = new Breaker(3, 60_000, () => now);
    b.connectionFailure();
    b.connectionFailure();
    expect(b.isOpen()).toBe(false);
    b.success(); // a success in between starts the count again
    b.connectionFailure();
    b.connectionFailure();
    expect(b.isOpen()).toBe(false);
    b.connectionFailure();
    expect(b.isOpen()).toBe(true);
    now = 59_999;
    expect(b.isOpen()).toBe(true);
    now = 60_000;
    expect(b.isOpen()).toBe(false);
    b.connectionFailure(); // the probe failed: open again for a whole cool-down
    expect(b.isOpen()).toBe(true);
    now = 120_000;
    b.success();
    expect(b.isOpen()).toBe(false);
    b.connectionFailure();
    expect(b.isOpen()).toBe(false);
  });
});
