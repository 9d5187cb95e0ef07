import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { cleanEnv, run } from '../support/spawn';
import { tempDir } from '../support/temp';

// `tenure report reasons` as a user runs it, on a fresh (empty) data folder: the CSV has its header
// and no row, and the JSON parses. The figures themselves are the API's
// (test/insights/exports.db.test.ts).
it('tenure report reasons --since 90d prints CSV and JSON', async () => {
  const env = cleanEnv({ TENURE_DATA_DIR: path.join(tempDir('tenure-report-'), 'data') });
  const csv = await run(['report', 'reasons', '--since', '90d', '--csv'], env);
  expect(csv.code, csv.stderr).toBe(0);
  expect(csv.stdout.split('\r\n')[0]).toBe('level,category,detail,accounts,reasons,mrr_lost_minor,mrr_at_risk_minor,share,previous_accounts,previous_mrr_minor,trend,trend_accounts,verbatim,conversation_id');
  expect(parse(csv.stdout, { columns: true })).toEqual([]);
  const json = await run(['report', 'reasons', '--since', '30d', '--json'], env);
  expect(json.code, json.stderr).toBe(0);
  expect(JSON.parse(json.stdout)).toMatchObject({ rows: [], total: { accounts: 0 } });
}, 90_000);
