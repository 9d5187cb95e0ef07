import { ConfigError } from '../server/config';
import { TenureError } from '../server/errors';
import { tenureProgram } from './program';

// The `tenure` command (bin/tenure.js): the commands are in program.ts; this runs one and says
// what went wrong in one message.

try {
  await tenureProgram().parseAsync(process.argv);
} catch (e) {
  // Known errors are said in one message; anything else too, with its stack only when asked for.
  const known = e instanceof ConfigError || e instanceof TenureError;
  process.stderr.write(`tenure: ${(e as Error).message}\n`);
  // the message already names each field; list them apart only when it does not
  if (e instanceof TenureError && e.details) for (const d of e.details) if (!(e as Error).message.includes(d.field)) process.stderr.write(`  ${d.field}: ${d.message}\n`);
  if (!known) {
    if (['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '')) process.stderr.write(`${(e as Error).stack}\n`);
    else process.stderr.write('  (set LOG_LEVEL=debug to see where)\n');
  }
  process.exit(1);
}
