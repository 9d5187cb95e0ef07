import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// While `tenure start` holds the embedded database, other `tenure` commands reach it over HTTP.
// This file (mode 0600, in the data folder) tells them where, and carries a token valid for this run.
const Discovery = z.object({ url: z.url(), token: z.string().min(20), pid: z.number().int() });
export type Discovery = z.infer<typeof Discovery>;

const fileOf = (dataDir: string) => path.join(dataDir, 'instance.json');

export function writeDiscovery(dataDir: string, d: Discovery): void {
  const file = fileOf(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(d), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function removeDiscovery(dataDir: string): void {
  try {
    const d = Discovery.parse(JSON.parse(fs.readFileSync(fileOf(dataDir), 'utf8')));
    if (d.pid === process.pid) fs.rmSync(fileOf(dataDir));
  } catch {
    // nothing of ours to remove
  }
}

/**
 * The running instance for this data folder: trusted only while the data-folder lock names the same
 * live process, so a file left by a crash (whose pid may since belong to anything) is ignored.
 */
export function readDiscovery(dataDir: string): Discovery | null {
  try {
    const d = Discovery.parse(JSON.parse(fs.readFileSync(fileOf(dataDir), 'utf8')));
    const owner = fs.readFileSync(path.join(dataDir, 'tenure.pid'), 'utf8').trim();
    if (owner !== String(d.pid)) return null;
    process.kill(d.pid, 0);
    return d;
  } catch {
    return null;
  }
}

export const discoveryFile = fileOf;
