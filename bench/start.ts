// Start-time benchmark: how long `tenure start` takes, as a whole process, until /healthz answers 200.
//   cold  a fresh, empty data folder (PGlite initdb + every migration + start-up work)
//   warm  the same folder again (open the database, nothing to migrate)
//   stop  SIGTERM until the process has exited
// against a baseline measured in the same run (`tenure --help`: Node + tsx + the CLI's imports, no
// database), so the ratios hold when the machine's speed drifts.
// Usage: npx tsx bench/start.ts [--runs N] [--cold-runs N] [--warm-runs N]
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag } from './lib/args';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'tenure.js');
const COLD_TARGET_S = 120;
const WARM_TARGET_S = 10;
const START_TIMEOUT_MS = 300_000;

const runs = process.argv.includes('--runs') ? flag('runs', 1) : undefined;
const coldRuns = flag('cold-runs', runs ?? 3);
const warmRuns = flag('warm-runs', runs ?? 5);

const out = (s = '') => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

// a crashed benchmark must not leave servers holding data folders
const live = new Set<ChildProcess>();
process.on('exit', () => live.forEach((c) => c.kill('SIGKILL')));

/** Runs a command to its end; seconds from spawn to exit. */
function timeCommand(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(seconds(t0)) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

interface StartRun {
  start: number;
  stop: number;
  peakRssMb: number | null;
  exitCode: number | null;
  complaints: string[];
}

/** `tenure start` on dataDir: seconds to /healthz 200, seconds from SIGTERM to exit, peak RSS. */
async function startOnce(dataDir: string): Promise<StartRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, TENURE_DATA_DIR: dataDir, PORT: '0' };
  delete env.DATABASE_URL;
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [cli, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b));
  child.stderr!.on('data', (b: Buffer) => (stderr += b));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let gone = false;
  void exited.then(() => (gone = true));

  let start = NaN;
  while (Number.isNaN(start)) {
    if (gone) throw new Error(`tenure start exited before it was ready:\n${stdout}\n${stderr}`);
    if (seconds(t0) * 1000 > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`tenure start was not ready after ${START_TIMEOUT_MS / 1000} s`);
    }
    const url = /Tenure is starting on (http:\/\/\S+)/.exec(stdout)?.[1];
    if (url) {
      try {
        const res = await fetch(`${url}/healthz`);
        await res.arrayBuffer();
        if (res.status === 200) start = seconds(t0);
      } catch {
        // listening any moment now
      }
    }
    if (Number.isNaN(start)) await sleep(25);
  }

  const peakRssMb = readPeakRssMb(child.pid!);
  const t1 = process.hrtime.bigint();
  child.kill('SIGTERM');
  const exitCode = await exited;
  const stop = seconds(t1);
  live.delete(child);
  return { start, stop, peakRssMb, exitCode, complaints: complaintsIn(stdout, stderr) };
}

/** VmHWM: the largest resident set the process has had (Linux only). */
function readPeakRssMb(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** Log lines at warn or above (pino JSON: level ≥ 40), and anything on stderr. */
function complaintsIn(stdout: string, stderr: string): string[] {
  const found: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((entry.level ?? 0) >= 40) found.push(`${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`);
    } catch {
      // not a log line
    }
  }
  if (stderr.trim()) found.push(`stderr: ${stderr.trim().split('\n')[0]}`);
  return found;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const stats = (xs: number[]) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });

const dirs: string[] = [];
const freshDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-bench-'));
  dirs.push(d);
  return d;
};

try {
  out(`Start-time benchmark: ${coldRuns} cold, ${warmRuns} warm, ${warmRuns} baseline runs (node ${process.version}, ${os.cpus().length} CPUs)`);
  // one unmeasured run of each command first, so the file cache is warm for every measured run
  await timeCommand([cli, '--help']);
  const baseline: number[] = [];
  const bareNode: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    baseline.push(await timeCommand([cli, '--help']));
    bareNode.push(await timeCommand(['-e', '0']));
  }

  const cold: StartRun[] = [];
  for (let i = 0; i < coldRuns; i++) {
    cold.push(await startOnce(freshDir()));
    out(`  cold ${i + 1}/${coldRuns}: ready in ${cold.at(-1)!.start.toFixed(2)} s`);
  }
  const warmDir = dirs[0]!;
  const warm: StartRun[] = [];
  for (let i = 0; i < warmRuns; i++) {
    warm.push(await startOnce(warmDir));
    out(`  warm ${i + 1}/${warmRuns}: ready in ${warm.at(-1)!.start.toFixed(2)} s`);
  }

  const rows: [string, number[], string][] = [
    ['node -e 0 (bare Node)', bareNode, 's'],
    ['tenure --help (baseline)', baseline, 's'],
    ['cold start to /healthz 200', cold.map((r) => r.start), 's'],
    ['cold stop (SIGTERM to exit)', cold.map((r) => r.stop), 's'],
    ['warm start to /healthz 200', warm.map((r) => r.start), 's'],
    ['warm stop (SIGTERM to exit)', warm.map((r) => r.stop), 's'],
  ];
  const coldRss = cold.flatMap((r) => (r.peakRssMb === null ? [] : [r.peakRssMb]));
  const warmRss = warm.flatMap((r) => (r.peakRssMb === null ? [] : [r.peakRssMb]));
  if (coldRss.length) rows.push(['cold peak RSS (VmHWM)', coldRss, 'MiB']);
  if (warmRss.length) rows.push(['warm peak RSS (VmHWM)', warmRss, 'MiB']);

  out('');
  out(`| ${'measure'.padEnd(28)} | runs |       min |    median |       max |`);
  out(`| ${'-'.repeat(28)} | ---: | --------: | --------: | --------: |`);
  for (const [name, xs, unit] of rows) {
    const s = stats(xs);
    const f = (x: number) => `${x.toFixed(unit === 's' ? 3 : 0)} ${unit}`.padStart(9);
    out(`| ${name.padEnd(28)} | ${String(xs.length).padStart(4)} | ${f(s.min)} | ${f(s.median)} | ${f(s.max)} |`);
  }

  const base = median(baseline);
  const coldMax = Math.max(...cold.map((r) => r.start));
  const warmMax = Math.max(...warm.map((r) => r.start));
  out('');
  out(`ratios (median / median of the baseline): warm ${(median(warm.map((r) => r.start)) / base).toFixed(1)}×, cold ${(median(cold.map((r) => r.start)) / base).toFixed(1)}×`);
  out(`targets (every run): warm under ${WARM_TARGET_S} s: ${warmMax < WARM_TARGET_S ? 'yes' : 'NO'} (slowest ${warmMax.toFixed(2)} s); cold under ${COLD_TARGET_S} s: ${coldMax < COLD_TARGET_S ? 'yes' : 'NO'} (slowest ${coldMax.toFixed(2)} s)`);

  const odd = [...cold, ...warm].filter((r) => r.exitCode !== 0 || r.complaints.length);
  for (const r of odd) out(`note: a run exited ${r.exitCode}${r.complaints.length ? `; it logged: ${r.complaints.join(' | ')}` : ''}`);
  if (warmMax >= WARM_TARGET_S || coldMax >= COLD_TARGET_S) process.exitCode = 1;
} finally {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}
