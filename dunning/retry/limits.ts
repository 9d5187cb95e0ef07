import type { RetryLimits } from './settings';

// The card-network limits, as one pure check over the attempt ledger (card_attempts): every
// attempt on the card from every source counts, whoever made it. A retry is allowed only when one
// more attempt keeps the card within its brand's windows, the charge within its retry budget, and
// no attempt on the card ever said "do not retry".

export interface LedgerAttempt {
  card: string;
  invoice_id: string;
  at: Date;
  source: 'stripe' | 'tenure' | 'customer';
  succeeded: boolean;
  do_not_retry: boolean;
}

export type RetryVerdict =
  | { ok: true }
  /** wait: the window frees up at `earliest` */
  | { ok: false; reason: 'card_24h_limit' | 'card_30d_limit'; earliest: Date }
  /** never on this card or for this charge: only the customer can move it (a new card) */
  | { ok: false; reason: 'do_not_retry' | 'charge_retry_budget'; earliest: null };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type Brand = 'visa' | 'mastercard' | 'other';
export const brandOf = (b: string | null | undefined): Brand => (b === 'visa' ? 'visa' : b === 'mastercard' ? 'mastercard' : 'other');

function windows(brand: Brand, l: RetryLimits): { ms: number; max: number; reason: 'card_24h_limit' | 'card_30d_limit' }[] {
  if (brand === 'visa') return [{ ms: 30 * DAY, max: l.visaMax30d, reason: 'card_30d_limit' }];
  if (brand === 'mastercard') return [{ ms: DAY, max: l.mastercardMax24h, reason: 'card_24h_limit' }, { ms: 30 * DAY, max: l.mastercardMax30d, reason: 'card_30d_limit' }];
  return [{ ms: 30 * DAY, max: l.otherMax30d, reason: 'card_30d_limit' }];
}

/**
 * May Tenure charge `card` for `invoiceId` at `at`? `ledger` is every attempt on the card (any
 * invoice); `automatic` is false for the payment right after the customer gave this card, which is
 * not a retry of the charge (the per-charge budget does not apply, the card's windows do).
 */
export function mayRetry(p: { card: string; brand: string | null; invoiceId: string; at: Date; ledger: readonly LedgerAttempt[]; limits: RetryLimits; automatic: boolean }): RetryVerdict {
  const onCard = p.ledger.filter((a) => a.card === p.card && a.at.getTime() <= p.at.getTime());
  if (onCard.some((a) => a.do_not_retry)) return { ok: false, reason: 'do_not_retry', earliest: null };
  if (p.automatic) {
    // the first attempt is the charge; each later automatic one on this invoice is a retry
    const tries = p.ledger.filter((a) => a.invoice_id === p.invoiceId && a.source !== 'customer').length;
    if (tries - 1 >= p.limits.maxRetriesPerCharge) return { ok: false, reason: 'charge_retry_budget', earliest: null };
  }
  let wait: { reason: 'card_24h_limit' | 'card_30d_limit'; earliest: Date } | null = null;
  for (const w of windows(brandOf(p.brand), p.limits)) {
    const inWindow = onCard.filter((a) => a.at.getTime() > p.at.getTime() - w.ms).sort((a, b) => a.at.getTime() - b.at.getTime());
    if (inWindow.length < w.max) continue;
    // the window frees one slot when its oldest counted attempt leaves it
    const frees = new Date(inWindow[inWindow.length - w.max]!.at.getTime() + w.ms + 1);
    if (!wait || frees > wait.earliest) wait = { reason: w.reason, earliest: frees };
  }
  return wait ? { ok: false, ...wait } : { ok: true };
}
