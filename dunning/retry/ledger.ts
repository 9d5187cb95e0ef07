import type { Clock } from '../../db/clock';
import { newId } from '../../db/ids';
import type { Queryable } from '../../db/transaction';
import { mayRetry, type LedgerAttempt, type RetryVerdict } from './limits';
import { nextPayDayMorning } from './paydays';
import { limitsOf, type DunningSettings } from './settings';

// The attempt ledger (card_attempts): written for every charge Tenure sees on a dunning invoice —
// from Stripe's events (its own retries), from Tenure's retries, from the customer's payment after a
// card update — and read by every retry decision (limits.ts), so no source can overrun a card.

export interface NewAttempt {
  card: string;
  brand: string | null;
  caseId: string | null;
  invoiceId: string;
  source: 'stripe' | 'tenure' | 'customer';
  at: Date;
  succeeded: boolean;
  doNotRetry: boolean;
  chargeId: string | null;
}

/** Stores an attempt once per charge; Tenure's own (or the customer's) claim on a charge wins over "stripe". */
export async function recordAttempt(db: Queryable, clock: Clock, a: NewAttempt): Promise<void> {
  await db.query(
    `INSERT INTO card_attempts (id, card, brand, case_id, invoice_id, source, attempted_at, succeeded, do_not_retry, charge_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (charge_id) DO UPDATE SET source = CASE WHEN EXCLUDED.source = 'stripe' THEN card_attempts.source ELSE EXCLUDED.source END,
       do_not_retry = card_attempts.do_not_retry OR EXCLUDED.do_not_retry`,
    [newId('catt', clock.now().getTime()), a.card, a.brand, a.caseId, a.invoiceId, a.source, a.at, a.succeeded, a.doNotRetry, a.chargeId, clock.now()],
  );
}

/** Every attempt on the card in the last 30 days before `at`, and every attempt on the invoice. */
export async function ledgerFor(db: Queryable, card: string, invoiceId: string, at: Date): Promise<LedgerAttempt[]> {
  const { rows } = await db.query<{ card: string; invoice_id: string; attempted_at: Date; source: LedgerAttempt['source']; succeeded: boolean; do_not_retry: boolean }>(
    `SELECT card, invoice_id, attempted_at, source, succeeded, do_not_retry FROM card_attempts WHERE card = $1 AND (attempted_at > $3 OR do_not_retry)
     UNION ALL
     SELECT card, invoice_id, attempted_at, source, succeeded, do_not_retry FROM card_attempts WHERE invoice_id = $2 AND NOT (card = $1 AND (attempted_at > $3 OR do_not_retry))`,
    [card, invoiceId, new Date(at.getTime() - 31 * 86_400_000)],
  );
  return rows.map((r) => ({ card: r.card, invoice_id: r.invoice_id, at: r.attempted_at, source: r.source, succeeded: r.succeeded, do_not_retry: r.do_not_retry }));
}

export interface RetryPlan {
  at: Date | null;
  why: string;
}

/**
 * When to retry a case the router would retry at `proposed`: an insufficient-funds decline moves to
 * the next pay-day morning; the card's limits push it later, or stop it (null: wait for the customer).
 */
export async function planRetry(db: Queryable, s: DunningSettings, p: { accountId: string; invoiceId: string; reasonClass: string; card: string | null; brand: string | null; proposed: Date; stripeNext: Date | null }): Promise<RetryPlan> {
  // Smart Retries on: Stripe owns the automatic retries; Tenure only watches for its next one
  if (s.TENURE_DUNNING_STRIPE_SMART_RETRIES) return p.stripeNext ? { at: p.stripeNext, why: 'following Stripe Smart Retries' } : { at: null, why: 'Stripe Smart Retries owns retries; none left' };
  let at = p.proposed;
  let why = 'scheduled retry';
  if (p.reasonClass === 'insufficient_funds') {
    const { rows } = await db.query<{ country: string | null; time_zone: string | null }>('SELECT country, time_zone FROM accounts WHERE id = $1', [p.accountId]);
    at = nextPayDayMorning(at, rows[0]?.country ?? null, rows[0]?.time_zone ?? null, s.TENURE_DUNNING_MORNING_HOUR);
    why = 'insufficient funds: next pay-day morning';
  }
  if (!p.card) return { at, why };
  const ledger = await ledgerFor(db, p.card, p.invoiceId, at);
  // an attempt's limits are checked again at call time; here the schedule only skips windows known full
  for (let i = 0; i < 4; i++) {
    const v: RetryVerdict = mayRetry({ card: p.card, brand: p.brand, invoiceId: p.invoiceId, at, ledger, limits: limitsOf(s), automatic: true });
    if (v.ok) return { at, why };
    if (!v.earliest) return { at: null, why: v.reason };
    at = v.earliest;
    why = v.reason;
  }
  return { at, why };
}
