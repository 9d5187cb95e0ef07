import { seededRandom } from '../../../scoring/model/random';
import type { CustomerRecord } from '../../../scoring/model';

/** Made-up customers whose churn depends on tenure, plan and a blank-prone spend column, with noise. */
export function syntheticCustomers(n: number, seed = 1): { records: CustomerRecord[]; y: Uint8Array } {
  const random = seededRandom(seed);
  const plans = ['monthly', 'annual', 'two-year'];
  const records: CustomerRecord[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const tenure = Math.floor(random() * 72);
    const plan = plans[Math.floor(random() * 3)]!;
    const spend = random() < 0.05 ? '' : (20 + random() * 100).toFixed(2);
    const z = 1.2 - 0.05 * tenure + (plan === 'monthly' ? 1.5 : plan === 'annual' ? 0 : -1) + (spend === '' ? 0 : 0.01 * (Number(spend) - 70)) + (random() - 0.5);
    y[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    records.push({ id: `C${i}`, tenure: String(tenure), plan, spend, churn: y[i] ? 'Yes' : 'No' });
  }
  return { records, y };
}

/** The same customers as CSV text. */
export function toCsv(records: CustomerRecord[]): string {
  const columns = Object.keys(records[0]!);
  return [columns.join(','), ...records.map((r) => columns.map((c) => r[c] ?? '').join(','))].join('\n') + '\n';
}
