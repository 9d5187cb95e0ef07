import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeDriver } from '../../dunning/stripe-local/driver';
import { SANDBOX_WEBHOOK_SECRET, sandboxStripeServer } from '../../dunning/stripe';
import { testRuntime, type TestRuntime } from '../support/runtime';

// The whole path with workers on: webhook in, 200 out, the intake job (queued by the webhook) works it.
let rt: TestRuntime;
beforeAll(async () => {
  rt = await testRuntime({ work: true });
});
afterAll(() => rt?.close());

describe('the intake job', () => {
  it('works acknowledged webhooks without anyone asking', async () => {
    const driver = new StripeDriver((await sandboxStripeServer()).store, { secrets: [SANDBOX_WEBHOOK_SECRET] });
    const a = driver.customer();
    expect((await rt.api('POST', '/v1/accounts', { body: { external_id: 'JOB-1', name: 'Job', stripe_customer_id: a.customer.id } })).status).toBe(201);
    driver.cardFails(a, { code: 'expired_card' });
    const { invoice, events } = driver.renewal(a);
    for (const d of driver.signed(events)) {
      const res = await rt.app!.inject({ method: 'POST', url: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': d.header }, payload: d.payload });
      expect(res.statusCode).toBe(200);
    }
    let state: string | undefined;
    for (let i = 0; i < 100 && state !== 'waiting_for_customer'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      state = (await rt.db.query('SELECT state FROM v_dunning_cases WHERE invoice_id = $1', [invoice.id])).rows[0]?.state;
    }
    expect(state).toBe('waiting_for_customer');
  });
});
