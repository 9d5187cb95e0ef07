import type Stripe from 'stripe';
import type { Clock } from '../db/clock';
import type { Database } from '../db/database';
import type { DueWork } from '../db/due-work';
import type { Logger } from '../db/queue';
import { withTransaction } from '../db/transaction';
import { createTask, listTeamMembers } from '../team';
import type { DunningSettings } from './retry/settings';

// Pre-dunning: once a day, the cards of active accounts that expire within 30 days get one friendly
// update request, once per card — unless an account updater refreshes cards (setting), in which case
// nothing is asked. The request is a task for the account's owner: dunning sends nothing itself, and
// the planner has no play for a payment that has not failed yet.

const WINDOW_DAYS = 30;
// a slice of the accounts a day, in an order that changes daily, so every account is seen in turn
const BATCH = 200;

interface Deps {
  db: Database;
  clock: Clock;
  stripe: () => Promise<Stripe>;
  settings: DunningSettings;
}

/** The first moment after the card's expiry month (cards are valid through the month's last day). */
export const cardEndsAt = (month: number, year: number) => new Date(Date.UTC(year, month, 1));

export async function predunningPass(deps: Deps, now: Date, log: Logger): Promise<number> {
  if (deps.settings.TENURE_DUNNING_ACCOUNT_UPDATER) return 0;
  const day = now.toISOString().slice(0, 10);
  const claimed = await deps.db.query('INSERT INTO predunning_runs (day, created_at) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING', [day, now]);
  if (claimed.rowCount !== 1) return 0;
  const { rows: accounts } = await deps.db.query<{ id: string; owner_id: string | null; name: string; stripe_customer_id: string }>(
    `SELECT id, owner_id, name, stripe_customer_id FROM accounts WHERE status = 'active' AND stripe_customer_id IS NOT NULL ORDER BY md5(id || $1) LIMIT ${BATCH}`,
    [day],
  );
  const stripe = await deps.stripe();
  const until = now.getTime() + WINDOW_DAYS * 86_400_000;
  let asked = 0;
  for (const a of accounts) {
    try {
      const customer = await stripe.customers.retrieve(a.stripe_customer_id);
      if ('deleted' in customer && customer.deleted) continue;
      const pmRef = customer.invoice_settings?.default_payment_method;
      const pmId = typeof pmRef === 'string' ? pmRef : pmRef?.id;
      if (!pmId) continue;
      const card = (await stripe.paymentMethods.retrieve(pmId)).card;
      if (!card) continue;
      const ends = cardEndsAt(card.exp_month, card.exp_year).getTime();
      if (ends <= now.getTime() || ends > until) continue;
      asked += await withTransaction(deps.db, async (tx) => {
        const fresh = await tx.query('INSERT INTO predunning_notices (card, account_id, exp_month, exp_year, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (card) DO NOTHING', [pmId, a.id, card.exp_month, card.exp_year, now]);
        if (fresh.rowCount !== 1) return 0;
        const assignee = a.owner_id ?? (await listTeamMembers(tx, null, 500)).find((m) => m.active && m.kind === 'finance')?.id ?? null;
        if (!assignee) return 1;
        await createTask(tx, deps.clock, {
          assigneeId: assignee,
          kind: 'predunning_card_expiring',
          title: `${a.name}: the card on file expires at the end of ${String(card.exp_month).padStart(2, '0')}/${card.exp_year}`,
          body: `Ask the customer, kindly, to update their card before it expires (the card ending ${card.last4}), so the next renewal goes through. No payment has failed yet.`,
          accountId: a.id,
          source: 'dunning',
          dedupeKey: `predunning:${pmId}`,
        });
        return 1;
      });
    } catch (err) {
      // a customer Stripe does not know (sandbox accounts never billed there) has no card to check
      if ((err as { code?: string }).code === 'resource_missing') continue;
      log.warn({ err, account: a.id }, 'pre-dunning: could not read the card; tried again tomorrow');
    }
  }
  await deps.db.query('UPDATE predunning_runs SET checked = $2 WHERE day = $1', [day, accounts.length]);
  return asked;
}

export function predunningWork(deps: () => Deps): DueWork {
  return { name: 'dunning-predunning', run: (_db, now, log) => predunningPass(deps(), now, log) };
}
