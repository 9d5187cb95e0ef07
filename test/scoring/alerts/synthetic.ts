import type { Clock } from '../../../db/clock';
import type { Database } from '../../../db/database';
import { withTransaction } from '../../../db/transaction';
import { currentConfig, zoneOf } from '../../../scoring/config';
import type { ReasonCode } from '../../../scoring/score';
import { storeScores, type ScoreKind } from '../../../scoring/store';
import { alertScoreBatches } from '../../../scoring/alerts/batches';
import { addTeamMember } from '../../../team/members';

// Synthetic accounts and scores for the alert and escalation tests: scores are written through the
// real store (storeScores), and the batch's alerts raised after its transaction, as in production.

export const REASONS: Record<string, ReasonCode> = {
  competitor: {
    code: 'risk_phrases', component: 'risk_phrases', family: 'competitor_comparison', points: 12, text: 'named a competitor twice on the last call', window_days: 90,
    evidence: { event_ids: [], turn_ids: [] },
  },
  tickets: {
    code: 'ticket_volume', component: 'support', family: 'unresolved_technical', points: 5, text: '3 tickets open for more than a week', window_days: 30,
    evidence: { event_ids: [], turn_ids: [] },
  },
  budget: {
    code: 'churn_reason', component: 'risk_phrases', family: 'budget_pressure', points: 20, text: 'said the price is too high for this year', window_days: 90,
    evidence: { event_ids: [], turn_ids: [] },
  },
};

export async function team(db: Database, clock: Clock) {
  return withTransaction(db, async (tx) => {
    const boss = (await addTeamMember(tx, clock, { name: 'Maya Manager', email: 'maya@vendor.test', kind: 'manager' })).member;
    const owner = (await addTeamMember(tx, clock, { name: 'Oscar Owner', email: 'oscar@vendor.test', kind: 'account_owner', manager_id: boss.id })).member;
    return { boss, owner };
  });
}

let n = 0;
export async function account(db: Database, clock: Clock, ownerId: string | null, name = `Acme ${++n}`): Promise<string> {
  const id = `acc_t${Date.now().toString(36)}${++n}`;
  await db.query(`INSERT INTO accounts (id, external_id, name, owner_id, created_at, updated_at) VALUES ($1, $1, $2, $3, $4, $4)`, [id, name, ownerId, clock.now()]);
  return id;
}

/** Stores one account's score at `at` (a batch of one), as the re-score sweep does. */
export async function scoreAt(db: Database, clock: Clock, accountId: string, score: number, at: Date | string, o: { kind?: ScoreKind; reasons?: ReasonCode[]; /** leave the batch pending, as a crash right after the re-score would */ deferAlerts?: boolean } = {}) {
  const asOf = new Date(at);
  const written = await withTransaction(db, async (tx) => {
    const config = await currentConfig(tx, clock);
    const result = {
      score, zone: zoneOf(score, config.zones), based_on: 1, components_total: 1,
      components: { risk_phrases: { score, weight: 1, effective_weight: 1, signals: {} } },
      reason_codes: o.reasons ?? [REASONS.competitor!, REASONS.tickets!],
    };
    return storeScores(tx, [{ account_id: accountId, result, inputs_through: asOf }], { asOf, kind: o.kind ?? 'change', config, now: asOf });
  });
  if (!o.deferAlerts) await alertScoreBatches(db);
  return written;
}

export const day = (base: string, days: number, hours = 0) => new Date(new Date(base).getTime() + days * 86_400_000 + hours * 3_600_000);
