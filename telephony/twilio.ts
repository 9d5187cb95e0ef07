import twilio from 'twilio';
import type { Config } from '../server/config';
import { loadPersonas } from './simulator/personas';
import { startSimulator, type Simulator } from './simulator/server';
import { loadVoicePersonas, sandboxVoiceFallback } from './simulator/voice/personas';

// The one way Tenure gets a Twilio client. Live: TWILIO_ACCOUNT_SID/TOKEN against api.twilio.com.
// Sandbox: the same SDK against the local Twilio-compatible simulator, through the SDK's supported
// `httpClient` seam (the URL's host is rewritten; twilio-node PR #326), started once per process.
// Webhooks are signed with the sandbox token in sandbox mode, so the signature check is the same code.

export const SANDBOX_ACCOUNT_SID = `AC${'5a4d'.repeat(8)}`;
export const SANDBOX_AUTH_TOKEN = 'tenure_sandbox_twilio_token_local_only';
export const SANDBOX_FROM_NUMBER = '+15005550006';

export type TwilioSettings = Pick<Config, 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_FROM_NUMBER' | 'publicBaseUrl'>;

export function authTokenFor(config: Pick<Config, 'TWILIO_AUTH_TOKEN'>): string {
  return config.TWILIO_AUTH_TOKEN ?? SANDBOX_AUTH_TOKEN;
}

export function fromNumberFor(config: Pick<Config, 'TWILIO_FROM_NUMBER'>): string {
  return config.TWILIO_FROM_NUMBER ?? SANDBOX_FROM_NUMBER;
}

/** A Twilio client; with `baseUrl`, every request goes there instead of https://*.twilio.com. */
export function twilioClient(accountSid: string, authToken: string, baseUrl?: string): twilio.Twilio {
  if (!baseUrl) return twilio(accountSid, authToken, { autoRetry: true, maxRetries: 2 });
  const inner = new twilio.RequestClient({ timeout: 10_000 });
  const httpClient = {
    request: (o: Parameters<typeof inner.request>[0]) => inner.request({ ...o, uri: o.uri.replace(/^https:\/\/[^/]+/, baseUrl) }),
  } as unknown as twilio.RequestClient;
  return twilio(accountSid, authToken, { httpClient });
}

let sandbox: Promise<Simulator> | null = null;
/** Where the sandbox simulator delivers webhooks (the server's own address once it listens). */
let sandboxTarget: string | null = null;

/** The process's simulator (sandbox mode, tests), started on first use. */
export function sandboxSimulator(config: Pick<Config, 'publicBaseUrl'>): Promise<Simulator> {
  if (sandbox) return sandbox;
  const voice = loadVoicePersonas();
  sandbox = startSimulator({ authToken: SANDBOX_AUTH_TOKEN, publicBaseUrl: config.publicBaseUrl, deliverTo: () => sandboxTarget ?? config.publicBaseUrl, voiceFallback: sandboxVoiceFallback(voice) }).then((sim) => {
    // the personas' phones answer; any other number just receives (texts) or is answered by a voice persona picked by the number (calls)
    for (const p of loadPersonas()) sim.addPersona(p);
    for (const p of voice) sim.addVoicePersona(p);
    return sim;
  });
  return sandbox;
}

/**
 * Stops the process's simulator; the next use starts a fresh one with no calls or messages in it.
 * The test runner calls this between test files, which share a process.
 */
export async function stopSandboxSimulator(): Promise<void> {
  const running = sandbox;
  sandbox = null;
  sandboxTarget = null;
  if (running) await (await running).close();
}

/** The server listens here: the sandbox simulator posts its signed webhooks to it (signed for PUBLIC_BASE_URL). */
export function setSandboxWebhookTarget(url: string): void {
  sandboxTarget = url;
}

/** The Twilio client for this configuration (sandbox: the simulator's, started on first use). */
export async function twilioFor(config: TwilioSettings): Promise<twilio.Twilio> {
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN) return twilioClient(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN);
  return twilioClient(SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, (await sandboxSimulator(config)).url);
}

/**
 * X-Twilio-Signature against the configured public URL, never one rebuilt from the Host header (a
 * TLS-terminating proxy would turn https:// into http://). `path` is the request URL's path and query.
 */
export function validSignature(config: Pick<Config, 'TWILIO_AUTH_TOKEN' | 'publicBaseUrl'>, signature: string | undefined, path: string, params: Record<string, string>, settingsHeader?: string): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authTokenFor(config), signature, config.publicBaseUrl + path, params, twilio.getSignatureAlgorithm(settingsHeader ?? null));
}

export function sign(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
