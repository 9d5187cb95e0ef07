// Runs every benchmark in bench/ (each *.ts file but this one), one after another, each in its own
// process so that one benchmark's memory and timers cannot colour the next. Arguments are passed
// through to each (e.g. `npm run bench -- --runs 3`). Exits non-zero if any benchmark did.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const benches = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .sort();

let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n# bench/${file}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`bench/${file} exited ${r.status ?? r.signal}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
