import { z } from 'zod';
import type { Clock } from '../db/clock';
import { newId } from '../db/ids';
import type { Queryable } from '../db/transaction';
import { E164 } from '../ingest/scalars';
import { TenureError } from '../server/errors';

export const MemberKind = z.enum(['csm', 'account_owner', 'manager', 'executive_sponsor', 'finance', 'product']);

export const TeamMember = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  kind: MemberKind,
  manager_id: z.string().nullable(),
  active: z.boolean(),
  created_at: z.date(),
});
export type TeamMember = z.infer<typeof TeamMember>;

export const NewTeamMember = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  /** a mobile number in E.164, for notifications by SMS */
  phone: E164.nullish(),
  kind: MemberKind,
  manager_id: z.string().nullish(),
});
export type NewTeamMember = z.infer<typeof NewTeamMember>;

const COLUMNS = 'id, name, email, phone, kind, manager_id, active, created_at';

/**
 * Adds a team member. The email is the natural key: sending the same member again returns the one
 * already stored (`created: false`); the same email with other details is a conflict.
 */
export async function addTeamMember(tx: Queryable, clock: Clock, input: NewTeamMember): Promise<{ member: TeamMember; created: boolean }> {
  if (input.manager_id) {
    const mgr = await tx.query('SELECT 1 FROM team_members WHERE id = $1', [input.manager_id]);
    if (!mgr.rowCount) throw new TenureError('invalid_request', `manager ${input.manager_id} does not exist`, [{ field: 'body.manager_id', message: 'unknown team member' }]);
  }
  const inserted = await tx.query<TeamMember>(
    `INSERT INTO team_members (id, name, email, phone, kind, manager_id, created_at) VALUES ($1, $2, $3, $7, $4, $5, $6)
     ON CONFLICT ((lower(email))) DO NOTHING RETURNING ${COLUMNS}`,
    [newId('tm'), input.name, input.email, input.kind, input.manager_id ?? null, clock.now(), input.phone ?? null],
  );
  if (inserted.rows[0]) return { member: inserted.rows[0], created: true };
  const existing = (await tx.query<TeamMember>(`SELECT ${COLUMNS} FROM team_members WHERE lower(email) = lower($1)`, [input.email])).rows[0]!;
  const same = existing.name === input.name && existing.kind === input.kind && existing.manager_id === (input.manager_id ?? null) && existing.phone === (input.phone ?? null);
  if (!same) throw new TenureError('conflict', `A team member with the email ${input.email} already exists (${existing.id}) with other details`);
  return { member: existing, created: false };
}

export async function listTeamMembers(db: Queryable, after: string | null, limit: number): Promise<TeamMember[]> {
  const { rows } = await db.query<TeamMember>(
    `SELECT ${COLUMNS} FROM team_members WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`,
    [after, limit],
  );
  return rows;
}
