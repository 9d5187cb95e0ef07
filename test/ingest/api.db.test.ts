import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../db/clock';
import { withTransaction } from '../../db/transaction';
import { rescoreSweep, takeRescoreDue } from '../../ingest/rescore';
import { testRuntime, type TestRuntime } from '../support/runtime';

const clock = fixedClock('2026-11-20T09:00:00Z');
const quiet = { info() {}, warn() {}, error() {} };
let rt: TestRuntime;
let acme: string;

beforeAll(async () => {
  rt = await testRuntime({ clock });
  await rt.api('POST', '/v1/team-members', { body: { name: 'Ana Ruiz', email: 'ana@tenure.example', kind: 'account_owner' } });
  const res = await rt.api('POST', '/v1/accounts', {
    body: { external_id: 'ACME-001', name: 'Acme Logistique', plan: 'growth', mrr: '766.67', currency: 'eur', owner_email: 'ana@tenure.example', country: 'fr', stripe_customer_id: 'cus_PAcme001' },
  });
  expect(res.status).toBe(201);
  acme = res.body.id;
});
afterAll(() => rt?.close());

describe('accounts', () => {
  it('stores money in minor units, the owner by email, the zone from the country', async () => {
    const a = (await rt.api('GET', `/v1/accounts/${acme}`)).body;
    expect(a).toMatchObject({ external_id: 'ACME-001', mrr_minor: 76667, currency: 'EUR', country: 'FR', time_zone: 'Europe/Paris', status: 'active', stripe_customer_id: 'cus_PAcme001' });
    expect(a.owner_id).toMatch(/^tm_/);
  });

  it('upserts by external id: the same account again is unchanged, a change is an update', async () => {
    const same = await rt.api('POST', '/v1/accounts', { body: { external_id: 'ACME-001', name: 'Acme Logistique', plan: 'growth' } });
    expect(same).toMatchObject({ status: 200, body: { id: acme, outcome: 'unchanged' } });
    const changed = await rt.api('POST', '/v1/accounts', { body: { external_id: 'ACME-001', name: 'Acme Logistique', plan: 'scale' } });
    expect(changed).toMatchObject({ status: 200, body: { id: acme, outcome: 'updated' } });
    expect((await rt.api('GET', `/v1/accounts/${acme}`)).body).toMatchObject({ plan: 'scale', mrr_minor: 76667 });
  });

  it('names each bad field with the reason', async () => {
    const res = await rt.api('POST', '/v1/accounts', { body: { external_id: 'BAD-1', name: 'Bad', mrr: '12.345', currency: 'EUR', owner_email: 'nobody@x.example' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['body.mrr', 'body.owner_email']);
    expect((await rt.api('GET', '/v1/accounts?limit=500')).body.data.map((a: { external_id: string }) => a.external_id)).not.toContain('BAD-1');
    expect((await rt.api('GET', '/v1/accounts?colour=red')).status).toBe(400);
  });
});

describe('contacts and consents', () => {
  it('normalises the phone to E.164 and derives the time zone from it', async () => {
    const fr = await rt.api('POST', '/v1/contacts', { body: { external_id: 'C1', account_external_id: 'ACME-001', name: 'Claire Besson', phone: '06 12 34 56 78', language: 'FR', role: 'main' } });
    expect(fr.status).toBe(201);
    const ru = await rt.api('POST', '/v1/contacts', { body: { external_id: 'C2', account_id: acme, name: 'Ivan Petrov', phone: '+7 (423) 222-33-44' } });
    expect(ru.status).toBe(201);
    const contacts = (await rt.api('GET', `/v1/accounts/${acme}`)).body.contacts;
    expect(contacts.find((c: { external_id: string }) => c.external_id === 'C1')).toMatchObject({ phone: '+33612345678', time_zone: 'Europe/Paris', language: 'fr', role: 'main' });
    expect(contacts.find((c: { external_id: string }) => c.external_id === 'C2')).toMatchObject({ phone: '+74232223344', time_zone: 'Asia/Vladivostok' });
  });

  it('keeps a time zone it was given when the contact is sent again without one', async () => {
    const body = { external_id: 'C-TZ', account_id: acme, name: 'Zoe', phone: '+1 212 555 0100', time_zone: 'America/Los_Angeles' };
    expect((await rt.api('POST', '/v1/contacts', { body })).status).toBe(201);
    const { time_zone: _tz, ...without } = body;
    expect((await rt.api('POST', '/v1/contacts', { body: without })).body.outcome).toBe('unchanged');
    const stored = (await rt.db.query(`SELECT time_zone FROM contacts WHERE external_id = 'C-TZ'`)).rows[0]!.time_zone;
    expect(stored).toBe('America/Los_Angeles');
  });

  it('refuses a phone number that cannot be dialled, saying why', async () => {
    const res = await rt.api('POST', '/v1/contacts', { body: { external_id: 'C3', account_id: acme, name: 'X', phone: '12345' } });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('body.phone');
    const noAccount = await rt.api('POST', '/v1/contacts', { body: { external_id: 'C4', account_external_id: 'NOPE', name: 'X' } });
    expect(noAccount.body.error.details[0]).toEqual({ field: 'body.account_external_id', message: 'no account NOPE' });
  });

  it('keeps consent history and shows the latest statement per channel and purpose', async () => {
    const grant = { contact_external_id: 'C1', channel: 'voice', purpose: 'marketing', status: 'granted', recorded_at: '2026-01-01T10:00:00Z' };
    expect((await rt.api('POST', '/v1/consents', { body: grant })).status).toBe(201);
    expect((await rt.api('POST', '/v1/consents', { body: grant })).body.outcome).toBe('unchanged');
    expect((await rt.api('POST', '/v1/consents', { body: { ...grant, status: 'revoked' } })).status).toBe(400);
    await rt.api('POST', '/v1/consents', { body: { ...grant, status: 'revoked', recorded_at: '2026-02-01T10:00:00+01:00' } });
    const consents = (await rt.api('GET', `/v1/accounts/${acme}`)).body.consents;
    expect(consents).toEqual([expect.objectContaining({ channel: 'voice', purpose: 'marketing', status: 'revoked', recorded_at: '2026-02-01T09:00:00.000Z' })]);
  });
});

describe('events', () => {
  const usage = (i: number) => ({
    kind: 'usage.daily',
    account_external_id: 'ACME-001',
    occurred_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    payload: { active_users: i % 30, sessions: i % 90, key_actions: i, features_used: ['reports'] },
  });

  it('stores a batch of 5,000 with 3 bad items, naming the 3 by index and field, and marks the account for rescoring', async () => {
    const events: unknown[] = Array.from({ length: 5000 }, (_, i) => usage(i));
    events[17] = { ...usage(17), occurred_at: 'yesterday' };
    events[2500] = { ...usage(2500), kind: 'usage.weekly' };
    events[4999] = { ...usage(4999), payload: { active_users: -1, sessions: 1, key_actions: 1, features_used: [] } };
    const res = await rt.api('POST', '/v1/events', { body: { events } });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(4997);
    expect(res.body.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [17, 'occurred_at'],
      [2500, 'kind'],
      [4999, 'payload.active_users'],
    ]);
    expect((await rt.db.query('SELECT count(*)::int AS n FROM events')).rows[0]!.n).toBe(4997);
    expect((await rt.db.query('SELECT account_id FROM rescore_due')).rows).toEqual([{ account_id: acme }]);
  });

  it('treats an identical re-delivery as a no-op and the same dedupe key with new content as a conflict', async () => {
    const again = await rt.api('POST', '/v1/events', { body: { events: [usage(1), usage(2)] } });
    expect(again.body).toEqual({ accepted: 0, already_present: 2, rejected: [] });
    const keyed = { kind: 'nps.answered', account_id: acme, occurred_at: '2026-03-01T10:00:00Z', dedupe_key: 'nps-1', payload: { score: 9 } };
    expect((await rt.api('POST', '/v1/events', { body: { events: [keyed] } })).body.accepted).toBe(1);
    const clash = await rt.api('POST', '/v1/events', { body: { events: [{ ...keyed, payload: { score: 3 } }] } });
    expect(clash.body.rejected).toEqual([{ index: 0, field: 'dedupe_key', message: expect.stringMatching(/different content/) }]);
    const inBatch = await rt.api('POST', '/v1/events', { body: { events: [{ ...keyed, dedupe_key: 'nps-2' }, { ...keyed, dedupe_key: 'nps-2', payload: { score: 1 } }] } });
    expect(inBatch.body.accepted).toBe(1);
    expect(inBatch.body.rejected[0]).toMatchObject({ index: 1, field: 'dedupe_key' });
  });

  it('rejects, item by item, what PostgreSQL could not store, and stores the rest', async () => {
    const ok = { kind: 'login', account_id: acme, occurred_at: '2026-04-01T08:00:00Z' };
    const res = await rt.api('POST', '/v1/events', {
      body: { events: [{ ...ok, occurred_at: '0000-01-01T00:00:00Z' }, ok, { kind: 'nps.answered', account_id: acme, occurred_at: '2026-04-01T09:00:00Z', payload: { score: 5, comment: 'a\u0000b' } }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [0, 'occurred_at'],
      [2, 'payload'],
    ]);
  });

  it('refuses an envelope that is not a batch of 1 to 5,000, storing nothing', async () => {
    expect((await rt.api('POST', '/v1/events', { body: { events: [] } })).status).toBe(400);
    expect((await rt.api('POST', '/v1/events', { body: { events: Array.from({ length: 5001 }, (_, i) => usage(i)) } })).status).toBe(400);
    expect((await rt.api('POST', '/v1/events', { body: [usage(1)] })).status).toBe(400);
  });

  it('shows the running history newest first, page by page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: { occurred_at: string }[]; next_cursor: string | null } } = await rt.api('GET', `/v1/accounts/${acme}/timeline?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.data.map((e) => e.occurred_at));
      cursor = res.body.next_cursor;
    } while (cursor);
    const total = (await rt.db.query('SELECT count(*)::int AS n FROM events WHERE account_id = $1', [acme])).rows[0]!.n;
    expect(seen).toHaveLength(total);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect((await rt.api('GET', '/v1/accounts/acc_nope/timeline')).status).toBe(404);
  });
});

describe('listing accounts', () => {
  it('filters, sorts and pages', async () => {
    for (const [i, plan] of ['starter', 'growth', 'starter', 'scale', 'starter'].entries()) {
      await rt.api('POST', '/v1/accounts', { body: { external_id: `L-${i}`, name: `Zeta ${5 - i}`, plan, mrr: String(100 * (i + 1)), currency: 'EUR', status: i === 4 ? 'churned' : 'active' } });
    }
    const starters = (await rt.api('GET', '/v1/accounts?plan=starter&status=active&sort=-mrr')).body.data;
    expect(starters.map((a: { external_id: string }) => a.external_id)).toEqual(['L-2', 'L-0']);
    const byName: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: { name: string }[]; next_cursor: string | null } } = await rt.api('GET', `/v1/accounts?sort=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      byName.push(...res.body.data.map((a) => a.name));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(byName).toEqual([...byName].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(byName).toHaveLength(6);
  });
});

describe('the rescoring marks', () => {
  it('hand each marked account to the scorer once, and stay when scoring fails', async () => {
    const marked = (await rt.db.query('SELECT count(*)::int AS n FROM rescore_due')).rows[0]!.n;
    expect(marked).toBeGreaterThan(0);
    await expect(
      withTransaction(rt.db, async (tx) => {
        await takeRescoreDue(tx, 100);
        throw new Error('scorer crashed');
      }),
    ).rejects.toThrow('scorer crashed');
    expect((await rt.db.query('SELECT count(*)::int AS n FROM rescore_due')).rows[0]!.n).toBe(marked);
    const taken = await withTransaction(rt.db, (tx) => takeRescoreDue(tx, 100));
    expect(taken.map((t) => t.account_id)).toContain(acme);
    expect(await withTransaction(rt.db, (tx) => takeRescoreDue(tx, 100))).toEqual([]);
  });
});

describe('the rescore sweep', () => {
  it('leaves the marks while no scorer exists, then hands each changed account to the scorer once', async () => {
    await rt.api('POST', '/v1/events', { body: { events: [{ kind: 'login', account_id: acme, occurred_at: '2026-06-01T00:00:00Z' }, { kind: 'login', account_id: acme, occurred_at: '2026-06-02T00:00:00Z' }] } });
    const marks = async () => (await rt.db.query('SELECT count(*)::int AS n FROM rescore_due')).rows[0]!.n;
    expect(await rescoreSweep([]).run(rt.db, clock.now(), quiet)).toBe(0);
    expect(await marks()).toBe(1);
    const seen: string[][] = [];
    const sweep = rescoreSweep([async (_tx, ids) => void seen.push(ids)], 1);
    expect(await sweep.run(rt.db, clock.now(), quiet)).toBe(1);
    expect(seen).toEqual([[acme]]);
    expect(await marks()).toBe(0);
  });
});

