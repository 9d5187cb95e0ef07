import type { Clock } from '../db/clock';
import { newId } from '../db/ids';
import type { Logger } from '../db/queue';
import type { Tx } from '../db/transaction';
import { recordEvents } from '../ingest/events/store';
import { createTask, listTeamMembers } from '../team';
import type { DunningOutcome } from './contract';
import { route, type Decision } from './router';
import { recordAttempt, planRetry } from './retry/ledger';
import { dunningSettings, type DunningSettings } from './retry/settings';
import { subscriptionOf, type Invoice, type Subscription } from './stripe-shapes';

// Dunning cases: one per unpaid invoice, and its state machine
//   open → waiting_for_customer | retry_scheduled → recovered | lost | cancelled
// A case is opened by its first failure and moved by what Stripe says now (the invoice re-read from
// the API), so events arriving late or twice move nothing backwards: a closed case stays closed.

export const CaseState = ['open', 'waiting_for_customer', 'retry_scheduled', 'recovered', 'lost', 'cancelled'] as const;
export type CaseState = (typeof CaseState)[number];
const CLOSED: readonly CaseState[] = ['recovered', 'lost', 'cancelled'];
export const isClosed = (s: CaseState) => CLOSED.includes(s);

export interface FailedAttempt {
  /** the charge id, or `<payment intent>:attempt:<n>` for a failure before any charge */
  stripe_key: string;
  payment_intent_id: string | null;
  charge_id: string | null;
  attempted_at: Date;
  attempt: number;
  code: string | null;
  decline_code: string | null;
  advice_code: string | null;
  network_advice_code: string | null;
  network_decline_code: string | null;
  outcome_type: string | null;
  outcome_reason: string | null;
  payment_method_type: string | null;
  /** the payment method charged and its card brand (the attempt ledger counts per card) */
  payment_method_id?: string | null;
  card_brand?: string | null;
}

export interface ApplyContext {
  tx: Tx;
  clock: Clock;
  log: Logger;
  /** the Stripe event being applied, named in transitions */
  eventId: string;
  /** payment recovery's settings (default: from the environment) */
  settings?: DunningSettings;
}

interface CaseRow {
  id: string;
  account_id: string;
  invoice_id: string;
  state: CaseState;
  reason_class: string;
  attempt_count: number;
  next_retry_at: Date | null;
}

const HOUR = 3_600_000;

/** The Tenure account of a Stripe customer (ingest publishes no lookup by Stripe id yet: read here, once). */
async function accountOf(tx: Tx, customerId: string): Promise<{ id: string; owner_id: string | null } | null> {
  const { rows } = await tx.query<{ id: string; owner_id: string | null }>('SELECT id, owner_id FROM accounts WHERE stripe_customer_id = $1', [customerId]);
  return rows[0] ?? null;
}

const upper = (currency: string) => currency.toUpperCase();

async function lockCase(tx: Tx, invoiceId: string): Promise<CaseRow | null> {
  const { rows } = await tx.query<CaseRow>('SELECT id, account_id, invoice_id, state, reason_class, attempt_count, next_retry_at FROM dunning_cases WHERE invoice_id = $1 FOR UPDATE', [invoiceId]);
  return rows[0] ?? null;
}

/** Moves a case (and logs the move); closing it writes the `dunning.case_closed` event. */
async function moveTo(c: ApplyContext, row: CaseRow, to: CaseState, cause: string, nextRetryAt: Date | null = null): Promise<void> {
  const next = to === 'retry_scheduled' ? nextRetryAt : null;
  if (row.state === to && (row.next_retry_at?.getTime() ?? null) === (next?.getTime() ?? null)) return;
  if (isClosed(row.state)) return;
  const now = c.clock.now();
  await c.tx.query(
    `UPDATE dunning_cases SET state = $2, next_retry_at = $3, updated_at = $4, closed_at = CASE WHEN $5 THEN $4::timestamptz END WHERE id = $1`,
    [row.id, to, next, now, isClosed(to)],
  );
  if (row.state !== to) {
    await c.tx.query('INSERT INTO dunning_case_transitions (case_id, from_state, to_state, cause, at) VALUES ($1, $2, $3, $4, $5)', [row.id, row.state, to, `${cause} (${c.eventId})`, now]);
  }
  if (isClosed(to)) {
    const outcome = to as DunningOutcome;
    await ingest(c, [{ kind: 'dunning.case_closed', account_id: row.account_id, occurred_at: now.toISOString(), dedupe_key: `dunning:case_closed:${row.id}`, payload: { case_id: row.id, outcome, reason_class: row.reason_class } }], 'dunning');
    // a case lost to failed payments is involuntary churn, and payment failure is its reason
    if (outcome === 'lost') await churnReason(c, row.account_id, row.id, 'lost', { category: 'payment_failure', voluntary: false, detail: 'The payment could not be recovered: the invoice was given up after failed payments.', verbatim: 'payment not recovered' });
  }
  row.state = to;
  row.next_retry_at = next;
}

async function ingest(c: ApplyContext, items: unknown[], source: 'stripe' | 'dunning'): Promise<void> {
  // the registry refusing what dunning wrote is a bug here, not bad input: the job fails, to be seen and retried
  await recordEvents(c.tx, c.clock, items, source, "dunning's events");
}

/** A churn reason written by dunning (no conversation, so no customer turn to point at). */
async function churnReason(c: ApplyContext, accountId: string, caseId: string, why: string, r: { category: 'payment_failure' | 'other'; voluntary: boolean; detail: string; verbatim: string }): Promise<void> {
  const key = `dunning:churn_reason:${caseId}:${why}`;
  // once per case: a later failure of the same case says nothing new
  if ((await c.tx.query('SELECT 1 FROM events WHERE dedupe_key = $1', [key])).rowCount) return;
  await ingest(c, [{
    kind: 'churn_reason.captured', account_id: accountId, occurred_at: c.clock.now().toISOString(), dedupe_key: key,
    payload: { ...r, sentiment: 'neutral', confidence: 1, source: 'dunning' },
  }], 'dunning');
}

/** Where an open case goes after a failure, given the invoice as Stripe has it now. */
function afterFailure(invoice: Invoice, d: Decision, attemptCount: number, lastAt: Date): { state: CaseState; nextRetryAt: Date | null; cause: string } {
  if (invoice.status === 'paid') return { state: 'recovered', nextRetryAt: null, cause: 'invoice paid' };
  if (invoice.status === 'uncollectible') return { state: 'lost', nextRetryAt: null, cause: 'invoice uncollectible' };
  if (invoice.status === 'void') return { state: 'cancelled', nextRetryAt: null, cause: 'invoice void' };
  const retriesSoFar = attemptCount - 1;
  if ((d.retry === 'scheduled' || d.retry === 'once_soon') && retriesSoFar < d.max_retries && d.retry_after_hours !== null) {
    const ours = lastAt.getTime() + d.retry_after_hours * HOUR;
    // Stripe's own retry (Smart Retries) when later: Tenure never retries ahead of it
    const stripes = invoice.next_payment_attempt ? invoice.next_payment_attempt * 1000 : 0;
    return { state: 'retry_scheduled', nextRetryAt: new Date(Math.max(ours, stripes)), cause: `${d.retry} retry` };
  }
  return { state: 'waiting_for_customer', nextRetryAt: null, cause: d.retry === 'never' ? 'not retried' : `customer must ${d.customer_action}` };
}

/** Someone to hand a non-card failure to: the account's owner, else a finance member, else anyone active. */
async function assigneeFor(tx: Tx, ownerId: string | null): Promise<string | null> {
  if (ownerId) return ownerId;
  const members = (await listTeamMembers(tx, null, 500)).filter((m) => m.active);
  return (members.find((m) => m.kind === 'finance') ?? members[0])?.id ?? null;
}

/** Failed attempts on an invoice: the case opened or updated, each attempt and its event stored once. */
export async function applyFailure(c: ApplyContext, invoice: Invoice, attempts: FailedAttempt[]): Promise<void> {
  const account = await accountOf(c.tx, invoice.customer);
  if (!account) {
    c.log.warn({ customer: invoice.customer, invoice: invoice.id }, 'failed payment of a Stripe customer no account carries; left aside');
    return;
  }
  if (!attempts.length) {
    c.log.warn({ invoice: invoice.id }, 'failure event without a failed attempt on the invoice; nothing to record');
    return;
  }
  const now = c.clock.now();
  const sorted = [...attempts].sort((a, b) => a.attempted_at.getTime() - b.attempted_at.getTime() || a.attempt - b.attempt);
  const decisions = sorted.map((a) => route({ ...a, network_advice_code: a.network_advice_code }));
  const latest = decisions.at(-1)!;

  const inserted = await c.tx.query<{ id: string }>(
    `INSERT INTO dunning_cases (id, account_id, invoice_id, subscription_id, customer_id, state, amount_due, currency, reason_class, hard, retry,
       customer_action, reveal_reason, cancellation_intent, message_key, max_retries, opened_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
     ON CONFLICT (invoice_id) DO NOTHING RETURNING id`,
    [newId('dc', now.getTime()), account.id, invoice.id, subscriptionOf(invoice), invoice.customer, invoice.amount_due, upper(invoice.currency), latest.reason_class, latest.hard, latest.retry,
      latest.customer_action, latest.reveal_reason, latest.cancellation_intent, latest.message_key, latest.max_retries, now],
  );
  const row = (await lockCase(c.tx, invoice.id))!;
  if (inserted.rows[0]) await c.tx.query('INSERT INTO dunning_case_transitions (case_id, from_state, to_state, cause, at) VALUES ($1, NULL, $2, $3, $4)', [row.id, 'open', `payment failed (${c.eventId})`, now]);

  const fresh: { a: FailedAttempt; d: Decision }[] = [];
  for (const [i, a] of sorted.entries()) {
    const d = decisions[i]!;
    const r = await c.tx.query(
      `INSERT INTO payment_attempts (id, case_id, stripe_key, payment_intent_id, charge_id, attempted_at, code, decline_code, advice_code, network_advice_code,
         network_decline_code, outcome_type, outcome_reason, payment_method_type, decision, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (stripe_key) DO NOTHING`,
      [newId('pa', now.getTime()), row.id, a.stripe_key, a.payment_intent_id, a.charge_id, a.attempted_at, a.code, a.decline_code, a.advice_code, a.network_advice_code,
        a.network_decline_code, a.outcome_type, a.outcome_reason, a.payment_method_type, JSON.stringify(d), now],
    );
    if (r.rowCount !== 1) continue;
    fresh.push({ a, d });
    if (a.payment_method_id && a.charge_id && d.matched !== 'non_card') {
      await recordAttempt(c.tx, c.clock, { card: a.payment_method_id, brand: a.card_brand ?? null, caseId: row.id, invoiceId: invoice.id, source: 'stripe', at: a.attempted_at, succeeded: false, doNotRetry: d.retry === 'never', chargeId: a.charge_id });
    }
    if (d.unknown_code) c.log.warn({ code: d.unknown_code, invoice: invoice.id, charge: a.charge_id }, 'decline code the router does not know: routed as an unknown code');
  }
  if (fresh.length) {
    await ingest(c, fresh.map(({ a, d }) => ({
      kind: 'payment.failed',
      account_id: account.id,
      occurred_at: a.attempted_at.toISOString(),
      dedupe_key: `stripe:payment_failed:${a.stripe_key}`,
      payload: { invoice_id: invoice.id, amount_due: invoice.amount_due, currency: upper(invoice.currency), ...(a.decline_code ?? a.code ? { decline_code: a.decline_code ?? a.code } : {}), reason_class: d.reason_class, attempt: a.attempt },
    })), 'stripe');
  }

  const { rows: [counted] } = await c.tx.query<{ n: number; last: Date }>('SELECT count(*)::int AS n, max(attempted_at) AS last FROM payment_attempts WHERE case_id = $1', [row.id]);
  const { rows: [last] } = await c.tx.query<{ decision: Decision }>('SELECT decision FROM payment_attempts WHERE case_id = $1 ORDER BY attempted_at DESC, id DESC LIMIT 1', [row.id]);
  const d = last!.decision;
  await c.tx.query(
    `UPDATE dunning_cases SET attempt_count = $2, reason_class = $3, hard = $4, retry = $5, customer_action = $6, reveal_reason = $7, cancellation_intent = $8,
       message_key = $9, max_retries = $10, amount_due = $11, updated_at = $12 WHERE id = $1`,
    [row.id, counted!.n, d.reason_class, d.hard, d.retry, d.customer_action, d.reveal_reason, d.cancellation_intent, d.message_key, d.max_retries, invoice.amount_due, now],
  );
  row.reason_class = d.reason_class;
  if (isClosed(row.state)) return;
  const next = afterFailure(invoice, d, counted!.n, counted!.last);
  if (next.state === 'retry_scheduled') {
    // pay days, the card-network limits and Smart Retries (retry/ledger.ts) have the last word on when
    const lastCard = sorted.at(-1)!;
    const p = await planRetry(c.tx, c.settings ?? dunningSettings(), {
      accountId: account.id, invoiceId: invoice.id, reasonClass: d.reason_class, card: lastCard.payment_method_id ?? null, brand: lastCard.card_brand ?? null,
      proposed: next.nextRetryAt!, stripeNext: invoice.next_payment_attempt ? new Date(invoice.next_payment_attempt * 1000) : null,
    });
    if (p.at) Object.assign(next, { nextRetryAt: p.at, cause: p.why });
    else Object.assign(next, { state: 'waiting_for_customer', nextRetryAt: null, cause: p.why });
  }
  await moveTo(c, row, next.state, next.cause, next.nextRetryAt);

  if (d.cancellation_intent && !isClosed(row.state)) {
    // the cardholder told their bank to stop paying us: no recovery outreach, a person follows up,
    // and the account carries a voluntary churn signal
    await churnReason(c, account.id, row.id, 'cancellation_intent', { category: 'other', voluntary: true, detail: 'The cardholder asked their bank to stop the recurring payment (cancellation intent). No payment recovery outreach is made.', verbatim: 'recurring payment stopped through the bank' });
    const assignee = await assigneeFor(c.tx, account.owner_id);
    if (assignee) {
      await createTask(c.tx, c.clock, {
        assigneeId: assignee,
        kind: 'dunning_cancellation_intent',
        title: `The customer stopped paying invoice ${invoice.id} through their bank: talk to them about their subscription`,
        body: `The cardholder asked their bank to stop the recurring payment for invoice ${invoice.id} (${invoice.amount_due} minor units ${upper(invoice.currency)}). Tenure does not retry it and sends no payment reminder. Dunning case ${row.id}.`,
        accountId: account.id,
        source: 'dunning',
        dedupeKey: `dunning:${row.id}:cancellation_intent`,
      });
    }
  }

  if (d.matched === 'non_card' && !isClosed(row.state)) {
    const assignee = await assigneeFor(c.tx, account.owner_id);
    if (!assignee) c.log.warn({ case: row.id }, 'non-card payment failure and no team member to hand it to');
    else {
      await createTask(c.tx, c.clock, {
        assigneeId: assignee,
        kind: 'dunning_non_card',
        title: `Payment failed on invoice ${invoice.id} (not a card): follow up with the customer`,
        body: `Stripe could not collect ${invoice.amount_due} (minor units) ${upper(invoice.currency)} on invoice ${invoice.id}. It was not a card payment, so Tenure does not retry it or message the customer about it. Dunning case ${row.id}.`,
        accountId: account.id,
        source: 'dunning',
        dedupeKey: `dunning:${row.id}:non_card`,
      });
    }
  }
}

/** The invoice as Stripe has it now: paid recovers the case, uncollectible loses it, Stripe's next retry is followed. */
export async function applyInvoice(c: ApplyContext, invoice: Invoice): Promise<void> {
  if (invoice.status === 'paid') {
    const account = await accountOf(c.tx, invoice.customer);
    if (account) {
      const paidAt = new Date((invoice.status_transitions?.paid_at ?? invoice.created) * 1000).toISOString();
      await ingest(c, [{ kind: 'invoice.paid', account_id: account.id, occurred_at: paidAt, dedupe_key: `stripe:invoice_paid:${invoice.id}`, payload: { invoice_id: invoice.id, amount_paid: invoice.amount_due, currency: upper(invoice.currency) } }], 'stripe');
    }
  }
  const row = await lockCase(c.tx, invoice.id);
  if (!row || isClosed(row.state)) return;
  if (invoice.status === 'paid') return moveTo(c, row, 'recovered', 'invoice paid');
  if (invoice.status === 'uncollectible') return moveTo(c, row, 'lost', 'invoice uncollectible');
  if (invoice.status === 'void') return moveTo(c, row, 'cancelled', 'invoice void');
  if (row.state === 'retry_scheduled' && invoice.next_payment_attempt) {
    const stripes = new Date(invoice.next_payment_attempt * 1000);
    if (!row.next_retry_at || stripes > row.next_retry_at) await moveTo(c, row, 'retry_scheduled', 'Stripe retries later', stripes);
  }
}

/** A subscription cancelled in Stripe: the churn label, and its open cases closed. */
export async function applySubscription(c: ApplyContext, sub: Subscription): Promise<void> {
  if (sub.status !== 'canceled') return;
  const account = await accountOf(c.tx, sub.customer);
  if (!account) {
    c.log.warn({ customer: sub.customer, subscription: sub.id }, 'cancelled subscription of a Stripe customer no account carries; left aside');
    return;
  }
  const reason = sub.cancellation_details?.reason ?? null;
  const voluntary = reason !== 'payment_failed' && reason !== 'payment_disputed';
  const endedAt = new Date((sub.ended_at ?? sub.canceled_at ?? Math.floor(c.clock.now().getTime() / 1000)) * 1000).toISOString();
  await ingest(c, [{
    kind: 'subscription.cancelled',
    account_id: account.id,
    occurred_at: endedAt,
    dedupe_key: `stripe:subscription_cancelled:${sub.id}`,
    payload: { subscription_id: sub.id, voluntary, effective_at: endedAt },
  }], 'stripe');
  const { rows } = await c.tx.query<{ invoice_id: string }>('SELECT invoice_id FROM dunning_cases WHERE subscription_id = $1 AND closed_at IS NULL ORDER BY invoice_id', [sub.id]);
  for (const { invoice_id } of rows) {
    const row = (await lockCase(c.tx, invoice_id))!;
    await moveTo(c, row, voluntary ? 'cancelled' : 'lost', voluntary ? 'subscription cancelled by the customer' : 'subscription cancelled after failed payments');
  }
}

/**
 * The customer gave a new card (portal, account updater): each open case of theirs is paid at once
 * by the retry work (retry/execute.ts), as the customer's own attempt, not an automatic retry.
 */
export async function applyCardUpdate(c: ApplyContext, customerId: string, card: string | null): Promise<void> {
  const now = c.clock.now();
  // a late event about a card that has since failed on the case is no news: only a card not yet declined pays now
  const { rows } = await c.tx.query<{ invoice_id: string }>(
    `SELECT d.invoice_id FROM dunning_cases d WHERE d.customer_id = $1 AND d.closed_at IS NULL
       AND ($2::text IS NULL OR NOT EXISTS (SELECT 1 FROM card_attempts a WHERE a.case_id = d.id AND a.card = $2 AND NOT a.succeeded))
     ORDER BY d.invoice_id`,
    [customerId, card],
  );
  for (const { invoice_id } of rows) {
    const row = (await lockCase(c.tx, invoice_id))!;
    await c.tx.query('UPDATE dunning_cases SET card_updated_at = $2 WHERE id = $1', [row.id, now]);
    await moveTo(c, row, 'retry_scheduled', 'the customer updated the card: pay now', now);
  }
}

/** Moves the open case of an invoice (the retry work's deferrals); a closed case stays closed. */
export async function moveCase(c: ApplyContext, invoiceId: string, to: CaseState, cause: string, nextRetryAt: Date | null = null): Promise<void> {
  const row = await lockCase(c.tx, invoiceId);
  if (row) await moveTo(c, row, to, cause, nextRetryAt);
}
