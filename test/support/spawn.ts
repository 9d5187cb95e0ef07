import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/tenure.js', import.meta.url));

/** The environment of a spawned `tenure`: this one without database settings, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // tests start empty unless they are about the demo company (TENURE_DEMO: 'auto')
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', TENURE_DEMO: 'off' };
  delete env.DATABASE_URL;
  delete env.TENURE_ADMIN_KEY;
  delete env.PORT;
  return { ...env, ...extra };
}

/** Runs `tenure args…` to completion. */
export function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts `tenure start` on a free port and waits until /healthz says ok. */
export async function startServer(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'start'], { env: { ...env, PORT: '0' } });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const end = Date.now() + timeoutMs;
  let url: string | null = null;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`tenure start exited ${child.exitCode}:\n${out}`);
    url ??= /starting on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? null;
    if (url) {
      const res = await fetch(`${url}/healthz`).catch(() => null);
      if (res?.status === 200) break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (!url || Date.now() >= end) {
    child.kill('SIGKILL');
    throw new Error(`tenure start did not become ready:\n${out}`);
  }
  return {
    child,
    url,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
