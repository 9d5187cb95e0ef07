import fs from 'node:fs';
import path from 'node:path';
import { TenureError } from '../server/errors';

// One process owns an embedded data folder at a time: PGlite has no locking of its own, and two
// writers would corrupt it. The pid file is checked for liveness so a crash does not lock it forever.
export interface FolderLock {
  readonly path: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataFolder(dataDir: string): FolderLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'tenure.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return {
        path: file,
        release() {
          try {
            if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new TenureError(
          'data_folder_locked',
          `The data folder ${dataDir} is in use by another Tenure process (pid ${owner}). ` +
            `Stop that process first, or point TENURE_DATA_DIR at another folder. ` +
            `If pid ${owner} is not Tenure, delete ${file}.`,
        );
      }
      fs.rmSync(file, { force: true }); // stale: its owner died without cleaning up
    }
  }
  throw new TenureError('data_folder_locked', `Could not lock the data folder ${dataDir}: ${file} keeps reappearing.`);
}
