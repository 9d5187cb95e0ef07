import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { StripeApiError, StripeStore } from './store';

// The local Stripe-compatible HTTP server: the endpoints Tenure calls, answered from a StripeStore,
// reached by the real `stripe` SDK through `{ host, port, protocol: 'http' }`. Form-encoded bodies
// with Stripe's bracket notation, Bearer secret keys (sk_test_… only), and Idempotency-Key replay
// (the first answer to a key is saved and replayed with `Idempotent-Replayed: true`; the same key
// with other parameters is refused).

/** Stripe's bracket notation (`a[b][c]=1`, `expand[0]=x`, `expand[]=x`) back into nested objects. */
export function parseForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.split('[').map((p, i) => (i === 0 ? p : p.replace(/\]$/, '')));
    let at: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const name = part === '' ? String(Object.keys(at).length) : part;
      if (last) at[name] = value;
      else at = (at[name] ??= {}) as Record<string, unknown>;
    });
  }
  return root;
}

const str = z.string().min(1);
const amount = z.coerce.number().int().nonnegative();
const Customer = z.object({ email: z.string().optional(), name: z.string().optional(), metadata: z.record(z.string(), z.string()).optional() });
const CustomerUpdate = z.object({ email: z.string().optional(), name: z.string().optional(), invoice_settings: z.object({ default_payment_method: str }).optional() });
const PaymentMethod = z.object({ type: str.default('card'), card: z.object({ number: str }).optional(), customer: str.optional() });
const Attach = z.object({ customer: str });
const Subscription = z.object({ customer: str, default_payment_method: str.optional(), items: z.record(z.string(), z.object({ price_data: z.object({ unit_amount: amount, currency: str }).optional() })).optional() });
const SubscriptionUpdate = z.object({ default_payment_method: str.optional(), cancel_at_period_end: z.enum(['true', 'false']).transform((v) => v === 'true').optional() });
const Invoice = z.object({ customer: str, subscription: str.optional(), collection_method: z.enum(['charge_automatically', 'send_invoice']).optional(), amount: amount.optional(), currency: str.default('eur') });
const Pay = z.object({ payment_method: str.optional(), off_session: z.string().optional() });
const Portal = z.object({ customer: str, return_url: z.string().optional(), flow_data: z.object({ type: str }).optional() });

type Handler = (store: StripeStore, params: Record<string, unknown>, match: string[], query: URLSearchParams) => unknown;

const ROUTES: [string, RegExp, Handler][] = [
  ['POST', /^\/v1\/customers$/, (s, p) => s.createCustomer(Customer.parse(p))],
  ['GET', /^\/v1\/customers\/([^/]+)$/, (s, _p, m) => s.get(m[1]!, 'customer')],
  ['POST', /^\/v1\/customers\/([^/]+)$/, (s, p, m) => {
    const u = CustomerUpdate.parse(p);
    return s.updateCustomer(m[1]!, { email: u.email, name: u.name, default_payment_method: u.invoice_settings?.default_payment_method });
  }],
  ['POST', /^\/v1\/payment_methods$/, (s, p) => {
    const pm = PaymentMethod.parse(p);
    return s.createPaymentMethod({ type: pm.type, number: pm.card?.number, customer: pm.customer });
  }],
  ['GET', /^\/v1\/payment_methods\/([^/]+)$/, (s, _p, m) => s.get(m[1]!, 'payment_method')],
  ['POST', /^\/v1\/payment_methods\/([^/]+)\/attach$/, (s, p, m) => s.attachPaymentMethod(m[1]!, Attach.parse(p).customer)],
  ['POST', /^\/v1\/subscriptions$/, (s, p) => {
    const sub = Subscription.parse(p);
    const price = Object.values(sub.items ?? {})[0]?.price_data;
    return s.createSubscription({ customer: sub.customer, amount: price?.unit_amount ?? 0, currency: price?.currency ?? 'eur', default_payment_method: sub.default_payment_method });
  }],
  ['GET', /^\/v1\/subscriptions\/([^/]+)$/, (s, _p, m) => s.get(m[1]!, 'subscription')],
  ['POST', /^\/v1\/subscriptions\/([^/]+)$/, (s, p, m) => s.updateSubscription(m[1]!, SubscriptionUpdate.parse(p))],
  ['DELETE', /^\/v1\/subscriptions\/([^/]+)$/, (s, _p, m) => s.cancelSubscription(m[1]!)],
  ['POST', /^\/v1\/invoices$/, (s, p) => {
    const i = Invoice.parse(p);
    return s.createInvoice({ customer: i.customer, subscription: i.subscription, collection_method: i.collection_method, amount: i.amount ?? 0, currency: i.currency });
  }],
  ['GET', /^\/v1\/invoices\/([^/]+)$/, (s, _p, m) => s.get(m[1]!, 'invoice')],
  ['POST', /^\/v1\/invoices\/([^/]+)\/pay$/, (s, p, m) => s.payInvoice(m[1]!, Pay.parse(p))],
  ['POST', /^\/v1\/invoices\/([^/]+)\/mark_uncollectible$/, (s, _p, m) => s.markUncollectible(m[1]!)],
  ['GET', /^\/v1\/invoice_payments$/, (s, _p, _m, q) => s.invoicePayments({ invoice: q.get('invoice'), payment_intent: q.get('payment[payment_intent]') })],
  ['GET', /^\/v1\/payment_intents\/([^/]+)$/, (s, _p, m) => s.get(m[1]!, 'payment_intent')],
  ['GET', /^\/v1\/charges\/([^/]+)$/, (s, _p, m) => s.get(m[1]!, 'charge')],
  ['GET', /^\/v1\/charges$/, (s, _p, _m, q) => s.list('charge', (c) => (!q.get('payment_intent') || c.payment_intent === q.get('payment_intent')) && (!q.get('customer') || c.customer === q.get('customer')))],
  // local test hook: the customer finishes the portal's card update (what a browser would do)
  ['POST', /^\/v1\/tenure_test\/billing_portal\/sessions\/([^/]+)\/card$/, (s, p, m) => s.completePortalCardUpdate(m[1]!, str.parse(p.number))],
  ['POST', /^\/v1\/billing_portal\/sessions$/, (s, p) => {
    const b = Portal.parse(p);
    return s.billingPortalSession({ customer: b.customer, return_url: b.return_url, flow_type: b.flow_data?.type });
  }],
];

// local test hooks (tenure_*) never leave the server
const publicJson = (value: unknown) => JSON.stringify(value, (k, v: unknown) => (k.startsWith('tenure_') ? undefined : v));

interface Saved {
  fingerprint: string;
  status: number;
  body: string;
  /** when the key was first used (the store's clock, Unix seconds) */
  at: number;
}

/** Stripe prunes idempotency keys after 24 hours; the local server forgets them then too. */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 86_400;

export interface LocalStripeServer {
  store: StripeStore;
  host: string;
  port: number;
  url: string;
  /** requests seen, for tests: method, path, idempotency key, and whether a saved answer was replayed */
  requests: { method: string; path: string; idempotencyKey: string | null; replayed: boolean; status?: number }[];
  /** the idempotency keys the server remembers now (first use, Unix seconds) */
  idempotencyKeys(): Map<string, number>;
  close(): Promise<void>;
}

export async function startLocalStripe(opts: { store?: StripeStore; port?: number } = {}): Promise<LocalStripeServer> {
  const store = opts.store ?? new StripeStore();
  const saved = new Map<string, Saved>();
  const requests: LocalStripeServer['requests'] = [];
  const forget = () => {
    const before = store.now() - IDEMPOTENCY_KEY_TTL_SECONDS;
    for (const [k, v] of saved) if (v.at < before) saved.delete(k);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stripe.local');
      const method = req.method ?? 'GET';
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
      const seen: LocalStripeServer['requests'][number] = { method, path: url.pathname, idempotencyKey: key, replayed: false };
      requests.push(seen);
      forget();
      const send = (status: number, body: string, replayed = false) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${store.id('x')}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
        res.end(body);
      };
      const error = (status: number, type: string, message: string, extra: Record<string, unknown> = {}) => publicJson({ error: { type, message, ...extra } });

      if (!/^Bearer sk_test_\S+$/.test(req.headers.authorization ?? '')) {
        return send(401, error(401, 'invalid_request_error', 'Invalid API Key provided (the local Stripe server takes sk_test_ keys only)'));
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const fingerprint = createHash('sha256').update(`${method} ${url.pathname}?${url.search}\n${body}`).digest('hex');
      if (key && method === 'POST') {
        const prior = saved.get(key);
        if (prior) {
          if (prior.fingerprint !== fingerprint) {
            return send(400, error(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`));
          }
          seen.replayed = true;
          seen.status = prior.status;
          return send(prior.status, prior.body, true);
        }
      }
      let status = 200;
      let out: string;
      const route = ROUTES.find(([m, re]) => m === method && re.test(url.pathname));
      try {
        if (!route) throw new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${url.pathname}).`);
        const result = route[2](store, parseForm(body), route[1].exec(url.pathname)!, url.searchParams);
        out = publicJson(result);
      } catch (e) {
        if (e instanceof StripeApiError) {
          status = e.status;
          out = error(e.status, e.type, e.message, e.extra);
        } else if (e instanceof z.ZodError) {
          status = 400;
          const issue = e.issues[0]!;
          out = error(400, 'invalid_request_error', `${issue.path.join('.')}: ${issue.message}`, { param: issue.path.join('.') });
        } else {
          status = 500;
          out = error(500, 'api_error', (e as Error).message);
        }
      }
      // Stripe saves the first answer to a key, errors included
      if (key && method === 'POST') saved.set(key, { fingerprint, status, body: out, at: store.now() });
      seen.status = status;
      send(status, out);
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    store,
    host: '127.0.0.1',
    port,
    url: `http://127.0.0.1:${port}`,
    requests,
    idempotencyKeys: () => {
      forget();
      return new Map([...saved].map(([k, v]) => [k, v.at]));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // keep-alive connections of SDK clients would hold the close open
        server.closeAllConnections();
      }),
  };
}
