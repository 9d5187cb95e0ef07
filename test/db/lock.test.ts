import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lockDataFolder } from '../../db/lock';
import { tempDir } from '../support/temp';

const tmp = () => tempDir('tenure-lock-');

describe('the data-folder lock', () => {
  it('refuses a second owner while the first is alive, naming the folder and the pid', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'tenure.pid'), String(process.ppid)); // a live process that is not us
    expect(() => lockDataFolder(dir)).toThrow(new RegExp(`${dir}.*in use by another Tenure process \\(pid ${process.ppid}\\)`));
  });

  it('takes over the lock of a process that died', () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(path.join(dir, 'tenure.pid'), dead);
    const lock = lockDataFolder(dir);
    expect(fs.readFileSync(lock.path, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(lock.path)).toBe(false);
  });
});

describe('several processes finding the same stale lock at once', () => {
  it('lets exactly one of them take it', async () => {
    const script = fileURLToPath(new URL('../support/take-lock.ts', import.meta.url));
    for (let round = 0; round < 3; round++) {
      const dir = tmp();
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
      fs.writeFileSync(path.join(dir, 'tenure.pid'), dead);
      const at = String(Date.now() + 2500);
      const results = await Promise.all(
        [1, 2, 3, 4].map(
          () =>
            new Promise<string>((resolve) => {
              const child = spawn(process.execPath, ['--import', 'tsx', script, dir, at]);
              let out = '';
              child.stdout.on('data', (d) => (out += d));
              child.on('close', () => resolve(out));
            }),
        ),
      );
      expect(results.sort()).toEqual(['got', 'refused', 'refused', 'refused']);
    }
  }, 60_000);
});
