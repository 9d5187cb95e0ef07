import { afterAll } from 'vitest';
import { stopSandboxStripeServer } from '../../dunning/stripe';
import { stopSandboxSimulator } from '../../telephony/twilio';

// The database test files share their worker processes (`isolate: false` in vitest.config.ts):
// loading the whole app again for each file was a quarter of the suite's time. What a process keeps
// from one file to the next is reset after each file here: the sandbox's Twilio simulator and local
// Stripe server (with every call, text and invoice they recorded), and the environment.
const env = { ...process.env };

afterAll(async () => {
  await Promise.all([stopSandboxSimulator(), stopSandboxStripeServer()]);
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  Object.assign(process.env, env);
});
