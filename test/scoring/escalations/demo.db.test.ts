import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixedClock } from '../../../db/clock';
import { runDueWork } from '../../../db/due-work';
import { DEFAULT_PARAMETERS } from '../../../ingest/demo/parameters';
import { rescoreSweep } from '../../../ingest/rescore';
import { scoreAlerts } from '../../../scoring/alerts/batches';
import { seedDemo } from '../../../ingest/demo/seed';
import { testRuntime, type TestRuntime } from '../../support/runtime';

// As after a first start: a (smaller) demo company seeded, every account scored by the sweep; each
// account whose current zone has `escalate` then has one open escalation, and no other account has one.
const clock = fixedClock('2026-11-25T12:00:00Z');
const silent = { info: () => {}, warn: () => {}, error: () => {} };
let rt: TestRuntime;

beforeAll(async () => {
  rt = await testRuntime({ clock });
  await seedDemo(rt.db, clock, { seed: 5, params: { ...DEFAULT_PARAMETERS, accounts: 120, history_days: 180 } });
  await runDueWork([rescoreSweep(rt.ctx.rescorers), scoreAlerts()], rt.db, clock, silent);
}, 120_000);
afterAll(() => rt?.close());

it('every demo account in a zone with escalate has an open escalation in GET /v1/escalations', async () => {
  const red = (await rt.api('GET', '/v1/scores?limit=500')).body.data.filter((s: { escalate: boolean }) => s.escalate).map((s: { account_id: string }) => s.account_id);
  expect(red.length).toBeGreaterThan(0);
  const open = (await rt.api('GET', '/v1/escalations?state=open&limit=500')).body.data;
  expect(open.map((e: { account_id: string }) => e.account_id).sort()).toEqual([...red].sort());
  for (const e of open) expect(e.steps.map((s: { step: string }) => s.step)).toEqual(['assign', 'root_cause_call', 'mitigation_plan']);
});
