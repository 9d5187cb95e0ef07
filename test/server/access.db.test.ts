import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_ROLES } from '../../server/roles';
import { tableFingerprints, testRuntime, type TestRuntime } from '../support/runtime';

let rt: TestRuntime;
let csmKey: string;
let productKey: string;

beforeAll(async () => {
  rt = await testRuntime();
  csmKey = (await rt.api('POST', '/v1/keys', { body: { name: 'csm', role: 'csm' } })).body.key;
  productKey = (await rt.api('POST', '/v1/keys', { body: { name: 'product', role: 'product' } })).body.key;
});
afterAll(() => rt?.close());

const member = { name: 'Léa Martin', email: 'lea@example.fr', kind: 'csm' };

describe('access to /v1', () => {
  it('refuses without a key, with the wrong role and with a malformed body, and changes nothing', async () => {
    const adminInDb = (await rt.api('POST', '/v1/keys', { body: { name: 'stored admin', role: 'admin' } })).body.key;
    const before = await tableFingerprints(rt.db);
    const noKey = await rt.api('POST', '/v1/team-members', { key: null, body: member });
    expect(noKey.status).toBe(401);
    expect(noKey.body.error.code).toBe('unauthorized');
    const badKey = await rt.api('POST', '/v1/team-members', { key: 'tnr_aaaaaaaaaaaa_' + 'x'.repeat(43), body: member });
    expect(badKey.status).toBe(401);
    const wrongRole = await rt.api('POST', '/v1/team-members', { key: csmKey, body: member });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.error).toMatchObject({ code: 'forbidden', retry: 'never' });
    const malformed = await rt.api('POST', '/v1/team-members', { body: { ...member, email: 'not an email' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details).toEqual([expect.objectContaining({ field: 'body.email' })]);
    const brokenJson = await rt.api('POST', '/v1/team-members', { raw: '{"name": ' });
    expect(brokenJson.status).toBe(400);
    expect(brokenJson.body.error.code).toBe('invalid_request');
    const storedKeyBadBody = await rt.api('POST', '/v1/team-members', { key: adminInDb, body: { ...member, kind: 'wizard' } });
    expect(storedKeyBadBody.status).toBe(400);
    expect(storedKeyBadBody.body.error.details[0].field).toBe('body.kind');
    const unknownRef = await rt.api('POST', '/v1/keys', { key: adminInDb, body: { name: 'x', role: 'csm', team_member_id: 'tm_nobody' } });
    expect(unknownRef.status).toBe(400);
    expect(unknownRef.body.error.details[0].field).toBe('body.team_member_id');
    expect(await tableFingerprints(rt.db)).toEqual(before);
  });

  it('lets admin pass every role check and other roles only their routes', async () => {
    expect((await rt.api('GET', '/v1/team-members', { key: productKey })).status).toBe(200);
    expect((await rt.api('GET', '/v1/keys', { key: productKey })).status).toBe(403);
    expect((await rt.api('GET', '/v1/keys')).status).toBe(200);
  });

  it('writes exactly one audit row per successful mutation, naming who, the route and the target', async () => {
    const before = (await rt.db.query('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n;
    const res = await rt.api('POST', '/v1/team-members', { body: member });
    expect(res.status).toBe(201);
    const rows = (await rt.db.query('SELECT actor, role, method, route, target FROM audit_log ORDER BY id DESC')).rows;
    expect(rows.length).toBe(before + 1);
    expect(rows[0]).toEqual({ actor: 'env:TENURE_ADMIN_KEY', role: 'admin', method: 'POST', route: '/v1/team-members', target: res.body.id });
    await rt.api('GET', '/v1/team-members');
    expect((await rt.db.query('SELECT count(*)::int AS n FROM audit_log')).rows[0]!.n).toBe(before + 1);
  });

  it('audits every mutating route exactly once per success (each route in the roles table has a sample here)', async () => {
    const memberId = (await rt.api('POST', '/v1/team-members', { body: { name: 'Audit Me', email: 'audit@example.fr', kind: 'csm' } })).body.id;
    const keyId = (await rt.api('POST', '/v1/keys', { body: { name: 'audit', role: 'csm' } })).body.id;
    const taskId = (
      await rt.db.query(
        `INSERT INTO tasks (id, assignee_id, kind, title, source, created_at) VALUES ('task_audit', $1, 'handoff', 'T', 'test', now()) RETURNING id`,
        [memberId],
      )
    ).rows[0]!.id;
    await rt.db.query(`INSERT INTO escalations (id, account_id, trigger, score_id, score, zone, state, opened_at) VALUES ('esc_audit', 'acc_audit', 'zone', 0, 30, 'red', 'open', now())`);
    await rt.db.query(`INSERT INTO escalation_steps (escalation_id, step, position, due_at, state) VALUES ('esc_audit', 'root_cause_call', 2, now(), 'pending')`);
    await rt.db.query(`INSERT INTO campaigns (id, play, channel, segment, status, planned_at, created_by, created_at) VALUES ('cmp_audit', 'nps', 'voice', '{}', 'draft', now(), 'test', now())`);
    // a body may be read from the database when its turn comes (ids the demo seed made)
    const samples: Record<string, { method?: string; url: string; body?: unknown | (() => Promise<unknown>); raw?: string; target: string | null }> = {
      'POST /v1/keys': { url: '/v1/keys', body: { name: 'k', role: 'finance' }, target: null },
      'POST /v1/keys/:id/revoke': { url: `/v1/keys/${keyId}/revoke`, target: keyId },
      'POST /v1/team-members': { url: '/v1/team-members', body: { name: 'New One', email: 'new@example.fr', kind: 'product' }, target: null },
      'POST /v1/tasks/:id/done': { url: `/v1/tasks/${taskId}/done`, target: taskId },
      // first, while the database has no account (it seeds only into an empty one)
      'POST /v1/demo/seed': { url: '/v1/demo/seed', body: { seed: 3 }, target: 'demo:3' },
      'POST /v1/accounts': { url: '/v1/accounts', body: { external_id: 'AUD-1', name: 'Audited' }, target: null },
      'POST /v1/contacts': { url: '/v1/contacts', body: { external_id: 'AUD-C1', account_external_id: 'AUD-1', name: 'Ann' }, target: null },
      'POST /v1/consents': { url: '/v1/consents', body: { contact_external_id: 'AUD-C1', channel: 'sms', purpose: 'service', status: 'granted', recorded_at: '2026-01-01T00:00:00Z' }, target: null },
      'POST /v1/events': { url: '/v1/events', body: { events: [{ kind: 'login', account_external_id: 'AUD-1', occurred_at: '2026-01-02T00:00:00Z' }] }, target: 'events:1' },
      'POST /v1/imports/:kind': { url: '/v1/imports/accounts', raw: 'external_id,name\nAUD-2,Imported\n', target: 'imp' },
      'POST /v1/scores/run': { url: '/v1/scores/run', body: { account_ids: ['acct_none'] }, target: 'scores:1' },
      'POST /v1/scores/backfill': { url: '/v1/scores/backfill', body: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }, target: 'backfill:2026-01-01..2026-01-02' },
      'PUT /v1/scoring/config': { method: 'PUT', url: '/v1/scoring/config', body: { preset: 'classic' }, target: 'config:2' },
      'POST /v1/conversations': { url: '/v1/conversations', body: { id: 'conv_audit', account_external_id: 'AUD-1', play: 'win_back' }, target: 'conv_audit' },
      'POST /v1/conversations/:id/turns': { url: '/v1/conversations/conv_audit/turns', body: { text: 'Give us 40% off and we stay.' }, target: 'conv_audit' },
      'POST /v1/conversations/:id/close': { url: '/v1/conversations/conv_audit/close', body: { reason: 'hangup' }, target: 'conv_audit' },
      'POST /v1/approvals/:id': { url: '/v1/approvals/apr_conv_audit_discount', body: { decision: 'approve' }, target: 'apr_conv_audit_discount' },
      // an escalation made by hand (scoring/escalations opens them after a red score)
      'POST /v1/escalations/:id/steps/:step': { url: '/v1/escalations/esc_audit/steps/root_cause_call', body: { note: 'called' }, target: 'esc_audit/root_cause_call' },
      'POST /v1/escalations/:id/override': { url: '/v1/escalations/esc_audit/override', body: { reason_code: 'other', note: 'audited' }, target: 'esc_audit' },
      // texts through the local Twilio simulator
      'POST /v1/sms/conversations': { url: '/v1/sms/conversations', body: async () => ({ contact_id: (await rt.db.query(`SELECT id FROM contacts WHERE phone IS NOT NULL ORDER BY id LIMIT 1`)).rows[0]!.id, play: 'nps' }), target: 'conv_' },
      // the planner (agent/planner): AUD-1 has a contact without a number, so the play is blocked but stored
      'POST /v1/plays': { url: '/v1/plays', body: { account_external_id: 'AUD-1', play: 'health_check' }, target: 'otr_' },
      'POST /v1/policy/evaluate': { url: '/v1/policy/evaluate', body: { phone: '+12125550123', channel: 'sms' }, target: '\\+12125550123' },
      'POST /v1/campaigns': { url: '/v1/campaigns', body: { play: 'nps', segment: { account_ids: ['acc_none'] } }, target: 'cmp_' },
      'POST /v1/campaigns/:id/approve': { url: '/v1/campaigns/cmp_audit/approve', target: 'cmp_audit' },
      // the churn predictor (scoring/model): a version trained on the demo's outcomes
      'POST /v1/model/train': { url: '/v1/model/train', body: {}, target: 'model:train' },
    };
    const mutating = Object.keys(ROUTE_ROLES).filter((r) => !r.startsWith('GET '));
    expect(Object.keys(samples).sort()).toEqual(mutating.sort());
    for (const [route, sample] of Object.entries(samples)) {
      const before = (await rt.db.query('SELECT max(id) AS id FROM audit_log')).rows[0]!.id ?? 0;
      const res = await rt.api(sample.method ?? 'POST', sample.url, sample.raw ? { raw: sample.raw, contentType: 'text/csv', json: false } : { body: typeof sample.body === 'function' ? await (sample.body as () => Promise<unknown>)() : sample.body });
      expect(res.status, route).toBeLessThan(300);
      const rows = (await rt.db.query('SELECT route, target FROM audit_log WHERE id > $1', [before])).rows;
      expect(rows, route).toHaveLength(1);
      expect(rows[0]!.route, route).toBe(route.slice(route.indexOf(' ') + 1));
      expect(rows[0]!.target, route).toMatch(new RegExp(`^${sample.target ?? res.body.id}`));
    }
  }, 120_000);

  it('stores keys only as hashes, and a revoked key stops working at once', async () => {
    const made = await rt.api('POST', '/v1/keys', { body: { name: 'temp', role: 'finance' } });
    expect(made.status).toBe(201);
    expect(made.body.key).toMatch(/^tnr_/);
    const secret = made.body.key.split('_').slice(2).join('_');
    const stored = JSON.stringify((await rt.db.query('SELECT * FROM api_keys')).rows);
    expect(stored).not.toContain(secret);
    expect((await rt.api('GET', '/v1/whoami', { key: made.body.key })).body.role).toBe('finance');
    expect((await rt.api('POST', `/v1/keys/${made.body.id}/revoke`)).status).toBe(200);
    expect((await rt.api('GET', '/v1/whoami', { key: made.body.key })).status).toBe(401);
    expect((await rt.api('POST', '/v1/keys/key_nope/revoke')).status).toBe(404);
  });

  it('documents every route in OpenAPI with its request and response schemas', async () => {
    const doc = (await rt.api('GET', '/docs/json', { key: null })).body;
    const routes = rt.app!.printRoutes({ commonPrefix: false });
    // (with the dashboard's page at /, the tree prints its children without their leading slash)
    expect(routes).toContain('v1/team-members');
    for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.responses, `${method} ${path}`).toBeDefined();
        if (path.startsWith('/v1/')) expect(op.security, `${method} ${path}`).toEqual([{ apiKey: [] }]);
        if (method === 'post' && op.requestBody === undefined) expect(path).toMatch(/:id|\{id\}/);
      }
    }
    expect(doc.paths['/v1/team-members'].post.requestBody.content['application/json'].schema.required).toContain('email');
  });

  it('answers an unknown route with a coded 404', async () => {
    const res = await rt.api('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
