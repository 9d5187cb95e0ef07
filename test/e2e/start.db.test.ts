import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyPostgresDatabase, testDbKind } from '../support/database';
import { cleanEnv, run, startServer, type Server } from '../support/spawn';

// The acceptance of the platform, as a user runs it: `tenure start` on a fresh data folder (or a
// fresh PostgreSQL database), data that survives a restart, and a second start that is refused.
const kind = testDbKind();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-e2e-'));
let env: NodeJS.ProcessEnv;
let dropDb: (() => Promise<void>) | null = null;
let server: Server | null = null;

beforeAll(async () => {
  env = cleanEnv({ TENURE_DATA_DIR: dataDir });
  if (kind === 'postgres') {
    const db = await emptyPostgresDatabase('tenure_e2e');
    env.DATABASE_URL = db.url;
    dropDb = db.drop;
  }
}, 60_000);

afterAll(async () => {
  if (server) await server.stop();
  await dropDb?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const adminKey = () => fs.readFileSync(path.join(dataDir, 'sandbox-admin-key'), 'utf8').trim();

describe(`tenure start (${kind})`, () => {
  it('comes up healthy in sandbox mode and prints how to use it', async () => {
    server = await startServer(env);
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', db: kind, mode: 'sandbox' });
    expect(server.output()).toContain(`Admin key     ${adminKey()}`);
    expect(server.output()).toContain('/docs');
  }, 120_000);

  it('keeps a team member created through the API across a stop and a start', async () => {
    const res = await fetch(`${server!.url}/v1/team-members`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Inès Moreau', email: 'ines@example.fr', kind: 'account_owner' }),
    });
    expect(res.status).toBe(201);
    expect(await server!.stop()).toBe(0);
    server = null;
    if (kind === 'pglite') {
      expect(fs.existsSync(path.join(dataDir, 'tenure.pid'))).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'instance.json'))).toBe(false);
    }
    server = await startServer(env);
    const list = (await (await fetch(`${server.url}/v1/team-members`, { headers: { authorization: `Bearer ${adminKey()}` } })).json()) as any;
    expect(list.data.map((m: { email: string }) => m.email)).toEqual(['ines@example.fr']);
  }, 180_000);

  it('lets the CLI work through the running instance', async () => {
    const made = await run(['keys', 'create', '--role', 'csm', '--name', 'ci', '--json'], env);
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ key: expect.stringMatching(/^tnr_/), role: 'csm' });
    const team = await run(['team', 'list', '--json'], env);
    expect(JSON.parse(team.stdout).map((m: { name: string }) => m.name)).toEqual(['Inès Moreau']);
  }, 60_000);

  it('imports CSV files (through the running instance on the embedded database) and shows what came in', async () => {
    const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
    const first = await run(['import', 'accounts', path.join(fixtures, 'accounts.csv')], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe('3 imported, 0 already present, 0 rejected');
    const again = await run(['import', 'accounts', path.join(fixtures, 'accounts.csv')], env);
    expect(again.stdout.trim()).toBe('0 imported, 3 already present, 0 rejected');

    const events = path.join(dataDir, 'events.csv');
    const good = 'ticket.opened,ACME-001,2026-11-03T10:15:00Z,t-1,"{""ticket_id"":""1""}"';
    fs.writeFileSync(events, `kind,account_external_id,occurred_at,dedupe_key,payload\n${good}\nticket.opened,ACME-001,not a time,t-2,{}\n`);
    const imported = await run(['import', 'events', events], env);
    expect(imported.stdout).toContain('line 3: occurred_at');
    expect(imported.stdout).toContain('1 imported, 0 already present, 1 rejected');
    expect(imported.code).toBe(2); // some rows did not go in: a script must notice
    const rejectsFile = fs.readFileSync(path.join(dataDir, 'events.rejects.csv'), 'utf8');
    expect(rejectsFile).toMatch(/^line,field,message,kind,account_external_id,occurred_at,dedupe_key,payload\n3,"occurred_at",/);
    expect(rejectsFile).toContain('"ticket.opened","ACME-001","not a time","t-2","{}"');

    const list = JSON.parse((await run(['accounts', 'list', '--json', '--sort', 'name'], env)).stdout);
    expect(list.map((a: { external_id: string }) => a.external_id)).toEqual(['ACME-001', 'BOUL-002', 'NORD-003']);
    const byExternal = await run(['accounts', 'show', '--account', 'ACME-001'], env);
    expect(byExternal.stderr).toContain(`ACME-001 is your external id; Tenure's id for that account is ${list[0].id}`);
    const show = JSON.parse((await run(['accounts', 'show', '--account', list[0].id, '--json'], env)).stdout);
    expect(show.latest_events.map((e: { kind: string }) => e.kind)).toEqual(['ticket.opened']);
    // seven commands; with DATABASE_URL each opens the database and loads the app itself (about 3 s
    // alone, three times that while the whole suite runs on 2 CPUs)
  }, 150_000);

  it.runIf(kind === 'pglite')('refuses a second start on the same data folder and harms nothing', async () => {
    const second = await run(['start'], { ...env, PORT: '0' });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`The data folder ${dataDir} is in use by another Tenure process`);
    const health = await fetch(`${server!.url}/healthz`);
    expect(health.status).toBe(200);
    expect(fs.readFileSync(path.join(dataDir, 'tenure.pid'), 'utf8').trim()).toBe(String(server!.child.pid));
  }, 60_000);

  it.runIf(kind === 'pglite')('opens the database itself for CLI commands when nothing is running', async () => {
    expect(await server!.stop()).toBe(0);
    server = null;
    const team = await run(['team', 'list', '--json'], env);
    expect(team.code, team.stderr).toBe(0);
    expect(JSON.parse(team.stdout).map((m: { name: string }) => m.name)).toEqual(['Inès Moreau']);
    const status = await run(['db', 'status', '--json'], env);
    expect(JSON.parse(status.stdout).every((m: { applied_at: string | null }) => m.applied_at)).toBe(true);
  }, 60_000);
});

describe.runIf(kind === 'postgres')('tenure worker (PostgreSQL)', () => {
  it('runs the workers on their own, with the one-minute due-work schedule, and stops on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../support/spawn');
    const child = spawn(process.execPath, [BIN, 'worker'], { env: { ...env, LOG_LEVEL: 'info' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const end = Date.now() + 30_000;
    while (!out.includes('workers running') && Date.now() < end && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('workers running');
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    const schedule = (await c.query(`SELECT name, cron FROM pgboss.schedule`)).rows;
    await c.end();
    expect(schedule).toContainEqual({ name: 'due-work', cron: '* * * * *' });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
