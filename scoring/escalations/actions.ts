import { z } from 'zod';
import type { Clock } from '../../db/clock';
import { newId } from '../../db/ids';
import type { Queryable } from '../../db/transaction';
import { TenureError, notFound } from '../../server/errors';
import { completeTask } from '../../team/tasks';
import { alertSettings } from '../alerts/settings';
import type { StepName } from './sop';

// What people do to an escalation: complete a step (the assignment may name the CSM and the sponsor),
// and override the risk with a reason code and a note, for a limited time.

export const StepInput = z.strictObject({
  note: z.string().max(5000).optional(),
  /** the assignment step: who takes the account (team member ids) */
  csm_id: z.string().min(1).optional(),
  sponsor_id: z.string().min(1).optional(),
});
export type StepInput = z.infer<typeof StepInput>;

export const OverrideReason = z.enum([
  'renewal_confirmed', // the customer confirmed the renewal in writing or by phone
  'known_seasonality', // a usage dip the account has every year
  'data_issue', // the signals come from bad or missing data
  'mitigation_in_place', // a save plan is already running outside Tenure
  'relationship_strong', // the CSM knows the account better than the model does
  'other',
]);

export const OverrideInput = z.strictObject({
  reason_code: OverrideReason,
  note: z.string().trim().min(1, 'a note saying why is required').max(5000),
  /** how long the override holds (default: the configured override time) */
  expires_in_days: z.number().min(0.01).max(365).optional(),
});
export type OverrideInput = z.infer<typeof OverrideInput>;

interface Actor {
  actor: string;
  memberId: string | null;
}

async function lockEscalation(tx: Queryable, id: string) {
  const e = (await tx.query<{ id: string; state: string }>('SELECT id, state FROM escalations WHERE id = $1 FOR UPDATE', [id])).rows[0];
  if (!e) throw notFound('Escalation', id);
  return e;
}

async function checkMember(tx: Queryable, id: string, field: string, kinds: string[]) {
  const m = (await tx.query<{ kind: string }>('SELECT kind FROM team_members WHERE id = $1 AND active', [id])).rows[0];
  if (!m || !kinds.includes(m.kind)) {
    throw new TenureError('invalid_request', `${field}: ${id} is not an active team member of kind ${kinds.join(' or ')}`, [{ field: `body.${field}`, message: 'unknown or unsuitable team member' }]);
  }
}

/** Marks a step done (again: unchanged). The mitigation plan agreed resolves the escalation. */
export async function completeStep(tx: Queryable, clock: Clock, id: string, step: StepName, input: StepInput, by: Actor): Promise<void> {
  const e = await lockEscalation(tx, id);
  const s = (await tx.query<{ state: string; task_id: string | null }>('SELECT state, task_id FROM escalation_steps WHERE escalation_id = $1 AND step = $2', [id, step])).rows[0];
  if (!s) throw notFound('Step', `${id}/${step}`);
  if (s.state === 'done') return;
  if (e.state === 'resolved') throw new TenureError('conflict', `Escalation ${id} is resolved`);
  if (step !== 'assign' && (input.csm_id || input.sponsor_id)) {
    throw new TenureError('invalid_request', 'csm_id and sponsor_id belong to the assign step', [{ field: 'body.csm_id', message: 'only for the assign step' }]);
  }
  if (input.csm_id) await checkMember(tx, input.csm_id, 'csm_id', ['csm', 'account_owner', 'manager']);
  if (input.sponsor_id) await checkMember(tx, input.sponsor_id, 'sponsor_id', ['executive_sponsor', 'manager']);
  const now = clock.now();
  if (step === 'assign') {
    await tx.query('UPDATE escalations SET csm_id = coalesce($2, csm_id), sponsor_id = coalesce($3, sponsor_id) WHERE id = $1', [id, input.csm_id ?? null, input.sponsor_id ?? null]);
    const after = (await tx.query<{ csm_id: string | null; sponsor_id: string | null }>('SELECT csm_id, sponsor_id FROM escalations WHERE id = $1', [id])).rows[0]!;
    if (!after.csm_id || !after.sponsor_id) {
      throw new TenureError('invalid_request', 'the escalation needs both a CSM and an executive sponsor; give csm_id and sponsor_id', [{ field: 'body.csm_id', message: 'required' }]);
    }
  }
  await tx.query(`UPDATE escalation_steps SET state = 'done', done_at = $3, done_by = $4, note = $5 WHERE escalation_id = $1 AND step = $2`, [id, step, now, by.actor, input.note ?? null]);
  if (s.task_id) await completeTask(tx, clock, s.task_id, { actor: by.actor, memberId: by.memberId, admin: true });
  if (step === 'mitigation_plan') await tx.query(`UPDATE escalations SET state = 'resolved', closed_at = $2 WHERE id = $1`, [id, now]);
}

/** A CSM downgrades the risk: the escalation waits (no step goes overdue) until the override expires. */
export async function overrideRisk(tx: Queryable, clock: Clock, id: string, input: OverrideInput, by: Actor): Promise<void> {
  const e = await lockEscalation(tx, id);
  if (e.state !== 'open') throw new TenureError('conflict', `Escalation ${id} is ${e.state}; only an open escalation can be overridden`);
  const now = clock.now();
  const days = input.expires_in_days ?? alertSettings().overrideDays;
  await tx.query(
    `INSERT INTO risk_overrides (id, escalation_id, account_id, reason_code, note, actor, member_id, at, expires_at, state)
     SELECT $1, e.id, e.account_id, $3, $4, $5, $6, $7, $8, 'active' FROM escalations e WHERE e.id = $2`,
    [newId('ovr'), id, input.reason_code, input.note, by.actor, by.memberId, now, new Date(now.getTime() + days * 86_400_000)],
  );
  await tx.query(`UPDATE escalations SET state = 'overridden' WHERE id = $1`, [id]);
}
