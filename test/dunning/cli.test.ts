import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../support/spawn';

// `tenure dunning route` through the real binary, with no database anywhere.
const dataDir = path.join(os.tmpdir(), `tenure-dunning-cli-${process.pid}`);
const env = cleanEnv({ TENURE_DATA_DIR: dataDir, DATABASE_URL: '' });

describe('tenure dunning route', () => {
  it('prints the decision as JSON, the customer message in the asked language, and touches no database', async () => {
    const r = await run(['dunning', 'route', '--decline-code', 'stolen_card', '--lang', 'fr', '--json'], env);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ hard: true, retry: 'never', customer_action: 'update_payment_method', reveal_reason: false, cancellation_intent: false });
    expect(d.customer_message).toBe('Votre banque a refusé le paiement. Merci d’utiliser une autre carte, ou de contacter votre banque.');
    expect(r.stdout).not.toMatch(/vol/i);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('applies the advice codes and the top-level code', async () => {
    const stop = JSON.parse((await run(['dunning', 'route', '--decline-code', 'insufficient_funds', '--network-advice-code', '21', '--json'], env)).stdout);
    expect(stop).toMatchObject({ retry: 'never', cancellation_intent: true });
    const ru = JSON.parse((await run(['dunning', 'route', '--decline-code', 'expired_card', '--code', 'expired_card', '--lang', 'ru', '--json'], env)).stdout);
    expect(ru).toMatchObject({ hard: true, retry: 'after_customer_action', customer_action: 'update_payment_method' });
    expect(ru.customer_message).toMatch(/карт/);
  });

  it('refuses a malformed advice code and an unknown language with a clear message', async () => {
    const bad = await run(['dunning', 'route', '--decline-code', 'x', '--network-advice-code', 'not-a-code'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--network-advice-code/);
    const lang = await run(['dunning', 'route', '--decline-code', 'x', '--lang', 'de'], env);
    expect(lang.code).not.toBe(0);
    expect(lang.stderr).toMatch(/en, fr, ru/);
  });
});
