import type { Clock } from '../../db/clock';
import { newId } from '../../db/ids';
import type { Queryable } from '../../db/transaction';
import { SuppressInput, type PolicyChannel } from './contract';

// The one write to `suppressions` (CONTRACTS.md section 6): telephony's opt-out words and the
// agent's do-not-contact tool both come here. Suppressing twice keeps one row per target and channel.

export async function suppress(db: Queryable, clock: Clock, input: SuppressInput): Promise<void> {
  const s = SuppressInput.parse(input);
  await db.query(
    `INSERT INTO suppressions (id, contact_id, phone, channel, reason, at, created_at)
     SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::timestamptz, $7::timestamptz
     WHERE NOT EXISTS (SELECT 1 FROM suppressions WHERE contact_id IS NOT DISTINCT FROM $2 AND phone IS NOT DISTINCT FROM $3
                       AND (channel IS NULL OR channel IS NOT DISTINCT FROM $4))`,
    [newId('sup'), s.contactId ?? null, s.phone ?? null, s.channel ?? null, s.reason, s.at, clock.now()],
  );
}

/** Whether a contact may not be reached on a channel (null: on any). */
export async function isSuppressed(db: Queryable, contactId: string, channel: PolicyChannel | null): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM suppressions s WHERE (s.contact_id = $1 OR s.phone = (SELECT phone FROM contacts WHERE id = $1))
       AND (s.channel IS NULL OR $2::text IS NULL OR s.channel = $2) LIMIT 1`,
    [contactId, channel],
  );
  return rows.length > 0;
}

/**
 * START/UNSTOP/YES after an opt-out word (telephony): lifts only what an opt-out word wrote; a
 * do-not-contact the agent recorded, a carrier block or an admin's entry stay.
 */
export async function liftOptOut(db: Queryable, target: { contactId: string } | { phone: string }): Promise<number> {
  const r = await db.query(
    `DELETE FROM suppressions WHERE reason = 'opt_out_keyword' AND ${'contactId' in target ? 'contact_id' : 'phone'} = $1`,
    ['contactId' in target ? target.contactId : target.phone],
  );
  return r.rowCount ?? 0;
}
