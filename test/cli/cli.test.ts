import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../support/spawn';
import { tempDir } from '../support/temp';

const COMMANDS = [[], ['start'], ['worker'], ['config'], ['db'], ['db', 'migrate'], ['db', 'status'], ['db', 'schema'], ['keys'], ['keys', 'create'], ['keys', 'list'], ['keys', 'revoke'], ['team'], ['team', 'list'], ['team', 'add'], ['tasks'], ['tasks', 'list'], ['tasks', 'done']];

describe('the tenure command line', () => {
  it('has --help on every command', async () => {
    const results = await Promise.all(COMMANDS.map((c) => run([...c, '--help'], cleanEnv())));
    results.forEach((r, i) => {
      expect(r.code, COMMANDS[i]!.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: tenure/);
    });
    expect(results[0]!.stdout).toMatch(/keys\s/);
  }, 60_000);

  it('prints the config without opening (or creating) the database, secrets masked', async () => {
    const dir = path.join(tempDir('tenure-cli-'), 'data');
    const r = await run(['config', '--json'], cleanEnv({ TENURE_DATA_DIR: dir, STRIPE_SECRET_KEY: 'sk_test_51abcdefghijklmnop', STRIPE_WEBHOOK_SECRET: 'whsec_abcdefghijkl' }));
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c).toMatchObject({ db: 'pglite', mode: 'live', integrations: { stripe: 'live', twilio: 'sandbox' } });
    expect(r.stdout).not.toContain('abcdefghijklmnop');
    expect(fs.existsSync(dir)).toBe(false);
  }, 30_000);

  it('stops on a bad setting with one message naming each variable', async () => {
    const r = await run(['config'], cleanEnv({ PORT: 'x', DATABASE_URL: 'mysql://db' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PORT:');
    expect(r.stderr).toContain('DATABASE_URL: must be a postgres://');
  }, 30_000);

  it('explains why workers cannot run alone on the embedded database', async () => {
    const r = await run(['worker'], cleanEnv({ TENURE_DATA_DIR: tempDir('tenure-cli-') }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs PostgreSQL \(set DATABASE_URL\)/);
  }, 30_000);

  it('refuses a role that does not exist before touching anything', async () => {
    const r = await run(['keys', 'create', '--role', 'owner', '--name', 'x'], cleanEnv({ TENURE_DATA_DIR: '/nonexistent/tenure' }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Allowed choices are admin, csm, finance, product/);
  }, 30_000);
});
