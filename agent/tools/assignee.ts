import type { Queryable } from '../../db/transaction';

/** Who gets a task about an account: its owner, else the first active CSM or manager; null if nobody. */
export async function taskAssignee(db: Queryable, ownerId: string | null): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM team_members WHERE active AND (id = $1 OR ($1::text IS NULL AND kind IN ('csm', 'account_owner', 'manager')))
     ORDER BY (id = $1) DESC NULLS LAST, id LIMIT 1`,
    [ownerId],
  );
  return rows[0]?.id ?? null;
}

/** The conversation so far as plain lines, for a person picking it up. */
export const transcriptText = (lines: { role: string; text: string }[]) => lines.map((l) => `${l.role === 'agent' ? 'Agent' : 'Customer'}: ${l.text}`).join('\n');
