import { z } from 'zod';
import { ChurnCategory } from '../../agent/contracts/churn-reason';

// The demo company's parameters: data, not code. MODEL.md (beside this file) explains how each one
// is used. `tenure demo describe` prints them with the figures the stored company realised.

export const DEFAULT_SEED = 20261125;

const Share = z.number().min(0).max(1);
const BetaShape = z.tuple([z.number().positive(), z.number().positive()]);
const Range = z.tuple([z.number(), z.number()]).refine(([a, b]) => a <= b, 'range must be [min, max]');

/** How strongly a churner's drift shows in each behaviour (0: not at all, 1: fully). */
export const DriftProfile = z.strictObject({
  usage: Share,
  tickets: Share,
  reopen: Share,
  phrases: Share,
  silence: Share,
  downgrade: Share,
  export: Share,
  contact_change: Share,
});
export type DriftProfile = z.infer<typeof DriftProfile>;

export const DemoParameters = z.strictObject({
  company: z.strictObject({ name: z.string(), city: z.string(), currency: z.literal('EUR') }),
  accounts: z.number().int().min(20).max(5000),
  /** the history shown ends on the seeding day */
  history_days: z.number().int().min(180).max(730),
  /** gross churn over the history: this share of the accounts churn during it */
  churn_rate: Share,
  /** of the churners, the share lost to failed payments */
  involuntary_share: Share,
  /** ARR of the whole book on the first day of the history, in euros */
  arr_start: z.number().positive(),
  /** spread of account sizes: the standard deviation of log MRR */
  size_sigma: z.number().positive(),
  /** by size: an account whose MRR is at most max_mrr (null: no ceiling) is on that plan */
  plans: z.array(z.strictObject({ key: z.string(), seat_price: z.number().positive(), max_mrr: z.number().positive().nullable() })).min(1),
  countries: z.record(z.string(), z.strictObject({ share: Share, languages: z.record(z.string(), Share) })),
  annual_share: Share,
  /** tenure before the history starts, in days */
  tenure_days: Range,
  team: z.strictObject({ managers: z.number().int().min(1), owners: z.number().int().min(1) }),
  sponsor_share: Share,
  usage: z.strictObject({
    /** share of seats active on a working day: Beta(a, b) per account */
    adoption_beta: BetaShape,
    weekend_factor: z.number().min(0).max(1),
    day_noise_sigma: z.number().min(0),
    /** weekly random walk of the account's level, mean-reverting */
    week_sigma: z.number().min(0),
  }),
  /** stayers' bad months: spells per year, their length in days and how deep usage falls */
  bad_spells: z.strictObject({ per_year: z.number().min(0), days: Range, usage_factor: Range, ticket_factor: Range }),
  churn: z.strictObject({
    /** days from onset to churn: log-normal median and sigma, clipped to the range */
    lead_median: z.number().positive(),
    lead_sigma: z.number().min(0),
    lead_range: Range,
    /** drift strength per churner: Beta(a, b) */
    strength_beta: BetaShape,
    /** share of churners whose behaviour barely changes before they leave */
    silent_share: Share,
    /** relative weights of the true reasons of voluntary churn */
    reasons: z.record(ChurnCategory, z.number().min(0)),
    profiles: z.record(ChurnCategory, DriftProfile),
    /** share of voluntary churners who give a reason on an exit call, and how often the reason said is not the true one */
    exit_call_share: Share,
    stated_differs_share: Share,
    /** latent churners among today's active accounts: churn after today, onset possibly before */
    future_horizon_days: z.number().int().min(0),
  }),
  tickets: z.strictObject({ per_month: z.number().min(0), reopen: Share, hours_median: z.number().positive() }),
  calls: z.strictObject({ per_year: z.number().min(0), minutes_median: z.number().positive() }),
  nps: z.strictObject({ response_rate: Share, comment_rate: Share }),
  payments: z.strictObject({
    /** chance a card payment fails once and is recovered, per invoice */
    soft_failure: Share,
    /** decline codes of those recovered failures, and of the failures that end in involuntary churn */
    soft_codes: z.record(z.string(), z.number().min(0)),
    hard_codes: z.record(z.string(), z.number().min(0)),
  }),
});
export type DemoParameters = z.infer<typeof DemoParameters>;

const p = (usage: number, tickets: number, reopen: number, phrases: number, silence: number, downgrade: number, exp: number, contact_change: number): DriftProfile => ({
  usage,
  tickets,
  reopen,
  phrases,
  silence,
  downgrade,
  export: exp,
  contact_change,
});

export const DEFAULT_PARAMETERS: DemoParameters = {
  company: { name: 'Canopée Logiciels', city: 'Lyon', currency: 'EUR' },
  accounts: 280,
  history_days: 365,
  churn_rate: 0.19,
  involuntary_share: 0.22,
  arr_start: 2_600_000,
  size_sigma: 0.85,
  plans: [
    { key: 'essentiel', seat_price: 29, max_mrr: 450 },
    { key: 'pro', seat_price: 49, max_mrr: 2500 },
    { key: 'entreprise', seat_price: 69, max_mrr: null },
  ],
  countries: {
    FR: { share: 0.6, languages: { fr: 0.93, en: 0.04, ru: 0.03 } },
    US: { share: 0.25, languages: { en: 0.97, ru: 0.03 } },
    GB: { share: 0.15, languages: { en: 0.95, ru: 0.05 } },
  },
  annual_share: 0.55,
  tenure_days: [90, 1800],
  team: { managers: 2, owners: 6 },
  sponsor_share: 0.8,
  usage: { adoption_beta: [5, 3], weekend_factor: 0.07, day_noise_sigma: 0.22, week_sigma: 0.05 },
  bad_spells: { per_year: 0.5, days: [15, 60], usage_factor: [0.5, 0.85], ticket_factor: [1.5, 3] },
  churn: {
    lead_median: 120,
    lead_sigma: 0.4,
    lead_range: [30, 240],
    strength_beta: [3, 1.5],
    silent_share: 0.12,
    reasons: {
      price: 10,
      budget: 12,
      competitor: 16,
      missing_feature: 9,
      product_quality: 9,
      support_experience: 6,
      value_not_realized: 16,
      onboarding: 5,
      no_longer_needed: 6,
      business_change: 6,
      relationship: 4,
      forgot: 0,
      payment_failure: 0,
      other: 1,
    },
    profiles: {
      //                 usage tickets reopen phrases silence downgrade export contact
      price: p(0.55, 0.1, 0.0, 0.8, 0.3, 0.4, 0.1, 0.0),
      budget: p(0.55, 0.0, 0.0, 0.7, 0.3, 0.6, 0.0, 0.1),
      competitor: p(0.8, 0.2, 0.1, 0.6, 0.5, 0.1, 0.6, 0.1),
      missing_feature: p(0.65, 0.6, 0.2, 0.6, 0.2, 0.1, 0.3, 0.0),
      product_quality: p(0.7, 0.9, 0.8, 0.6, 0.1, 0.1, 0.2, 0.0),
      support_experience: p(0.55, 0.7, 0.9, 0.7, 0.2, 0.0, 0.1, 0.0),
      value_not_realized: p(0.9, 0.1, 0.0, 0.5, 0.6, 0.3, 0.1, 0.0),
      onboarding: p(0.85, 0.5, 0.3, 0.4, 0.4, 0.2, 0.0, 0.0),
      no_longer_needed: p(0.9, 0.0, 0.0, 0.3, 0.7, 0.3, 0.5, 0.0),
      business_change: p(0.45, 0.0, 0.0, 0.3, 0.3, 0.2, 0.4, 0.7),
      relationship: p(0.55, 0.1, 0.1, 0.4, 0.6, 0.0, 0.0, 0.6),
      forgot: p(0.9, 0.0, 0.0, 0.0, 0.9, 0.0, 0.0, 0.0),
      payment_failure: p(0, 0, 0, 0, 0, 0, 0, 0),
      other: p(0.6, 0.2, 0.1, 0.3, 0.3, 0.1, 0.1, 0.1),
    },
    exit_call_share: 0.65,
    stated_differs_share: 0.2,
    future_horizon_days: 120,
  },
  tickets: { per_month: 0.7, reopen: 0.08, hours_median: 20 },
  calls: { per_year: 1.6, minutes_median: 22 },
  nps: { response_rate: 0.45, comment_rate: 0.6 },
  payments: {
    soft_failure: 0.03,
    soft_codes: { insufficient_funds: 40, generic_decline: 25, do_not_honor: 15, expired_card: 12, authentication_required: 8 },
    hard_codes: { expired_card: 40, insufficient_funds: 25, do_not_honor: 12, generic_decline: 10, lost_card: 5, stolen_card: 3, stop_payment_order: 5 },
  },
};
