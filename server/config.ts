import path from 'node:path';
import { z } from 'zod';

// One schema for every setting Tenure reads from the environment. Empty strings count as unset,
// so `FOO= npm start` behaves like not setting FOO.
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(t: T) => z.preprocess(blank, t.optional());

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');

export const ConfigSchema = z
  .object({
    PORT: z.preprocess(blank, z.coerce.number().int().min(0).max(65535).default(3000)),
    HOST: z.preprocess(blank, z.string().default('127.0.0.1')),
    PUBLIC_BASE_URL: opt(z.url()),
    LOG_LEVEL: z.preprocess(blank, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
    DATABASE_URL: opt(postgresUrl),
    TENURE_DATA_DIR: z.preprocess(blank, z.string().default('.tenure')),
    TENURE_ADMIN_KEY: opt(z.string()),
    // sandbox mode seeds the demo company on the first start into an empty database; `off` starts empty
    TENURE_DEMO: z.preprocess(blank, z.enum(['auto', 'off']).default('auto')),
    TENURE_QUEUE_POLL_SECONDS: z.preprocess(blank, z.coerce.number().min(0.5).max(60).default(2)),
    TWILIO_ACCOUNT_SID: opt(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits')),
    TWILIO_AUTH_TOKEN: opt(z.string().min(16)),
    TWILIO_FROM_NUMBER: opt(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +33612345678')),
    STRIPE_SECRET_KEY: opt(z.string().regex(/^(sk|rk)_(test|live)_/, 'must start with sk_test_, sk_live_, rk_test_ or rk_live_')),
    STRIPE_WEBHOOK_SECRET: opt(z.string().regex(/^whsec_/, 'must start with whsec_')),
    OPENAI_API_KEY: opt(z.string()),
    OPENAI_BASE_URL: opt(z.url()),
    OPENAI_MODEL: opt(z.string()),
    OPENAI_EXTRACTION_MODEL: opt(z.string()),
    // how long one model request may take, and how often a failed or malformed one is tried again
    OPENAI_TIMEOUT_SECONDS: z.preprocess(blank, z.coerce.number().min(0.1).max(600).default(20)),
    OPENAI_MAX_RETRIES: z.preprocess(blank, z.coerce.number().int().min(0).max(10).default(2)),
    // `off` only for a server you trust with customers' personal data (your own Ollama or vLLM)
    OPENAI_REDACT: z.preprocess(blank, z.enum(['on', 'off']).default('on')),
    // after this many connection failures in a row, the endpoint is left alone for the cool-down
    OPENAI_BREAKER_FAILURES: z.preprocess(blank, z.coerce.number().int().min(1).max(100).default(3)),
    OPENAI_COOLDOWN_SECONDS: z.preprocess(blank, z.coerce.number().min(0).max(3600).default(60)),
    // "input,output" US dollars per million tokens, for a model the built-in price list does not know
    OPENAI_COST_PER_MTOK: opt(z.string().regex(/^\d+(\.\d+)?,\d+(\.\d+)?$/, 'must be two prices per million tokens, input,output, such as 0.15,0.60')),
    // the largest discount the agent may grant without a person (the tool-call check point)
    TENURE_MAX_DISCOUNT_PERCENT: z.preprocess(blank, z.coerce.number().min(0).max(100).default(20)),
    // SMS (telephony/): hours without a turn before an SMS thread closes with a wrap-up; what an
    // opt-out word blocks: every automated channel (all) or only the channel it came on (channel)
    TENURE_SMS_IDLE_HOURS: z.preprocess(blank, z.coerce.number().min(0.1).max(24 * 30).default(48)),
    TENURE_OPT_OUT_SCOPE: z.preprocess(blank, z.enum(['all', 'channel']).default('all')),
    SMTP_URL: opt(z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')),
    SMTP_FROM: opt(z.email()),
    // notifications (insights/notify): a Slack incoming webhook; unset → the task inbox and the delivery log only
    SLACK_WEBHOOK_URL: opt(z.url()),
    // alerts and escalations (scoring/alerts/settings.ts): the steep drop, the likely-churn threshold, how long an override holds
    TENURE_ALERT_DROP_POINTS: z.preprocess(blank, z.coerce.number().int().min(1).max(100).default(15)),
    TENURE_ALERT_DROP_DAYS: z.preprocess(blank, z.coerce.number().int().min(1).max(90).default(14)),
    TENURE_LIKELY_CHURN: z.preprocess(blank, z.coerce.number().min(0).max(1).default(0.6)),
    TENURE_OVERRIDE_DAYS: z.preprocess(blank, z.coerce.number().min(0.01).max(365).default(30)),
    // the outreach policy (agent/policy/): B2B contacts' business hours, local, and outreach per UTC day
    TENURE_BUSINESS_HOURS: z.preprocess(blank, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'must look like 09:00-18:00').default('09:00-18:00')),
    TENURE_OUTREACH_DAILY_BUDGET: z.preprocess(blank, z.coerce.number().int().min(0).default(1000)),
    // plays whose campaigns are approved as soon as they are planned (comma-separated), e.g. payment_recovery
    TENURE_CAMPAIGN_AUTO_APPROVE: z.preprocess(blank, z.string().default('')),
  });

// Half-configured integrations are refused: a live SID with no token would fail on the first call.
const PARTNERS: [string, string][] = [
  ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
  ['TWILIO_AUTH_TOKEN', 'TWILIO_ACCOUNT_SID'],
  ['TWILIO_ACCOUNT_SID', 'TWILIO_FROM_NUMBER'],
  ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'],
  ['SMTP_URL', 'SMTP_FROM'],
];

function missingPartners(env: NodeJS.ProcessEnv): { variable: string; message: string }[] {
  const set = (k: string) => blank(env[k]) !== undefined;
  return PARTNERS.filter(([a, b]) => set(a) && !set(b)).map(([a, b]) => ({ variable: b, message: `is required when ${a} is set` }));
}

export type RawConfig = z.infer<typeof ConfigSchema>;
export type IntegrationMode = 'sandbox' | 'live';

export interface Config extends RawConfig {
  dataDir: string;
  publicBaseUrl: string;
  db: 'pglite' | 'postgres';
  integrations: { twilio: IntegrationMode; stripe: IntegrationMode; openai: IntegrationMode; smtp: IntegrationMode };
  /** live once Twilio or Stripe is real; database and model settings leave it sandbox */
  mode: IntegrationMode;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = ConfigSchema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message }))),
    ...missingPartners(env),
  ];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const c = parsed.data;
  const integrations = {
    twilio: c.TWILIO_ACCOUNT_SID ? 'live' : 'sandbox',
    stripe: c.STRIPE_SECRET_KEY ? 'live' : 'sandbox',
    openai: c.OPENAI_API_KEY || c.OPENAI_BASE_URL ? 'live' : 'sandbox',
    smtp: c.SMTP_URL ? 'live' : 'sandbox',
  } as const;
  return {
    ...c,
    dataDir: path.resolve(cwd, c.TENURE_DATA_DIR),
    publicBaseUrl: (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    db: c.DATABASE_URL ? 'postgres' : 'pglite',
    integrations,
    mode: integrations.twilio === 'live' || integrations.stripe === 'live' ? 'live' : 'sandbox',
  };
}

const SECRET = /KEY|TOKEN|SECRET|PASSWORD/;

/** The effective configuration as `tenure config` prints it: secrets masked, URLs without passwords. */
export function describeConfig(c: Config): Record<string, unknown> {
  const settings: Record<string, string | number | null> = {};
  for (const key of Object.keys(ConfigSchema.shape) as (keyof RawConfig)[]) {
    const v = c[key];
    if (v === undefined) settings[key] = null;
    else if (SECRET.test(key)) settings[key] = mask(String(v));
    else if (typeof v === 'string' && /:\/\//.test(v)) settings[key] = hidePassword(v);
    else settings[key] = v;
  }
  return { settings, data_dir: c.dataDir, public_base_url: c.publicBaseUrl, db: c.db, mode: c.mode, integrations: c.integrations };
}

/** Short secrets show only their length; long ones their first and last characters, to tell them apart. */
export function mask(secret: string): string {
  return secret.length < 24 ? `**** (${secret.length} chars)` : `${secret.slice(0, 4)}…${secret.slice(-2)} (${secret.length} chars)`;
}

export function hidePassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '****';
    for (const key of [...u.searchParams.keys()]) if (SECRET.test(key.toUpperCase())) u.searchParams.set(key, '****');
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:****@');
  }
}
