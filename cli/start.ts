import { loadConfig } from '../server/config';
import { assertWorkerAllowed, createLogger, startRuntime, type Runtime } from '../server/runtime';
import { out } from './output';
import { sandboxClock } from '../telephony/voice/sandbox-clock';

/**
 * Ctrl-C or SIGTERM stops Tenure cleanly at any point: during start-up it interrupts the start (which
 * closes what it opened), afterwards it closes the runtime. A second signal exits at once.
 */
function handleSignals(log: { info(msg: string): void }) {
  const abort = new AbortController();
  let rt: Runtime | null = null;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info(`${signal}: stopping`);
    // a stuck shutdown must not hold the data folder forever. An interrupted start-up stops at its
    // next step, and one step (creating the embedded database, say) can take long on a busy machine:
    // it gets longer before the exit is forced, so the folder is not left half-made.
    const grace = rt ? 20 : 60;
    setTimeout(() => {
      process.stderr.write(`tenure: did not stop within ${grace} s; exiting now\n`);
      process.exit(1);
    }, grace * 1000).unref();
    if (!rt) return abort.abort();
    rt.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return { signal: abort.signal, started: (r: Runtime) => void (rt = r) };
}

export async function startCommand(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const where = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.dataDir}`;
  const signals = handleSignals(log);
  // sandbox (no Twilio credentials): simulated time, fast and jumping to the next callable moment,
  // so the demo's calls happen within minutes at any hour (telephony/voice/sandbox-clock.ts)
  const clock = config.integrations.twilio === 'sandbox' ? sandboxClock() : undefined;
  const rt = await startRuntime(config, {
    listen: true,
    work: true,
    logger: log,
    clock,
    signal: signals.signal,
    onListening: (url) => out(`Tenure is starting on ${url} (${config.mode} mode, ${where}); /healthz answers "starting" until ready…`),
  });
  signals.started(rt);
  const base = config.PUBLIC_BASE_URL ?? rt.url!;
  out('');
  out(`Tenure is ready — ${config.mode} mode, ${rt.db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}`);
  out(`  API and docs  ${base}/docs`);
  out(`  Health        ${base}/healthz`);
  if (rt.adminKey) {
    out(`  Admin key     ${rt.adminKey.source === 'env' ? '(the value of TENURE_ADMIN_KEY)' : rt.adminKey.key}`);
    const shown = rt.adminKey.source === 'env' ? '$TENURE_ADMIN_KEY' : rt.adminKey.key;
    out(`  Try           curl -H "Authorization: Bearer ${shown}" ${base}/v1/whoami`);
  } else {
    out('  Admin key     none set: create one with  npx tenure keys create --role admin --name me');
  }
  if (rt.demo) out(`  Demo company  seeded now: ${rt.demo.accounts} accounts, 12 months of history (seed ${rt.demo.seed}); see npx tenure demo describe`);
  if (clock) out(`  Sandbox time  ${clock.label()}, 60× the wall clock, jumping to the next callable moment (calls and texts go to the local simulator's personas)`);
  out('  CLI           npx tenure --help   (commands reach this running instance)');
  out('  Stop          Ctrl-C');
  out('');
}

export async function workerCommand(): Promise<void> {
  const config = loadConfig();
  assertWorkerAllowed(config);
  const log = createLogger(config);
  const signals = handleSignals(log);
  const rt = await startRuntime(config, { listen: false, work: true, logger: log, signal: signals.signal });
  signals.started(rt);
  log.info('workers running; Ctrl-C to stop');
}
