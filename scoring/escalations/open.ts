import type { Clock } from '../../db/clock';
import type { Queryable } from '../../db/transaction';
import { named } from '../../db/prepared';
import { completeTask, createTask } from '../../team/tasks';
import { alertSettings, type AlertSettings } from '../alerts/settings';
import { dominantFamilySql, suggestionsJson, type StoredSuggestion } from '../alerts/suggest';
import { STEPS, stepText, type StepName } from './sop';
import { likelyChurnSql } from './trigger';

// Opening escalations after a batch of score writes: one statement finds the batch's likely churners
// with no live escalation (and none resolved lately) and opens theirs (ids ordered by opening time,
// the rest from the account and the batch, so a re-run makes the same id); then each new one (few: an
// account enters likely churn once) gets its CSM and sponsor by the rules, its steps and their tasks.

const OPEN_SQL = `
WITH batch AS (SELECT s.id, s.account_id, s.score, s.zone, s.escalate, s.reason_codes FROM scores s WHERE s.as_of = $1 AND s.kind <> 'backfill'),
trig AS (${likelyChurnSql('batch', '$3')}),
ins AS (
  INSERT INTO escalations (id, account_id, trigger, probability, score_id, score, zone, signal_family, suggested_action, state, opened_at)
  SELECT DISTINCT ON (t.account_id) 'esc_' || lpad(to_hex((extract(epoch FROM $2::timestamptz) * 1000)::bigint), 12, '0') || substr(md5(t.account_id || '|' || $1::timestamptz::text), 1, 14), t.account_id, t.trigger, t.probability,
         b.id, b.score, b.zone, f.family, $4::jsonb -> f.family, 'open', $2
  FROM trig t JOIN batch b ON b.id = t.score_id
  CROSS JOIN LATERAL (SELECT ${dominantFamilySql('b')} AS family) f
  WHERE NOT EXISTS (SELECT 1 FROM escalations e WHERE e.account_id = t.account_id AND (e.state <> 'resolved' OR e.closed_at > $2::timestamptz - $5::float8 * interval '1 day'))
  ORDER BY t.account_id
  ON CONFLICT (account_id) WHERE state <> 'resolved' DO NOTHING
  RETURNING id, account_id, score_id, suggested_action
)
SELECT ins.id, ins.account_id, ins.suggested_action, a.name AS account_name, a.owner_id, o.manager_id AS owner_manager_id,
       coalesce((SELECT array_agg(r->>'text') FROM scores s, jsonb_array_elements(s.reason_codes) r WHERE s.id = ins.score_id), '{}') AS reasons
FROM ins LEFT JOIN accounts a ON a.id = ins.account_id LEFT JOIN team_members o ON o.id = a.owner_id
ORDER BY ins.id`;

interface Opened {
  id: string;
  account_id: string;
  account_name: string | null;
  suggested_action: StoredSuggestion | null;
  owner_id: string | null;
  owner_manager_id: string | null;
  reasons: string[];
}

/** The least-loaded active team member of a kind (fewest live escalations in that role). */
async function leastLoaded(tx: Queryable, kind: 'csm' | 'executive_sponsor'): Promise<string | null> {
  const column = kind === 'csm' ? 'csm_id' : 'sponsor_id';
  const { rows } = await tx.query<{ id: string }>(
    `SELECT m.id FROM team_members m WHERE m.kind = $1 AND m.active
     ORDER BY (SELECT count(*) FROM escalations e WHERE e.${column} = m.id AND e.state <> 'resolved'), m.id LIMIT 1`,
    [kind],
  );
  return rows[0]?.id ?? null;
}

/** Opens the escalations of the batch scored at `asOf`; returns their ids. */
export async function openEscalations(tx: Queryable, clock: Clock, o: { asOf: Date; now: Date; settings?: AlertSettings; prepared?: boolean }): Promise<string[]> {
  const s = o.settings ?? alertSettings();
  const { rows } = await tx.query<Opened>(named(o.prepared ? 'tenure_escalations_open' : null, OPEN_SQL), [o.asOf, o.now, s.likelyChurn, suggestionsJson(), s.reopenAfterDays]);
  for (const e of rows) await staff(tx, clock, e, o.now);
  return rows.map((r) => r.id);
}

/**
 * The rules: the least-loaded CSM, else the account's owner; the least-loaded executive sponsor, else
 * the owner's manager. With both, the assignment step is done at once; without, it waits for a person
 * and goes overdue after 4 hours.
 */
async function staff(tx: Queryable, clock: Clock, e: Opened, now: Date): Promise<void> {
  const csm = (await leastLoaded(tx, 'csm')) ?? e.owner_id;
  const sponsor = (await leastLoaded(tx, 'executive_sponsor')) ?? e.owner_manager_id;
  await tx.query('UPDATE escalations SET csm_id = $2, sponsor_id = $3 WHERE id = $1', [e.id, csm, sponsor]);
  const owners: Record<StepName, string | null> = { assign: e.owner_manager_id ?? e.owner_id ?? csm, root_cause_call: csm, mitigation_plan: csm };
  const assigned = !!csm && !!sponsor;
  for (const def of STEPS) {
    const owner = owners[def.step];
    const due = new Date(now.getTime() + def.hours * 3_600_000);
    const done = def.step === 'assign' && assigned;
    let taskId: string | null = null;
    if (owner) {
      const text = stepText(def.step, { id: e.id, account: e.account_name ?? e.account_id, suggestion: e.suggested_action, reasons: e.reasons });
      const task = await createTask(tx, clock, {
        assigneeId: owner, kind: 'escalation_step', title: text.title, body: text.body, accountId: e.account_id, source: 'scoring',
        dedupeKey: `escalation:${e.id}:${def.step}`, dueAt: due,
      });
      taskId = task.id;
      if (done) await completeTask(tx, clock, task.id, { actor: 'rules', memberId: null, admin: true });
    }
    await tx.query(
      `INSERT INTO escalation_steps (escalation_id, step, position, owner_id, due_at, state, task_id, done_at, done_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [e.id, def.step, def.position, owner, due, done ? 'done' : 'pending', taskId, done ? now : null, done ? 'rules' : null],
    );
  }
}
