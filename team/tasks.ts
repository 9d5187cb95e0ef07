import { z } from 'zod';
import type { Clock } from '../db/clock';
import { newId } from '../db/ids';
import type { Queryable } from '../db/transaction';
import { TenureError } from '../server/errors';

export const TaskStatus = z.enum(['open', 'done', 'cancelled']);

export const Task = z.object({
  id: z.string(),
  assignee_id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  account_id: z.string().nullable(),
  source: z.string(),
  dedupe_key: z.string().nullable(),
  due_at: z.date().nullable(),
  status: TaskStatus,
  created_at: z.date(),
  done_at: z.date().nullable(),
  done_by: z.string().nullable(),
});
export type Task = z.infer<typeof Task>;

export const NewTask = z.object({
  assigneeId: z.string().min(1),
  /** what sort of work: `escalation_step`, `approval`, `handoff`, … (the capability's own words) */
  kind: z.string().min(1).max(100),
  title: z.string().min(1).max(300),
  body: z.string().max(20_000).default(''),
  accountId: z.string().nullish(),
  /** the capability handing the work over: `scoring`, `agent`, `dunning`, … */
  source: z.string().min(1).max(100),
  /** the capability's own key for this piece of work: creating it twice makes one task */
  dedupeKey: z.string().max(300).nullish(),
  dueAt: z.date().nullish(),
});
export type NewTask = z.input<typeof NewTask>;

const COLUMNS = 'id, assignee_id, kind, title, body, account_id, source, dedupe_key, due_at, status, created_at, done_at, done_by';

/**
 * Every capability hands work to a person through this. Call it inside the transaction that decided
 * the work is needed. With a dedupe key, a repeated hand-off returns the task already made.
 */
export async function createTask(tx: Queryable, clock: Clock, input: NewTask): Promise<Task> {
  const t = NewTask.parse(input);
  const { rows } = await tx.query<Task>(
    `INSERT INTO tasks (id, assignee_id, kind, title, body, account_id, source, dedupe_key, due_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING ${COLUMNS}`,
    [newId('task'), t.assigneeId, t.kind, t.title, t.body, t.accountId ?? null, t.source, t.dedupeKey ?? null, t.dueAt ?? null, clock.now()],
  );
  if (rows[0]) return rows[0];
  return (await tx.query<Task>(`SELECT ${COLUMNS} FROM tasks WHERE dedupe_key = $1`, [t.dedupeKey])).rows[0]!;
}

export async function listTasks(
  db: Queryable,
  filter: { assigneeId: string | null; status: z.infer<typeof TaskStatus> | null; after: string | null; limit: number },
): Promise<Task[]> {
  const { rows } = await db.query<Task>(
    `SELECT ${COLUMNS} FROM tasks
     WHERE ($1::text IS NULL OR assignee_id = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR id > $3)
     ORDER BY id LIMIT $4`,
    [filter.assigneeId, filter.status, filter.after, filter.limit],
  );
  return rows;
}

/** Marks a task done; doing it twice leaves the first completion as it was. */
export async function completeTask(tx: Queryable, clock: Clock, id: string, by: { actor: string; memberId: string | null; admin: boolean }): Promise<Task> {
  const task = (await tx.query<Task>(`SELECT ${COLUMNS} FROM tasks WHERE id = $1 FOR UPDATE`, [id])).rows[0];
  if (!task) throw new TenureError('not_found', `Task ${id} does not exist`);
  if (!by.admin && task.assignee_id !== by.memberId) throw new TenureError('forbidden', `Task ${id} is assigned to someone else`);
  if (task.status !== 'open') return task;
  const { rows } = await tx.query<Task>(
    `UPDATE tasks SET status = 'done', done_at = $2, done_by = $3 WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, clock.now(), by.actor],
  );
  return rows[0]!;
}
