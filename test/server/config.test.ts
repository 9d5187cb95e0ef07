import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../server/config';

describe('configuration', () => {
  it('starts in sandbox mode on the embedded database with nothing set', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({ PORT: 3000, db: 'pglite', mode: 'sandbox', dataDir: '/srv/app/.tenure', publicBaseUrl: 'http://localhost:3000' });
    expect(Object.values(c.integrations)).toEqual(['sandbox', 'sandbox', 'sandbox', 'sandbox']);
  });

  it('names every offending variable in one error', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32), STRIPE_SECRET_KEY: 'pk_test_1' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const vars = (err as ConfigError).problems.map((p) => p.variable).sort();
    expect(vars).toEqual(['DATABASE_URL', 'PORT', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER']);
    expect((err as Error).message).toMatch(/TWILIO_AUTH_TOKEN: is required when TWILIO_ACCOUNT_SID is set/);
  });

  it('is live only once Twilio or Stripe is real; the database and the model leave it sandbox', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db/x', OPENAI_API_KEY: 'sk-1' }).mode).toBe('sandbox');
    const stripe = loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc' });
    expect(stripe.mode).toBe('live');
    expect(stripe.integrations).toMatchObject({ stripe: 'live', twilio: 'sandbox' });
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).db).toBe('pglite');
  });

  it('masks secrets and passwords when describing itself', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://tenure:hunter2@db:5432/x', STRIPE_SECRET_KEY: 'sk_live_0123456789abcdef', STRIPE_WEBHOOK_SECRET: 'whsec_secretsecret' });
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('0123456789abcdef');
    expect(text).not.toContain('secretsecret');
    expect(text).toContain('db:5432');
  });

  it('shows nothing of a short secret and strips passwords passed as URL parameters', () => {
    const c = loadConfig({ TENURE_ADMIN_KEY: 'letmein123', DATABASE_URL: 'postgres://db/x?user=t&password=hunter2' });
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain('letmein');
    expect(text).not.toContain('123');
    expect(text).not.toContain('hunter2');
  });
});
