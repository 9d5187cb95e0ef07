import { createHash, randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import type { Clock } from '../../db/clock';
import type { Queryable } from '../../db/transaction';
import { TenureError } from '../../server/errors';
import { Invoice } from '../stripe-shapes';

// Pay links: PUBLIC_BASE_URL/pay/TOKEN. The token is 32 random bytes (base64url) and only its
// SHA-256 is stored; it opens one thing for one case — a fresh Stripe customer-portal session to
// update the card, or the invoice's hosted page when the bank wants the customer to authenticate —
// and dies when the case closes or the link expires. Neither the token nor a portal URL is logged.

export type LinkPurpose = 'payment_method_update' | 'authenticate';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// The agent's tools get no config: the running app states its public URL here when its /pay route
// is registered (routes.ts), the one place that URL must match. Before that, the environment's.
let defaults: { baseUrl: string | null; days: number } = { baseUrl: null, days: 14 };
export function setPayLinkDefaults(d: { baseUrl: string; days: number }): void {
  defaults = d;
}

/** The app's public URL (server/config.ts's publicBaseUrl), or the environment's by the same rule. */
export function publicBaseUrl(env: Record<string, string | undefined> = process.env): string {
  return defaults.baseUrl ?? (env.PUBLIC_BASE_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/$/, '');
}

export interface PayLink {
  url: string;
  purpose: LinkPurpose;
  expires_at: string;
}

/**
 * A new pay link for an open case (CONTRACTS.md section 7: the agent's link tool calls this).
 * Refused for a closed case and for a case the customer cannot fix with a card (a stopped payment,
 * a non-card failure).
 */
export async function createPayLink(db: Queryable, clock: Clock, caseId: string, o: { baseUrl?: string; days?: number } = {}): Promise<PayLink> {
  const { rows } = await db.query<{ closed_at: Date | null; customer_action: string; cancellation_intent: boolean }>('SELECT closed_at, customer_action, cancellation_intent FROM dunning_cases WHERE id = $1', [caseId]);
  const c = rows[0];
  if (!c) throw new TenureError('not_found', `No dunning case ${caseId}`);
  if (c.closed_at) throw new TenureError('conflict', `Dunning case ${caseId} is closed: nothing to pay`);
  if (c.cancellation_intent) throw new TenureError('conflict', `Dunning case ${caseId} is a stopped payment: no pay link, the owner follows up`);
  const purpose: LinkPurpose = c.customer_action === 'authenticate' ? 'authenticate' : 'payment_method_update';
  const now = clock.now();
  const expires = new Date(now.getTime() + (o.days ?? defaults.days) * 86_400_000);
  const token = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO pay_links (token_hash, case_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [hashToken(token), caseId, purpose, now, expires]);
  return { url: `${o.baseUrl ?? publicBaseUrl()}/pay/${token}`, purpose, expires_at: expires.toISOString() };
}

export type Opened = { kind: 'redirect'; location: string; caseId: string } | { kind: 'gone' };

/** A click on a pay link: where to send the customer, or gone (unknown, expired, case closed). */
export async function openPayLink(db: Queryable, clock: Clock, stripe: () => Promise<Stripe>, token: string, returnUrl: string): Promise<Opened> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { kind: 'gone' };
  const now = clock.now();
  const { rows } = await db.query<{ case_id: string; purpose: LinkPurpose; customer_id: string; invoice_id: string }>(
    `UPDATE pay_links l SET opened_count = opened_count + 1, last_opened_at = $2
     FROM dunning_cases c WHERE l.token_hash = $1 AND c.id = l.case_id AND l.expires_at > $2 AND c.closed_at IS NULL
     RETURNING l.case_id, l.purpose, c.customer_id, c.invoice_id`,
    [hashToken(token), now],
  );
  const link = rows[0];
  if (!link) return { kind: 'gone' };
  const api = await stripe();
  if (link.purpose === 'authenticate') {
    const invoice = Invoice.parse(await api.invoices.retrieve(link.invoice_id));
    const hosted = typeof invoice.hosted_invoice_url === 'string' ? invoice.hosted_invoice_url : null;
    if (invoice.status !== 'open' || !hosted) return { kind: 'gone' };
    return { kind: 'redirect', location: hosted, caseId: link.case_id };
  }
  // a fresh portal session each click: a session URL is a single-use bearer link
  const session = await api.billingPortal.sessions.create({ customer: link.customer_id, return_url: returnUrl, flow_data: { type: 'payment_method_update' } });
  return { kind: 'redirect', location: session.url, caseId: link.case_id };
}
