import type Stripe from 'stripe';
import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import type { DueWork } from '../../db/due-work';
import { newId } from '../../db/ids';
import type { Logger } from '../../db/queue';
import { withTransaction } from '../../db/transaction';
import { applyFailure, applyInvoice, moveCase } from '../cases';
import { readFailure } from '../intake';
import { Charge, Invoice, InvoicePayment, Subscription, subscriptionOf } from '../stripe-shapes';
import { mayRetry } from './limits';
import { ledgerFor, recordAttempt } from './ledger';
import { limitsOf, type DunningSettings } from './settings';

// Tenure's retries, as due work on the context clock. Each retry:
//   1. re-reads the invoice (paid or closed since? the case follows it, nothing is charged);
//   2. finds the card Stripe would charge and asks the ledger (limits.ts) whether it may;
//   3. commits a dunning_retries row with its own idempotency key, then calls invoices.pay with it;
//   4. records the answer (ledger, case) in one transaction.
// A worker killed between 3 and 4 leaves the row 'calling'. The next run settles it from what Stripe
// shows, never from Stripe's memory of the key (pruned after 24 h): a paid invoice or a charge newer
// than the call means the call happened; only when neither shows is the same key sent again.

export interface RetryDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  stripe: () => Promise<Stripe>;
  settings: DunningSettings;
  /** tests: runs right after Stripe answered, before Tenure records it (a throw here is a crash) */
  afterCall?: (idempotencyKey: string) => void;
}

interface DueCase {
  id: string;
  account_id: string;
  invoice_id: string;
  card_updated_at: Date | null;
}

interface RetryRow {
  id: string;
  case_id: string;
  invoice_id: string;
  idempotency_key: string;
  reason: 'scheduled' | 'card_updated';
  charges_before: number;
}

const BATCH = 20;
const unix = (d: Date) => Math.floor(d.getTime() / 1000);

/** The invoice's charges, oldest first (across its payment intents). */
async function chargesOf(stripe: Stripe, invoiceId: string): Promise<Charge[]> {
  const payments = (await stripe.invoicePayments.list({ invoice: invoiceId, limit: 100 })).data.map((p) => InvoicePayment.parse(p));
  const out: Charge[] = [];
  for (const p of payments) {
    if (!p.payment.payment_intent) continue;
    out.push(...(await stripe.charges.list({ payment_intent: p.payment.payment_intent, limit: 100 })).data.map((c) => Charge.parse(c)));
  }
  return out.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
}

/** The payment method Stripe charges for the invoice: the subscription's default, else the customer's. */
async function cardFor(stripe: Stripe, invoice: Invoice): Promise<{ card: string | null; brand: string | null }> {
  const subId = subscriptionOf(invoice);
  const sub = subId ? Subscription.parse(await stripe.subscriptions.retrieve(subId)) : null;
  const fromSub = typeof sub?.default_payment_method === 'string' ? sub.default_payment_method : null;
  const customer = await stripe.customers.retrieve(invoice.customer);
  const fromCustomer = 'deleted' in customer && customer.deleted ? null : customer.invoice_settings?.default_payment_method;
  const pm = fromSub ?? (typeof fromCustomer === 'string' ? fromCustomer : (fromCustomer?.id ?? null));
  if (!pm) return { card: null, brand: null };
  const method = await stripe.paymentMethods.retrieve(pm);
  return { card: method.id, brand: method.card?.brand ?? null };
}

const ctxOf = (deps: RetryDeps, tx: Parameters<Parameters<typeof withTransaction>[1]>[0], eventId: string) => ({ tx, clock: deps.clock, log: deps.log, eventId, settings: deps.settings });

/** The invoice is no longer open: the case follows it (recovered, lost, cancelled). */
async function follow(deps: RetryDeps, invoice: Invoice, why: string): Promise<void> {
  await withTransaction(deps.db, (tx) => applyInvoice(ctxOf(deps, tx, why), invoice));
}

/** Records what the call did: the ledger, the retry row, and the case (from Stripe's own reading). */
async function settle(deps: RetryDeps, stripe: Stripe, r: RetryRow, charge: Charge | null): Promise<void> {
  const invoice = Invoice.parse(await stripe.invoices.retrieve(r.invoice_id));
  const failure = charge && charge.status === 'failed' ? await readFailure(stripe, r.invoice_id, unix(deps.clock.now())) : null;
  const state = charge ? (charge.status === 'succeeded' ? 'succeeded' : 'failed') : 'not_open';
  await withTransaction(deps.db, async (tx) => {
    const done = await tx.query(`UPDATE dunning_retries SET state = $2, charge_id = $3, finished_at = $4 WHERE id = $1 AND state = 'calling'`, [r.id, state, charge?.id ?? null, deps.clock.now()]);
    if (done.rowCount !== 1) return;
    // the ledger row first (as Tenure's or the customer's); applyFailure adds the router's do-not-retry to it
    if (charge?.payment_method) {
      await recordAttempt(tx, deps.clock, {
        card: charge.payment_method, brand: charge.payment_method_details?.card?.brand ?? null, caseId: r.case_id, invoiceId: r.invoice_id,
        source: r.reason === 'card_updated' ? 'customer' : 'tenure', at: new Date(charge.created * 1000), succeeded: charge.status === 'succeeded', doNotRetry: false, chargeId: charge.id,
      });
    }
    const ctx = ctxOf(deps, tx, `retry:${r.idempotency_key}`);
    if (failure && failure.kind === 'failure') await applyFailure(ctx, failure.invoice, failure.attempts);
    else await applyInvoice(ctx, invoice);
  });
}

/** Calls Stripe with the row's key and settles the answer. */
async function call(deps: RetryDeps, stripe: Stripe, r: RetryRow): Promise<void> {
  let outcome: 'paid' | 'declined' | 'not_open';
  try {
    await stripe.invoices.pay(r.invoice_id, { off_session: true }, { idempotencyKey: r.idempotency_key });
    outcome = 'paid';
  } catch (e) {
    const err = e as { type?: string; statusCode?: number; code?: string };
    if (err.type === 'StripeCardError' || err.statusCode === 402) outcome = 'declined';
    else if (err.code === 'invoice_already_paid' || err.code === 'invoice_not_open') outcome = 'not_open';
    // anything else (network, 5xx): the row stays 'calling' and the next run settles it
    else throw e;
  }
  deps.afterCall?.(r.idempotency_key);
  const charges = outcome === 'not_open' ? [] : await chargesOf(stripe, r.invoice_id);
  await settle(deps, stripe, r, charges.length > r.charges_before ? charges.at(-1)! : null);
}

/** A row left 'calling' by a crash: did the call happen? The invoice and its charges say. */
async function resume(deps: RetryDeps, stripe: Stripe, r: RetryRow): Promise<void> {
  const charges = await chargesOf(stripe, r.invoice_id);
  if (charges.length > r.charges_before) return settle(deps, stripe, r, charges.at(-1)!);
  const invoice = Invoice.parse(await stripe.invoices.retrieve(r.invoice_id));
  if (invoice.status !== 'open') return settle(deps, stripe, r, null);
  // no charge was made: the call never reached Stripe, or was refused before charging: send it again, same key
  deps.log.warn({ case: r.case_id, invoice: r.invoice_id }, 'retry interrupted before Stripe charged; calling again with its key');
  return call(deps, stripe, r);
}

/** One case due for a retry. */
async function retryCase(deps: RetryDeps, stripe: Stripe, c: DueCase): Promise<'called' | 'followed' | 'deferred'> {
  const now = deps.clock.now();
  const invoice = Invoice.parse(await stripe.invoices.retrieve(c.invoice_id));
  if (invoice.status !== 'open') {
    await follow(deps, invoice, `retry:${c.id}:reread`);
    return 'followed';
  }
  const reason = c.card_updated_at ? 'card_updated' : 'scheduled';
  const defer = async (at: Date | null, why: string) => {
    await withTransaction(deps.db, (tx) => moveCase(ctxOf(deps, tx, `retry:${c.id}`), c.invoice_id, at ? 'retry_scheduled' : 'waiting_for_customer', why, at));
    return 'deferred' as const;
  };
  if (reason === 'scheduled' && deps.settings.TENURE_DUNNING_STRIPE_SMART_RETRIES) {
    // Stripe retries this invoice itself: Tenure watches, it does not charge a second time
    return defer(invoice.next_payment_attempt ? new Date(invoice.next_payment_attempt * 1000) : null, invoice.next_payment_attempt ? 'following Stripe Smart Retries' : 'Stripe Smart Retries owns retries; none left');
  }
  const { card, brand } = await cardFor(stripe, invoice);
  if (!card) return defer(null, 'no payment method to charge');
  const verdict = mayRetry({ card, brand, invoiceId: c.invoice_id, at: now, ledger: await ledgerFor(deps.db, card, c.invoice_id, now), limits: limitsOf(deps.settings), automatic: reason === 'scheduled' });
  if (!verdict.ok) return defer(verdict.earliest, verdict.reason);
  const before = (await chargesOf(stripe, c.invoice_id)).length;
  const r = await withTransaction(deps.db, async (tx): Promise<RetryRow | null> => {
    // the case may have moved while Stripe was read (a webhook, another worker): only a still-due case is charged
    const due = await tx.query(`SELECT 1 FROM dunning_cases WHERE id = $1 AND state = 'retry_scheduled' AND next_retry_at <= $2 FOR UPDATE`, [c.id, now]);
    if (!due.rowCount) return null;
    const { rows: [n] } = await tx.query<{ seq: number }>('SELECT coalesce(max(seq), 0) + 1 AS seq FROM dunning_retries WHERE case_id = $1', [c.id]);
    const row: RetryRow = { id: newId('drt', now.getTime()), case_id: c.id, invoice_id: c.invoice_id, idempotency_key: `tenure-retry-${c.id}-${n!.seq}`, reason, charges_before: before };
    await tx.query(
      `INSERT INTO dunning_retries (id, case_id, invoice_id, seq, idempotency_key, reason, state, charges_before, started_at) VALUES ($1, $2, $3, $4, $5, $6, 'calling', $7, $8)`,
      [row.id, c.id, c.invoice_id, n!.seq, row.idempotency_key, reason, before, now],
    );
    // the call is under way: the case is not due again until it is settled
    await tx.query(`UPDATE dunning_cases SET card_updated_at = NULL, next_retry_at = $2 WHERE id = $1`, [c.id, new Date(now.getTime() + 3_600_000)]);
    return row;
  });
  if (!r) return 'deferred';
  await call(deps, stripe, r);
  return 'called';
}

/** Settles interrupted retries, then retries the due cases. Returns how many cases it handled. */
export async function runDueRetries(deps: RetryDeps, now = deps.clock.now()): Promise<number> {
  const stripe = await deps.stripe();
  let handled = 0;
  const { rows: unsettled } = await deps.db.query<RetryRow>(
    `SELECT id, case_id, invoice_id, idempotency_key, reason, charges_before FROM dunning_retries WHERE state = 'calling' ORDER BY started_at, id LIMIT ${BATCH}`,
  );
  for (const r of unsettled) {
    try {
      await resume(deps, stripe, r);
      handled++;
    } catch (err) {
      deps.log.error({ err, case: r.case_id }, 'interrupted retry not settled; the next run tries again');
    }
  }
  const { rows } = await deps.db.query<DueCase>(
    `SELECT c.id, c.account_id, c.invoice_id, c.card_updated_at FROM dunning_cases c
     WHERE c.state = 'retry_scheduled' AND c.next_retry_at <= $1
       AND NOT EXISTS (SELECT 1 FROM dunning_retries r WHERE r.case_id = c.id AND r.state = 'calling')
     ORDER BY c.next_retry_at, c.id LIMIT ${BATCH}`,
    [now],
  );
  for (const c of rows) {
    try {
      await retryCase(deps, stripe, c);
      handled++;
    } catch (err) {
      deps.log.error({ err, case: c.id }, 'retry failed; the next run tries again');
    }
  }
  return handled;
}

export function retryDueWork(deps: () => Omit<RetryDeps, 'log'>): DueWork {
  return { name: 'dunning-retries', run: (_db, now, log) => runDueRetries({ ...deps(), log }, now) };
}
