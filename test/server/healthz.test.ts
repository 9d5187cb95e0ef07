import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { AppContext } from '../../server/context';
import { KeyVerifier } from '../../server/keys';

describe('before start-up work has committed', () => {
  it('answers 503 starting on /healthz and a coded 503 everywhere else', async () => {
    const ctx = new AppContext(loadConfig({}), fixedClock('2026-01-01T00:00:00Z'), new KeyVerifier({}));
    const app = await buildApp(ctx);
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.json()).toEqual({ status: 'starting' });
    const api = await app.inject({ method: 'GET', url: '/v1/whoami', headers: { authorization: 'Bearer x' } });
    expect(api.statusCode).toBe(503);
    expect(api.json().error).toMatchObject({ code: 'starting', retry: 'later' });
    await app.close();
  });
});
