import { describe, expect, it } from 'vitest';
import { cleanEnv, run } from '../support/spawn';
import { tempDir } from '../support/temp';

// The real `tenure score` commands on an embedded database of their own, with the demo company.
describe('tenure score', () => {
  it('runs for all accounts with progress, explains one in plain words, and backfills days', async () => {
    const env = cleanEnv({ TENURE_DATA_DIR: tempDir('tenure-score-cli-') });
    expect((await run(['demo', 'seed', '--seed', '4'], env)).code).toBe(0);
    const all = await run(['score', 'run', '--all'], env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toMatch(/scored 200\/\d+ accounts/);
    expect(all.stdout).toMatch(/^Scored \d+ account\(s\) with configuration version 1/);
    const list = JSON.parse((await run(['accounts', 'list', '--status', 'active', '--json'], env)).stdout) as { id: string }[];
    const explain = await run(['score', 'explain', '--account', list[0]!.id], env);
    expect(explain.code, explain.stderr).toBe(0);
    expect(explain.stdout).toMatch(/^Health \d+\/100, [a-z]+, based on \d of 5 components\./);
    expect(explain.stdout).toContain('engagement against its own baseline');
    const backfill = await run(['score', 'run', '--backfill', '--from', '2026-01-01', '--to', '2026-01-03', '--json'], env);
    expect(backfill.code, backfill.stderr).toBe(0);
    expect(JSON.parse(backfill.stdout)).toMatchObject({ days: 3 });
    const bad = await run(['score', 'run'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('give --account ID or --all');
  }, 240_000);
});
