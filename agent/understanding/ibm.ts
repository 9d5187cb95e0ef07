import { parse } from 'csv-parse/sync';
import type { ChurnCategory } from '../contracts';
import type { CategoryOrNone } from './cases';
import { extractReason } from './reason';

// IBM Telco (v11) gives each of its 1,869 churners a Churn Category (Competitor, Attitude,
// Dissatisfaction, Price, Other) and one of 20 Churn Reason strings. This is the one table from
// Tenure's taxonomy to IBM's categories, and the bench that runs the offline extractor over those
// reason strings. The strings themselves appear in no lexicon and no training case (a test checks).
//
// Why each row: money the customer pays or has → Price; another vendor → Competitor; how people
// treated the customer (support staff, account team) → Attitude; the product or service falling
// short (quality, missing features, value, a failed start) → Dissatisfaction; reasons outside the
// relationship (no longer needed, the business changed, forgot, payment failed, none given) → Other.

export type IbmCategory = 'Competitor' | 'Attitude' | 'Dissatisfaction' | 'Price' | 'Other';

export const IBM_MAPPING: Record<CategoryOrNone, IbmCategory> = {
  price: 'Price',
  budget: 'Price',
  competitor: 'Competitor',
  missing_feature: 'Dissatisfaction',
  product_quality: 'Dissatisfaction',
  support_experience: 'Attitude',
  value_not_realized: 'Dissatisfaction',
  onboarding: 'Dissatisfaction',
  no_longer_needed: 'Other',
  business_change: 'Other',
  forgot: 'Other',
  payment_failure: 'Other',
  relationship: 'Attitude',
  other: 'Other',
  none: 'Other',
} satisfies Record<ChurnCategory | 'none', IbmCategory>;

export interface IbmRow {
  category: string;
  reason: string;
}

/** The churners' (Churn Label = Yes) Churn Category and Churn Reason. */
export function ibmChurners(csv: string): IbmRow[] {
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.filter((r) => r['Churn Label'] === 'Yes').map((r) => ({ category: r['Churn Category'] ?? '', reason: r['Churn Reason'] ?? '' }));
}

export interface IbmResult {
  churners: number;
  reasons: number;
  accuracy: number;
  byCategory: Record<string, { n: number; right: number }>;
  byReason: { reason: string; ibm: string; tenure: CategoryOrNone; mapped: IbmCategory; n: number }[];
}

export function ibmBench(csv: string): IbmResult {
  const rows = ibmChurners(csv);
  const guess = new Map<string, CategoryOrNone>();
  for (const r of rows) {
    if (guess.has(r.reason)) continue;
    const reason = extractReason({ conversation_id: 'ibm', lang: 'en', turns: [{ id: 'reason', speaker: 'customer', text: r.reason }] });
    guess.set(r.reason, reason?.category ?? 'none');
  }
  const byCategory: IbmResult['byCategory'] = {};
  const byReason = new Map<string, IbmResult['byReason'][number]>();
  let right = 0;
  for (const r of rows) {
    const tenure = guess.get(r.reason)!;
    const mapped = IBM_MAPPING[tenure];
    const cat = (byCategory[r.category] ??= { n: 0, right: 0 });
    cat.n++;
    if (mapped === r.category) {
      cat.right++;
      right++;
    }
    const key = `${r.category}\u0000${r.reason}`;
    const entry = byReason.get(key) ?? { reason: r.reason, ibm: r.category, tenure, mapped, n: 0 };
    entry.n++;
    byReason.set(key, entry);
  }
  return {
    churners: rows.length,
    reasons: guess.size,
    accuracy: rows.length ? Math.round((right / rows.length) * 10000) / 10000 : 0,
    byCategory,
    byReason: [...byReason.values()].sort((a, b) => b.n - a.n),
  };
}
