import { describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../../support/spawn';
import { tempDir } from '../../support/temp';

// `tenure outreach can-contact` as a user runs it: no server running, a fresh data folder, a
// number Tenure does not know.

describe('tenure outreach can-contact', () => {
  it('answers for an unknown number without a running server, as JSON and in words', async () => {
    const env = cleanEnv({ TENURE_DATA_DIR: tempDir('tenure-can-contact-') });
    // Saturday 2026-03-28 12:00Z is 13:00 in Paris: no call on a weekend; Monday 10:00 CEST (after the DST change) is the next
    const json = await run(['outreach', 'can-contact', '--phone', '+33612345678', '--channel', 'voice', '--purpose', 'transactional', '--at', '2026-03-28T12:00:00Z', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ allowed: false, reasons: ['consent_assumed', 'outside_calling_hours'], next_allowed_at: '2026-03-30T08:00:00.000Z' });

    const words = await run(['outreach', 'can-contact', '--phone', '+12125550123', '--channel', 'sms', '--purpose', 'marketing', '--at', '2026-03-09T15:00:00Z'], env);
    expect(words.code, words.stderr).toBe(0);
    expect(words.stdout).toBe('not allowed\nreasons: no_consent\n');
  }, 120_000);
});
