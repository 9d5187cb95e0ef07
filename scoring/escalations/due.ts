import type { Clock } from '../../db/clock';
import type { DueWork } from '../../db/due-work';
import { withTransaction, type Queryable } from '../../db/transaction';
import { enqueueNotifications, type NewNotification } from '../../insights/notify/store';
import { createTask } from '../../team/tasks';
import { STEPS } from './sop';

// The escalations' due work, each minute: a step past its due time goes missed and alerts its
// owner's manager (a task and a notification); an override past its expiry restores the risk, the
// escalation reopens and its pending steps get their time again.

interface Missed {
  escalation_id: string;
  step: string;
  owner_id: string | null;
  due_at: Date;
  account_id: string;
  account_name: string | null;
  manager_id: string | null;
  owner_name: string | null;
}

export async function markMissedSteps(tx: Queryable, now: Date): Promise<Missed[]> {
  const { rows } = await tx.query<Missed>(
    `WITH m AS (
       UPDATE escalation_steps s SET state = 'missed', missed_at = $1
       FROM escalations e
       WHERE e.id = s.escalation_id AND e.state = 'open' AND s.state = 'pending' AND s.due_at <= $1
       RETURNING s.escalation_id, s.step, s.owner_id, s.due_at, e.account_id
     )
     SELECT m.*, a.name AS account_name, o.name AS owner_name,
            -- the owner's manager; with no owner, the account owner's manager
            coalesce(o.manager_id, ao.manager_id) AS manager_id
     FROM m LEFT JOIN accounts a ON a.id = m.account_id
     LEFT JOIN team_members o ON o.id = m.owner_id LEFT JOIN team_members ao ON ao.id = a.owner_id
     ORDER BY m.escalation_id, m.step`,
    [now],
  );
  const clock: Clock = { kind: 'fixed', now: () => now };
  const notes: NewNotification[] = [];
  for (const m of rows) {
    if (!m.manager_id) continue;
    const account = m.account_name ?? m.account_id;
    const subject = `Overdue: ${m.step.replace(/_/g, ' ')} for ${account} (escalation ${m.escalation_id})`;
    const body = `The step "${m.step.replace(/_/g, ' ')}" of escalation ${m.escalation_id} was due ${m.due_at.toISOString()} and is not done.\n` +
      `Owner: ${m.owner_name ?? 'nobody assigned'}. Account: ${account} (${m.account_id}).`;
    await createTask(tx, clock, {
      assigneeId: m.manager_id, kind: 'escalation_overdue', title: subject, body, accountId: m.account_id, source: 'scoring',
      dedupeKey: `escalation:${m.escalation_id}:${m.step}:missed`,
    });
    notes.push({
      dedupe_key: `escalation:${m.escalation_id}:${m.step}:missed`, source: 'scoring', kind: 'escalation_step_missed', account_id: m.account_id,
      recipient_id: m.manager_id, subject, body,
      payload: { escalation_id: m.escalation_id, step: m.step, owner_id: m.owner_id, due_at: m.due_at.toISOString(), account: { id: m.account_id, name: m.account_name } },
    });
  }
  await enqueueNotifications(tx, notes, now);
  return rows;
}

export async function expireOverrides(tx: Queryable, now: Date): Promise<string[]> {
  const hours = Object.fromEntries(STEPS.map((s) => [s.step, s.hours]));
  const { rows } = await tx.query<{ id: string; account_id: string; csm_id: string | null; reason_code: string }>(
    `WITH x AS (
       UPDATE risk_overrides SET state = 'expired', expired_at = $1 WHERE state = 'active' AND expires_at <= $1 RETURNING escalation_id, reason_code
     )
     UPDATE escalations e SET state = 'open' FROM x WHERE e.id = x.escalation_id AND e.state = 'overridden'
     RETURNING e.id, e.account_id, e.csm_id, x.reason_code`,
    [now],
  );
  if (!rows.length) return [];
  await tx.query(
    `UPDATE escalation_steps SET due_at = $2::timestamptz + ($3::jsonb ->> step)::float8 * interval '1 hour'
     WHERE escalation_id = ANY ($1) AND state = 'pending'`,
    [rows.map((r) => r.id), now, JSON.stringify(hours)],
  );
  await enqueueNotifications(tx, rows.map((r) => ({
    dedupe_key: `escalation:${r.id}:override-expired:${now.toISOString()}`, source: 'scoring', kind: 'override_expired', account_id: r.account_id, recipient_id: r.csm_id,
    subject: `Risk restored: the override of escalation ${r.id} expired`,
    body: `The override (${r.reason_code}) has expired; escalation ${r.id} is open again and its pending steps are due anew.`,
    payload: { escalation_id: r.id, account_id: r.account_id },
  })), now);
  return rows.map((r) => r.id);
}

export function escalationSweep(): DueWork {
  return {
    name: 'escalations',
    run: (db, now) => withTransaction(db, async (tx) => (await expireOverrides(tx, now)).length + (await markMissedSteps(tx, now)).length),
  };
}
