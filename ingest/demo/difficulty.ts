import { rocAuc } from '../../scoring/model/metrics';
import { DAY_MS } from './calendar';
import type { DemoCompany } from './types';

// How hard the demo is: how well single per-account aggregates of the events separate accounts that
// churn within 90 days from those that do not, pooled over as-of days through the history. The demo
// must be neither trivial (no aggregate near-perfect) nor hopeless (usage against its own baseline
// tells something). Reads the truth on purpose: this is the demo's own check, not a feature.

export const HORIZON_DAYS = 90;

interface Series {
  /** per day: how many events, and the sum of each numeric payload field */
  count: Float64Array;
  sums: Map<string, Float64Array>;
}

function prefix(a: Float64Array): Float64Array {
  const p = new Float64Array(a.length + 1);
  for (let i = 0; i < a.length; i++) p[i + 1] = p[i]! + a[i]!;
  return p;
}

export interface Difficulty {
  samples: number;
  positives: number;
  /** the naive feature: active users over the last 30 days against the 90 days before them */
  naiveUsageAuc: number;
  /** the best single aggregate, by its discrimination (max of AUC and 1 − AUC) */
  best: { feature: string; auc: number };
  aggregates: Record<string, number>;
}

export function measureDifficulty(company: DemoCompany, opts: { firstDay?: number; stepDays?: number } = {}): Difficulty {
  const days = Math.round((company.asOf.getTime() - company.start.getTime()) / DAY_MS);
  const dayOf = (d: Date) => Math.floor((d.getTime() - company.start.getTime()) / DAY_MS);
  const churnDay = new Map(company.truth.map((t) => [t.account_id, dayOf(t.churn_at)]));
  const series = new Map<string, Map<string, Series>>();
  const kinds = new Set<string>();
  for (const e of company.events) {
    const day = dayOf(e.occurred_at);
    if (day < 0 || day >= days) continue;
    kinds.add(e.kind);
    let byKind = series.get(e.account_id);
    if (!byKind) series.set(e.account_id, (byKind = new Map()));
    let s = byKind.get(e.kind);
    if (!s) byKind.set(e.kind, (s = { count: new Float64Array(days), sums: new Map() }));
    s.count[day]!++;
    for (const [field, value] of Object.entries(e.payload)) {
      if (typeof value !== 'number') continue;
      let sum = s.sums.get(field);
      if (!sum) s.sums.set(field, (sum = new Float64Array(days)));
      sum[day]! += value;
    }
  }
  // every (kind, field) seen anywhere, so accounts without any get zeros
  const columns = new Set<string>();
  for (const byKind of series.values()) for (const [kind, s] of byKind) {
    columns.add(`${kind}#count`);
    for (const field of s.sums.keys()) columns.add(`${kind}#${field}`);
  }
  const prefixes = new Map<string, Map<string, Float64Array>>();
  for (const [account, byKind] of series) {
    const m = new Map<string, Float64Array>();
    for (const [kind, s] of byKind) {
      m.set(`${kind}#count`, prefix(s.count));
      for (const [field, sum] of s.sums) m.set(`${kind}#${field}`, prefix(sum));
    }
    prefixes.set(account, m);
  }

  const features = new Map<string, number[]>();
  const labels: number[] = [];
  const push = (name: string, v: number) => {
    let col = features.get(name);
    if (!col) features.set(name, (col = []));
    col.push(v);
  };
  const first = opts.firstDay ?? 180;
  const step = opts.stepDays ?? 7;
  for (let t = first; t + HORIZON_DAYS <= days; t += step) {
    for (const account of company.accounts) {
      const churn = churnDay.get(account.id);
      if (churn !== undefined && churn <= t) continue; // already gone
      if (company.start.getTime() - account.started_at.getTime() + t * DAY_MS < 180 * DAY_MS) continue;
      labels.push(churn !== undefined && churn > t && churn <= t + HORIZON_DAYS ? 1 : 0);
      const p = prefixes.get(account.id);
      const window = (col: string, from: number, to: number) => {
        const a = p?.get(col);
        return a ? a[Math.max(0, to)]! - a[Math.max(0, from)]! : 0;
      };
      for (const col of columns) {
        const last30 = window(col, t - 30, t);
        const last90 = window(col, t - 90, t);
        const before30 = window(col, t - 120, t - 30) / 3;
        const before90 = window(col, t - 180, t - 90);
        push(`${col} 30d`, last30);
        push(`${col} 90d`, last90);
        push(`${col} 30d/baseline`, (last30 + 1) / (before30 + 1));
        push(`${col} 90d/baseline`, (last90 + 1) / (before90 + 1));
      }
    }
  }
  const aggregates: Record<string, number> = {};
  let best = { feature: '', auc: 0 };
  for (const [name, values] of features) {
    const auc = rocAuc(labels, values);
    const strength = Math.max(auc, 1 - auc);
    aggregates[name] = auc;
    if (strength > best.auc) best = { feature: name, auc: strength };
  }
  const naive = features.get('usage.daily#active_users 30d/baseline')!;
  return {
    samples: labels.length,
    positives: labels.reduce((a, b) => a + b, 0),
    naiveUsageAuc: rocAuc(labels, naive.map((v) => -v)),
    best,
    aggregates,
  };
}
