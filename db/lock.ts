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

// Locking happens once, at start-up, before anything else runs: a short synchronous pause is fine.
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function owner(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

function lockedError(dataDir: string, file: string, pid: number): TenureError {
  return new TenureError(
    'data_folder_locked',
    `The data folder ${dataDir} is in use by another Tenure process (pid ${pid}). ` +
      `Stop that process first, or point TENURE_DATA_DIR at another folder. ` +
      `If pid ${pid} is not Tenure, delete ${file}.`,
  );
}

/**
 * Removes a lock whose owner died. Several processes may find the same stale lock at once, so the
 * removal itself is exclusive (a `.takeover` file made with O_EXCL): only one of them re-checks and
 * removes it, and the others then race fairly on creating the lock file.
 */
function clearStale(file: string, stalePid: number | null): void {
  const takeover = `${file}.takeover`;
  try {
    fs.writeFileSync(takeover, String(process.pid), { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // a takeover abandoned by a crash would block every later start: it is stale after 10 s
    const age = Date.now() - fs.statSync(takeover, { throwIfNoEntry: false })!.mtimeMs;
    if (age > 10_000) fs.rmSync(takeover, { force: true });
    return;
  }
  try {
    if (owner(file) === stalePid) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(takeover, { force: true });
  }
}

export function lockDataFolder(dataDir: string): FolderLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'tenure.pid');
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return {
        path: file,
        release() {
          if (owner(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = owner(file);
    if (pid !== null && pid !== process.pid && alive(pid)) throw lockedError(dataDir, file, pid);
    // a file being written this instant has no pid yet: give its writer a moment before judging it stale
    if (pid === null && attempt < 3) {
      pause(20);
      continue;
    }
    clearStale(file, pid);
    pause(5 + attempt * 5);
  }
  throw new TenureError('data_folder_locked', `Could not lock the data folder ${dataDir}: ${file} keeps reappearing.`);
}
