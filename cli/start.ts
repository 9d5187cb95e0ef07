import { loadConfig } from '../server/config';
import { assertWorkerAllowed, createLogger, startRuntime, type Runtime } from '../server/runtime';
import { out } from './output';

function stopOnSignals(rt: Runtime, log: { info(msg: string): void }): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    // a stuck shutdown must not hold the data folder forever
    setTimeout(() => process.exit(1), 20_000).unref();
    rt.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

export async function startCommand(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const where = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.dataDir}`;
  const rt = await startRuntime(config, {
    listen: true,
    work: true,
    logger: log,
    onListening: (url) => out(`Tenure is starting on ${url} (${config.mode} mode, ${where}); /healthz answers "starting" until ready…`),
  });
  stopOnSignals(rt, log);
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
  out('  CLI           npx tenure --help   (commands reach this running instance)');
  out('  Stop          Ctrl-C');
  out('');
}

export async function workerCommand(): Promise<void> {
  const config = loadConfig();
  assertWorkerAllowed(config);
  const log = createLogger(config);
  const rt = await startRuntime(config, { listen: false, work: true, logger: log });
  stopOnSignals(rt, log);
  log.info('workers running; Ctrl-C to stop');
}
