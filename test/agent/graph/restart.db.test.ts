import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database';
import { testDatabase, testDbKind } from '../../support/database';
import { seedWorld } from './world';

// On PostgreSQL, each step runs in a new process that is SIGKILLed once it has answered: the next
// process resumes the same conversation from its checkpoint, with no turn lost or repeated, and a
// turn re-delivered after the restart (same event id) is stored once.

const STEP = fileURLToPath(new URL('./turn-process.ts', import.meta.url));

let db: Database;
beforeAll(async () => {
  if (testDbKind() !== 'postgres') return;
  db = await testDatabase();
  await seedWorld(db);
});
afterAll(async () => db?.close());

function step(...args: string[]): Promise<{ said: string }> {
  return new Promise((resolve, reject) => {
    // one node process with tsx as a loader: the tsx CLI would run the step in a child that outlives the SIGKILL
    const child = spawn(process.execPath, ['--import', 'tsx', STEP, db.url, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      child.kill('SIGKILL');
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(JSON.parse(line)) : reject(new Error(`exited with ${signal}`))));
    });
    child.on('exit', (code) => code !== null && reject(new Error(`step exited with ${code}: ${err}`)));
  });
}

describe.runIf(testDbKind() === 'postgres')('SIGKILL between turns, then a restart', () => {
  it('resumes the same conversation from its checkpoint: no turn lost, none repeated', async () => {
    const opening = await step('open', 'conv_kill', '', '');
    expect(opening.said).toMatch(/from 0 to 10/);
    const first = await step('turn', 'conv_kill', 'CA9:1', '6');
    expect(first.said).toMatch(/reason for your score/);
    // a new process: it knows from the checkpoint that the score was heard and the why comes next
    const second = await step('turn', 'conv_kill', 'CA9:2', 'Honestly it is far too expensive for what we get.');
    expect(second.said).toMatch(/anything else/);
    // the carrier re-delivers the first turn to yet another process: stored and answered once
    const again = await step('turn', 'conv_kill', 'CA9:1', '6');
    expect(again.said).toBe('');
    const last = await step('turn', 'conv_kill', 'CA9:3', 'No, that is all.');
    expect(last.said).toMatch(/good day/);
    const { rows } = await db.query(`SELECT seq, role, text FROM turns WHERE conversation_id = 'conv_kill' ORDER BY seq`);
    expect(rows.map((r) => `${r.seq} ${r.role}`)).toEqual(['0 agent', '1 customer', '2 agent', '3 customer', '4 agent', '5 customer', '6 agent']);
    const conv = (await db.query(`SELECT status, nps, nps_comment FROM conversations WHERE id = 'conv_kill'`)).rows[0];
    expect(conv).toEqual({ status: 'completed', nps: 6, nps_comment: 'Honestly it is far too expensive for what we get.' });
    const reasons = (await db.query(`SELECT category FROM churn_reasons WHERE conversation_id = 'conv_kill'`)).rows;
    expect(reasons).toEqual([{ category: 'price' }]);
  }, 120_000);
});
