import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, run } from '../support/spawn';
import { tempDir } from '../support/temp';

// `tenure talk` as a user scripts it: customer turns on standard input, one a line; the
// conversation wraps up at the end of input and `tenure conversations` shows what was recorded.

function talk(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'talk', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('tenure talk', () => {
  it('reads one customer turn per line, ends at end of input, and the conversation is listed with its NPS and reason', async () => {
    const dir = tempDir('tenure-talk-');
    const env = cleanEnv({ TENURE_DATA_DIR: dir });
    const fixtures = path.resolve(import.meta.dirname, '../fixtures');
    for (const kind of ['accounts', 'contacts']) {
      const csv = path.join(dir, `${kind}.csv`);
      fs.copyFileSync(path.join(fixtures, `${kind}.csv`), csv);
      expect((await run(['import', kind, csv], env)).code).toBe(0);
    }
    const accounts = JSON.parse((await run(['accounts', 'list', '--json'], env)).stdout);
    const acme = (accounts.data ?? accounts).find((a: { external_id: string }) => a.external_id === 'ACME-001').id;
    const r = await talk(['--account', acme, '--play', 'nps', '--lang', 'en'], env, '6\nHonestly the price is far too high for what we use.\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^agent: Hello Claire\..*from 0 to 10/m);
    expect(r.stdout).toMatch(/^you: 6\nagent: .*reason for your score/m);
    const list = JSON.parse((await run(['conversations', 'list', '--account', acme, '--json'], env)).stdout);
    expect(list).toEqual([expect.objectContaining({ status: 'completed', play: 'nps', channel: 'text', nps: 6, reason: expect.objectContaining({ category: 'price' }) })]);
    const shown = await run(['conversations', 'show', list[0].id], env);
    expect(shown.stdout).toMatch(/prompt nps\/v1\+common\/v1/);
    expect(shown.stdout).toMatch(/tool record_nps \(turn 1\): done \{"score":6\}/);
  }, 120_000);
});
