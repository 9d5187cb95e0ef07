import Stripe from 'stripe';
import type { Config } from '../server/config';
import { startLocalStripe, type LocalStripeServer } from './stripe-local/server';

// The one way Tenure gets a Stripe client. Live: STRIPE_SECRET_KEY against api.stripe.com. Sandbox
// (no key): the same SDK against the local Stripe-compatible server, started once per process on a
// free local port, with a sandbox key and webhook secret that exist nowhere else.
export const SANDBOX_SECRET_KEY = 'sk_test_tenure_sandbox';
export const SANDBOX_WEBHOOK_SECRET = 'whsec_tenure_sandbox_local_only';
/** Stripe's default: a signature older than this many seconds is refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

let sandbox: Promise<LocalStripeServer> | null = null;

/** The process's local Stripe server (sandbox mode, tests, the driver). */
export function sandboxStripeServer(): Promise<LocalStripeServer> {
  sandbox ??= startLocalStripe();
  return sandbox;
}

/** Stops the process's local Stripe server; the next use starts an empty one (between test files). */
export async function stopSandboxStripeServer(): Promise<void> {
  const running = sandbox;
  sandbox = null;
  if (running) await (await running).close();
}

export function stripeClient(secretKey: string, local?: Pick<LocalStripeServer, 'host' | 'port'>): Stripe {
  return new Stripe(secretKey, {
    maxNetworkRetries: local ? 0 : 2,
    timeout: 20_000,
    ...(local ? { host: local.host, port: local.port, protocol: 'http' as const } : {}),
  });
}

/** The Stripe client for this configuration (sandbox: the local server's, started on first use). */
export async function stripeFor(config: Pick<Config, 'STRIPE_SECRET_KEY'>): Promise<Stripe> {
  if (config.STRIPE_SECRET_KEY) return stripeClient(config.STRIPE_SECRET_KEY);
  return stripeClient(SANDBOX_SECRET_KEY, await sandboxStripeServer());
}

export function webhookSecretFor(config: Pick<Config, 'STRIPE_WEBHOOK_SECRET'>): string {
  return config.STRIPE_WEBHOOK_SECRET ?? SANDBOX_WEBHOOK_SECRET;
}

/** Stripe's SDK with no network use: for signature checks and signing (the driver). */
export const stripeOffline = new Stripe(SANDBOX_SECRET_KEY);
