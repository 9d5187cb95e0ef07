import { z } from 'zod';
import { PolicyChannel, Purpose } from '../agent/policy/contract';
import type { Clock } from '../db/clock';
import { newId } from '../db/ids';
import type { Queryable } from '../db/transaction';
import type { Result } from './result';
import { Timestamp } from './scalars';
import type { UpsertOutcome } from './upsert';

/**
 * One consent statement: a contact granted or withdrew a channel for a purpose at a time. Consents
 * are kept as history (the policy reads the latest per contact, channel and purpose); the same
 * statement sent again is a no-op, a different one at the same instant a conflict.
 */
export const ConsentInput = z.strictObject({
  contact_id: z.string().min(1).optional().describe("Tenure's contact id"),
  contact_external_id: z.string().min(1).optional().describe('or your contact id'),
  channel: PolicyChannel,
  purpose: Purpose,
  status: z.enum(['granted', 'revoked']),
  express_written: z.boolean().optional().describe('express written consent (US automated marketing calls need it)'),
  recorded_at: Timestamp,
  evidence: z.string().max(2000).nullish().describe('where the statement is kept: a form id, a recording, a quote'),
});
export type ConsentInput = z.infer<typeof ConsentInput>;

export const Consent = z.object({
  id: z.string(),
  contact_id: z.string(),
  channel: PolicyChannel,
  purpose: Purpose,
  status: z.string(),
  express_written: z.boolean(),
  recorded_at: z.date(),
  evidence: z.string().nullable(),
});

export async function recordConsent(tx: Queryable, clock: Clock, c: ConsentInput): Promise<Result<{ id: string; outcome: UpsertOutcome }>> {
  if (!c.contact_id && !c.contact_external_id) return { ok: false, errors: [{ field: 'contact_id', message: 'give contact_id or contact_external_id' }] };
  const field = c.contact_id ? 'contact_id' : 'contact_external_id';
  const contact = await tx.query<{ id: string }>(`SELECT id FROM contacts WHERE ${c.contact_id ? 'id' : 'external_id'} = $1`, [c.contact_id ?? c.contact_external_id]);
  if (!contact.rows[0]) return { ok: false, errors: [{ field, message: `no contact ${c.contact_id ?? c.contact_external_id}` }] };
  const contactId = contact.rows[0].id;
  const values = [newId('cst'), contactId, c.channel, c.purpose, c.status, c.express_written ?? false, c.recorded_at, c.evidence ?? null, clock.now()];
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO consents (id, contact_id, channel, purpose, status, express_written, recorded_at, evidence, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (contact_id, channel, purpose, recorded_at) DO NOTHING RETURNING id`,
    values,
  );
  if (inserted.rows[0]) return { ok: true, value: { id: inserted.rows[0].id, outcome: 'created' } };
  const existing = (
    await tx.query<{ id: string; same: boolean }>(
      `SELECT id, (status, express_written, evidence) IS NOT DISTINCT FROM ($5, $6, $7) AS same FROM consents
       WHERE contact_id = $1 AND channel = $2 AND purpose = $3 AND recorded_at = $4`,
      [contactId, c.channel, c.purpose, c.recorded_at, c.status, c.express_written ?? false, c.evidence ?? null],
    )
  ).rows[0]!;
  if (!existing.same) return { ok: false, errors: [{ field: 'recorded_at', message: `a different consent for ${c.channel}/${c.purpose} is already recorded at this instant` }] };
  return { ok: true, value: { id: existing.id, outcome: 'unchanged' } };
}
