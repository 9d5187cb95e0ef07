import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { tenureProgram } from '../../cli/program';
import { BIN, cleanEnv, run, startServer } from '../support/spawn';
import { tempDir } from '../support/temp';

/** every command and subcommand, by its path of names */
function commandPaths(c: Command, path: string[] = []): string[][] {
  return [path, ...c.commands.filter((s) => s.name() !== 'help').flatMap((s) => commandPaths(s, [...path, s.name()]))];
}

/** `tenure ... --help` in this process: what it printed, and whether it ended as help does */
async function helpOf(path: string[]): Promise<{ text: string; helped: boolean }> {
  let text = '';
  const program = tenureProgram();
  const quiet = (c: Command) => {
    c.exitOverride().configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
    c.commands.forEach(quiet);
  };
  quiet(program);
  try {
    await program.parseAsync(['node', 'tenure', ...path, '--help']);
    return { text, helped: false };
  } catch (e) {
    return { text, helped: e instanceof CommanderError && e.code === 'commander.helpDisplayed' };
  }
}

describe('the tenure command line', () => {
  it('has --help on every command', async () => {
    // the real binary, once
    const r = await run(['--help'], cleanEnv());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: tenure/);
    expect(r.stdout).toMatch(/keys\s/);
    // and every command and subcommand it has, walked in this process
    const paths = commandPaths(tenureProgram());
    expect(paths.length).toBeGreaterThan(40);
    for (const path of paths) {
      const h = await helpOf(path);
      expect(h.helped, path.join(' ')).toBe(true);
      expect(h.text, path.join(' ')).toMatch(new RegExp(`^Usage: tenure${path.map((p) => ` ${p}`).join('')}( |$)`, 'm'));
      // a line that says what the command is for
      expect(h.text.split('\n')[2]?.trim().length, path.join(' ')).toBeGreaterThan(5);
    }
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

describe('start-up problems a user can fix', () => {
  it('says plainly that PostgreSQL does not answer, naming the URL without its password', async () => {
    const r = await run(['team', 'list'], cleanEnv({ DATABASE_URL: 'postgres://tenure:s3cret@127.0.0.1:1/tenure' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cannot use PostgreSQL at postgres:\/\/tenure:\*\*\*\*@127\.0\.0\.1:1\/tenure: nothing answers there/);
    expect(r.stderr).not.toContain('s3cret');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }, 30_000);

  it('says which port is taken, and leaves the data folder unlocked', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as net.AddressInfo).port;
    const dir = tempDir('tenure-port-');
    const r = await run(['start'], cleanEnv({ PORT: String(port), TENURE_DATA_DIR: dir }));
    blocker.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect(fs.existsSync(path.join(dir, 'tenure.pid'))).toBe(false);
  }, 30_000);

  it('stops cleanly on Ctrl-C during a cold first start, and the next start works', async () => {
    const dir = tempDir('tenure-int-');
    const env = cleanEnv({ TENURE_DATA_DIR: dir, PORT: '0' });
    const child = spawn(process.execPath, [BIN, 'start'], { env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    while (!out.includes('starting on')) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(out).toContain('Start-up was interrupted');
    expect(fs.existsSync(path.join(dir, 'tenure.pid'))).toBe(false);
    const server = await startServer(env);
    expect(((await (await fetch(`${server.url}/healthz`)).json()) as any).status).toBe('ok');
    expect(await server.stop()).toBe(0);
  }, 90_000);
});
