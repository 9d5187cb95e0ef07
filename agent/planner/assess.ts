import type { Queryable } from '../../db/transaction';
import { TenureError } from '../../server/errors';
import type { SignalFamily } from '../contracts/turn-analysis';
import type { AccountState } from './plays';

// What the planner looks at for one account: its state, its current score (v_current_scores), an
// open dunning case (v_dunning_cases) and the contact to reach.

export interface Assessment {
  state: AccountState;
  contactId: string | null;
}

export async function assess(db: Queryable, accountId: string): Promise<Assessment> {
  const { rows } = await db.query<{ status: 'active' | 'churned'; score_id: string | null; zone: string | null; at_risk: boolean | null; reason_codes: { family: SignalFamily; points: number }[] | null; case_id: string | null; contact_id: string | null }>(
    `SELECT a.status, s.score_id::text AS score_id, s.zone, s.at_risk, s.reason_codes,
       (SELECT d.case_id FROM v_dunning_cases d WHERE d.account_id = a.id AND d.closed_at IS NULL AND NOT d.cancellation_intent ORDER BY d.opened_at DESC LIMIT 1) AS case_id,
       (SELECT c.id FROM contacts c WHERE c.account_id = a.id ORDER BY (c.phone IS NOT NULL) DESC, (c.role = 'main') DESC, c.id LIMIT 1) AS contact_id
     FROM accounts a LEFT JOIN v_current_scores s ON s.account_id = a.id WHERE a.id = $1`,
    [accountId],
  );
  const r = rows[0];
  if (!r) throw new TenureError('not_found', `No account ${accountId}`);
  const families = [...(r.reason_codes ?? [])].sort((a, b) => b.points - a.points).map((c) => c.family);
  return {
    state: { accountId, status: r.status, scoreId: r.score_id, zone: r.zone, atRisk: r.at_risk ?? false, families: [...new Set(families)], dunningCaseId: r.case_id },
    contactId: r.contact_id,
  };
}
