import { z } from 'zod';

// Roles (CONTRACTS.md section 10). This table is the one record of who may call which /v1 route:
// a /v1 route missing from it refuses to register. `admin` passes every check and is implied.
export const Role = z.enum(['admin', 'csm', 'finance', 'product']);
export type Role = z.infer<typeof Role>;

const everyone: Role[] = ['csm', 'finance', 'product'];

export const ROUTE_ROLES: Record<string, Role[]> = {
  'GET /v1/keys': [],
  'POST /v1/keys': [],
  'POST /v1/keys/:id/revoke': [],
  'GET /v1/migrations': [],
  'GET /v1/audit-log': [],
  'GET /v1/whoami': everyone,
  'GET /v1/team-members': everyone,
  'POST /v1/team-members': [],
  'GET /v1/tasks': everyone,
  'POST /v1/tasks/:id/done': everyone,
  'GET /v1/accounts': everyone,
  'GET /v1/accounts/:id': everyone,
  'GET /v1/accounts/:id/timeline': everyone,
  'POST /v1/accounts': [],
  'POST /v1/contacts': [],
  'POST /v1/consents': [],
  'POST /v1/events': [],
  'POST /v1/imports/:kind': [],
  'GET /v1/demo': everyone,
  'POST /v1/demo/seed': [],
  'GET /v1/scoring/config': everyone,
  'PUT /v1/scoring/config': [],
  'GET /v1/accounts/:id/score': everyone,
  'GET /v1/scores': everyone,
  'POST /v1/scores/run': [],
  'POST /v1/scores/backfill': [],
  'GET /v1/dunning/cases': ['finance', 'csm'],
  'GET /v1/conversations': everyone,
  'GET /v1/conversations/:id': everyone,
  'POST /v1/conversations': ['csm'],
  'POST /v1/conversations/:id/turns': ['csm'],
  'POST /v1/conversations/:id/close': ['csm'],
  'POST /v1/approvals/:id': ['csm'],
  'GET /v1/alerts': everyone,
  'GET /v1/escalations': everyone,
  'POST /v1/escalations/:id/steps/:step': ['csm'],
  'POST /v1/escalations/:id/override': ['csm'],
  'GET /v1/notifications': ['csm'],
  'POST /v1/sms/conversations': ['csm'],
  'POST /v1/plays': ['csm'],
  'GET /v1/outreach': everyone,
  'POST /v1/policy/evaluate': ['csm', 'finance'],
  'POST /v1/campaigns': ['csm'],
  'GET /v1/campaigns/:id': everyone,
  'POST /v1/campaigns/:id/approve': ['csm'],
  'GET /v1/model/versions': everyone,
  'POST /v1/model/train': [],
  'GET /v1/model/backtest': [],
  'GET /v1/accounts/:id/prediction': everyone,
  'GET /v1/insights/reasons': ['csm', 'product'],
  'GET /v1/insights/reasons/rows': ['csm', 'product'],
  'GET /v1/insights/save-list': ['csm'],
  'GET /v1/insights/recovery': ['finance', 'csm'],
  // the dashboard's pages (insights/pages), checked against the session's role; a page's form is
  // checked against the API route that does the same thing
  'GET /': ['csm'],
  'GET /accounts': ['csm'],
  'GET /accounts/:id': ['csm'],
  'GET /reasons': ['csm', 'product'],
  'GET /reasons/rows': ['csm', 'product'],
  'GET /payments': ['finance', 'csm'],
  'GET /conversations': ['csm', 'product'],
  'GET /conversations/:id': ['csm', 'product'],
};

export function rolesFor(method: string, url: string): Role[] | undefined {
  return ROUTE_ROLES[`${method} ${url}`];
}

export function allows(role: Role, allowed: readonly Role[]): boolean {
  return role === 'admin' || allowed.includes(role);
}
