import { z } from 'zod';

// Payment recovery's settings, each with the default the issue states. Read once from the
// environment (TENURE_DUNNING_*), checked here; a bad value stops Tenure at start, not mid-retry.

const count = (d: number) => z.coerce.number().int().min(1).max(1000).default(d);
const flag = (d: boolean) => z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').default(d);

export const DunningSettings = z.object({
  /** Visa: at most this many attempts on one card in 30 days (Visa's excessive-reattempts rule) */
  TENURE_DUNNING_VISA_MAX_30D: count(15),
  /** Mastercard: at most this many attempts on one card in 24 hours … */
  TENURE_DUNNING_MASTERCARD_MAX_24H: count(10),
  /** … and in 30 days (Mastercard's excessive-authorization fee) */
  TENURE_DUNNING_MASTERCARD_MAX_30D: count(35),
  /** other brands: at most this many in 30 days (the strictest network's rule) */
  TENURE_DUNNING_OTHER_MAX_30D: count(15),
  /** never more than this many automatic retries of one charge (Stripe's "maximum of eight") */
  TENURE_DUNNING_MAX_RETRIES_PER_CHARGE: z.coerce.number().int().min(0).max(100).default(8),
  /** Stripe Smart Retries is on for the account: Tenure follows Stripe's schedule instead of retrying twice */
  TENURE_DUNNING_STRIPE_SMART_RETRIES: flag(false),
  /** the local hour at which an insufficient-funds retry runs */
  TENURE_DUNNING_MORNING_HOUR: z.coerce.number().int().min(0).max(23).default(9),
  /** cards are refreshed by an account updater: no pre-dunning request for expiring cards */
  TENURE_DUNNING_ACCOUNT_UPDATER: flag(false),
  /** how long a pay link lives at most (it dies earlier with its case) */
  TENURE_DUNNING_LINK_DAYS: z.coerce.number().int().min(1).max(60).default(14),
});
export type DunningSettings = z.infer<typeof DunningSettings>;

export interface RetryLimits {
  visaMax30d: number;
  mastercardMax24h: number;
  mastercardMax30d: number;
  otherMax30d: number;
  maxRetriesPerCharge: number;
}

export function limitsOf(s: DunningSettings): RetryLimits {
  return {
    visaMax30d: s.TENURE_DUNNING_VISA_MAX_30D,
    mastercardMax24h: s.TENURE_DUNNING_MASTERCARD_MAX_24H,
    mastercardMax30d: s.TENURE_DUNNING_MASTERCARD_MAX_30D,
    otherMax30d: s.TENURE_DUNNING_OTHER_MAX_30D,
    maxRetriesPerCharge: s.TENURE_DUNNING_MAX_RETRIES_PER_CHARGE,
  };
}

export const DEFAULT_DUNNING_SETTINGS: DunningSettings = DunningSettings.parse({});

/** The settings from an environment (process.env by default); unknown keys are ignored. */
export function dunningSettings(env: Record<string, string | undefined> = process.env): DunningSettings {
  return DunningSettings.parse(Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('TENURE_DUNNING_') && v !== undefined && v !== '')));
}
