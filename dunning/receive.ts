import type { Clock } from '../db/clock';
import type { Queryable } from '../db/transaction';
import type { Config } from '../server/config';
import { TenureError } from '../server/errors';
import { storeWebhookEvent } from '../server/webhooks';
import { SIGNATURE_TOLERANCE_SECONDS, stripeOffline, webhookSecretFor } from './stripe';
import { StripeEvent } from './stripe-shapes';

// The intake of one Stripe webhook delivery, as POST /webhooks/stripe receives it (routes.ts) and as
// sandbox mode hands it the demo's payments (sandbox.ts): the signature checked by the stripe SDK on
// the body as it arrived (300 s tolerance; any of several v1 signatures, as during secret rotation),
// the envelope checked, the event stored once by its id — one INSERT … ON CONFLICT DO NOTHING, its own
// transaction, committed before the caller answers. The work is left to the intake job (intake.ts).

export interface Received {
  eventId: string;
  /** false: this event id was stored before (a duplicate delivery) */
  stored: boolean;
}

/** Throws TenureError('invalid_request') on a missing, forged or stale signature or a body that is not an event; stores nothing then. */
export async function receiveStripeWebhook(
  deps: { db: Queryable; clock: Clock; config: Pick<Config, 'STRIPE_WEBHOOK_SECRET'> },
  body: string,
  header: string | undefined,
): Promise<Received> {
  if (body.length === 0) throw new TenureError('invalid_request', 'Send the Stripe event as the request body');
  if (!header) throw new TenureError('invalid_request', 'Missing Stripe-Signature header: only Stripe may call this endpoint');
  let event: unknown;
  try {
    event = stripeOffline.webhooks.constructEvent(body, header, webhookSecretFor(deps.config), SIGNATURE_TOLERANCE_SECONDS, undefined, deps.clock.now().getTime());
  } catch (e) {
    throw new TenureError('invalid_request', `Stripe signature check failed: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = StripeEvent.safeParse(event);
  if (!parsed.success) {
    throw new TenureError('invalid_request', 'Signed, but not a Stripe event', parsed.error.issues.map((i) => ({ field: `body.${i.path.join('.')}`, message: i.message })));
  }
  return { eventId: parsed.data.id, stored: await storeWebhookEvent(deps.db, deps.clock, 'stripe', parsed.data.id, body) };
}
