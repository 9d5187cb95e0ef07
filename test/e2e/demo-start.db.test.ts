import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReasonClass } from '../../dunning';
import { emptyPostgresDatabase, testDbKind } from '../support/database';
import { cleanEnv, run, startServer, type Server } from '../support/spawn';

// What a newcomer sees: `npm start` on an empty database in sandbox mode comes up with the demo
// company already in it, on the embedded database and on PostgreSQL.
const kind = testDbKind();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-demo-'));
let env: NodeJS.ProcessEnv;
let dropDb: (() => Promise<void>) | null = null;
let server: Server | null = null;
/** the completed conversations when /healthz first said ok: the seeded history, and nothing the sandbox did before */
let atReady: Set<string> | null = null;

interface Listed {
  id: string;
  channel: string;
  reason: unknown;
  nps: number | null;
  outcome: string | null;
}

const adminKey = () => fs.readFileSync(path.join(dataDir, 'sandbox-admin-key'), 'utf8').trim();

/** Every row of a paged /v1 list, page by page as a client reads it. */
async function listAll<T>(route: string): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const res: Response = await fetch(`${server!.url}${route}${route.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: { authorization: `Bearer ${adminKey()}` } });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { data: T[]; next_cursor: string | null };
    rows.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}

beforeAll(async () => {
  env = cleanEnv({ TENURE_DATA_DIR: dataDir, TENURE_DEMO: 'auto' });
  if (kind === 'postgres') {
    const db = await emptyPostgresDatabase('tenure_demo');
    env.DATABASE_URL = db.url;
    dropDb = db.drop;
  }
}, 60_000);

afterAll(async () => {
  if (server) await server.stop();
  await dropDb?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`the demo company on first start (${kind})`, () => {
  it('is there as soon as /healthz says ok: 280 accounts listed', async () => {
    server = await startServer(env, 120_000);
    expect((await listAll('/v1/accounts')).length).toBe(280);
    expect(server.output()).toContain('Demo company  seeded now: 280 accounts');
    atReady = new Set((await listAll<Listed>('/v1/conversations?status=completed')).map((c) => c.id));
  }, 180_000);

  it('has open dunning cases from the local Stripe server\'s signed webhooks, routed by their decline codes', async () => {
    const res = await fetch(`${server!.url}/v1/dunning/cases?limit=500`, { headers: { authorization: `Bearer ${adminKey()}` } });
    expect(res.status).toBe(200);
    const cases = ((await res.json()) as { data: { invoice_id: string; attempt_count: number; reason_class: string; outcome: string | null }[] }).data;
    // the demo's failed invoices of the last 60 days (about eight on the default seed, whatever the date)
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(c.attempt_count).toBeGreaterThan(0);
      expect(ReasonClass.options).toContain(c.reason_class);
    }
  }, 60_000);

  it('has a current health score for every active account as soon as /healthz says ok', async () => {
    const ids = async (route: string) => (await listAll<{ id?: string; account_id?: string }>(route)).map((r) => (r.account_id ?? r.id)!);
    const active = await ids('/v1/accounts?status=active');
    const scored = new Set(await ids('/v1/scores'));
    expect(active.length).toBeGreaterThan(200);
    expect(active.filter((id) => !scored.has(id))).toEqual([]);
  }, 60_000);

  // Issue 13's acceptance: the sandbox plays the demo company's calls and texts against the
  // simulator's personas on its fast clock, so a newcomer sees conversations finish at any hour. Once
  // is enough: the embedded database is what `npm start` on a fresh clone runs on.
  it.runIf(kind === 'pglite')('completes at least 5 conversations with a reason, an NPS or an outcome within 5 minutes, one of them a call', async () => {
    const deadline = Date.now() + 5 * 60_000;
    let done: Listed[] = [];
    while (Date.now() < deadline) {
      done = (await listAll<Listed>('/v1/conversations?status=completed')).filter((c) => !atReady!.has(c.id) && (c.reason != null || c.nps != null || c.outcome != null));
      if (done.length >= 5 && done.some((c) => c.channel === 'voice')) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    expect(done.length, server!.output().slice(-2000)).toBeGreaterThanOrEqual(5);
    expect(done.map((c) => c.channel)).toContain('voice');
  }, 330_000);

  it('is described by the CLI, and a second seed is refused with a clear message', async () => {
    const d = await run(['demo', 'describe'], env);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/gross churn over the history\s+19\.0%\s+1\d\.\d%/);
    expect(d.stdout).toContain('Canopée Logiciels, Lyon');
    const again = await run(['demo', 'seed', '--seed', '3'], env);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already holds 280 accounts');
  }, 60_000);

  it('is not seeded again on the next start', async () => {
    expect(await server!.stop()).toBe(0);
    server = await startServer(env, 120_000);
    expect(server.output()).not.toContain('Demo company');
    const d = JSON.parse((await run(['demo', 'describe', '--json'], env)).stdout);
    expect(d.realised.accounts).toBe(280);
  }, 180_000);
});
