import type { Clock } from '../db/clock';
import type { Queryable } from '../db/transaction';
import { TenureError } from '../server/errors';
import { LINKABLE_ACTIONS, PaymentRecovery, type CustomerAction, type ReasonClass } from './contract';

// CONTRACTS.md section 7, built from a case: what the planner and the agent may know about a
// failed payment. Read from v_dunning_cases (no decline code there) and checked by the strict
// schema, so the raw code cannot ride along.

export async function paymentRecoveryFor(db: Queryable, clock: Clock, caseId: string, o: { linkDays?: number } = {}): Promise<PaymentRecovery> {
  const { rows } = await db.query<{ case_id: string; invoice_id: string; amount_due: string | number; currency: string; attempt_count: number; reason_class: ReasonClass; customer_action: CustomerAction; reveal_reason: boolean; cancellation_intent: boolean; message_key: string; closed_at: Date | null }>(
    'SELECT case_id, invoice_id, amount_due, currency, attempt_count, reason_class, customer_action, reveal_reason, cancellation_intent, message_key, closed_at FROM v_dunning_cases WHERE case_id = $1',
    [caseId],
  );
  const c = rows[0];
  if (!c) throw new TenureError('not_found', `No dunning case ${caseId}`);
  if (c.closed_at) throw new TenureError('conflict', `Dunning case ${caseId} is closed: nothing to recover`);
  const now = clock.now();
  return PaymentRecovery.parse({
    case_id: c.case_id,
    invoice_id: c.invoice_id,
    amount_due: Number(c.amount_due),
    currency: c.currency,
    attempt_count: c.attempt_count,
    reason_class: c.reason_class,
    customer_action: c.customer_action,
    reveal_reason: c.reveal_reason,
    message_key: c.message_key,
    // a stopped payment gets no link (and no recovery outreach): the owner follows up
    link_kind: !c.cancellation_intent && LINKABLE_ACTIONS.includes(c.customer_action) ? 'pay_link' : null,
    purpose: 'transactional',
    not_before: now.toISOString(),
    expires_at: new Date(now.getTime() + (o.linkDays ?? 14) * 86_400_000).toISOString(),
  });
}
