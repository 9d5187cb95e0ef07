import type pino from 'pino';
import { recordConversations, type RecordedConversation } from '../../agent/conversations/record';
import type { Clock } from '../../db/clock';
import type { Database } from '../../db/database';
import { newId } from '../../db/ids';
import { withTransaction, type Tx } from '../../db/transaction';
import { TenureError } from '../../server/errors';
import { NewTeamMember } from '../../team/members';
import { AccountInput } from '../accounts';
import { ConsentInput } from '../consents';
import { ContactInput } from '../contacts';
import { prepareEvents, storeEvents } from '../events/store';
import { generateDemo } from './generate';
import { DEFAULT_PARAMETERS, DEFAULT_SEED, type DemoParameters } from './parameters';
import type { DemoCompany } from './types';

// Stores the demo company in one transaction: a crash leaves nothing half-seeded, and seeding twice
// is refused. Every row is checked by the same schemas the API uses, and the history goes through
// the event registry; only the inserts are batched.

const EVENT_BATCH = 5000;

export interface SeedResult {
  seed: number;
  accounts: number;
  contacts: number;
  events: number;
  conversations: number;
  seconds: number;
}

/**
 * A failed invoice of the demo's recent past that the seed does not store: sandbox mode's local
 * Stripe server replays it, and its failures (and its payment, if it came) reach Tenure as signed
 * webhooks through the real intake (dunning/sandbox.ts). Each failure is stored by one path only.
 */
export interface HandedOverInvoice {
  account_id: string;
  stripe_customer_id: string;
  subscription_id: string;
  invoice_id: string;
  /** minor units */
  amount_due: number;
  currency: string;
  issued_at: Date;
  failures: { at: Date; code: string }[];
  paid_at: Date | null;
}

/**
 * Takes out of the generated history the failed invoices of active accounts whose first failure is
 * at or after `since`: their payment.failed events, their invoice.paid and the dunning.case_closed of
 * their case, which the Stripe path writes itself. Their invoice.issued stays: the invoice is history.
 */
function handOverRecentFailures(company: DemoCompany, since: Date): HandedOverInvoice[] {
  const accounts = new Map(company.accounts.map((a) => [a.id, a]));
  const firstFailure = new Map<string, number>();
  for (const e of company.events) {
    if (e.kind !== 'payment.failed') continue;
    const id = e.payload.invoice_id as string;
    firstFailure.set(id, Math.min(firstFailure.get(id) ?? Infinity, e.occurred_at.getTime()));
  }
  const handed = new Map<string, HandedOverInvoice>();
  for (const e of company.events) {
    const a = accounts.get(e.account_id)!;
    const id = e.payload.invoice_id as string | undefined;
    if (e.kind !== 'invoice.issued' || !id || a.churned_at || !a.stripe_customer_id || (firstFailure.get(id) ?? -Infinity) < since.getTime()) continue;
    handed.set(id, {
      account_id: a.id,
      stripe_customer_id: a.stripe_customer_id,
      // as billing.ts names the demo's subscriptions
      subscription_id: `sub_${a.external_id}`,
      invoice_id: id,
      amount_due: e.payload.amount_due as number,
      currency: e.payload.currency as string,
      issued_at: e.occurred_at,
      failures: [],
      paid_at: null,
    });
  }
  company.events = company.events.filter((e) => {
    const inv = handed.get((e.payload.invoice_id as string | undefined) ?? '');
    if (inv && e.kind === 'payment.failed') {
      inv.failures.push({ at: e.occurred_at, code: e.payload.decline_code as string });
      return false;
    }
    if (inv && e.kind === 'invoice.paid') {
      inv.paid_at = e.occurred_at;
      return false;
    }
    return !(e.kind === 'dunning.case_closed' && handed.has(String(e.payload.case_id).replace(/^dc_/, '')));
  });
  for (const inv of handed.values()) inv.failures.sort((x, y) => x.at.getTime() - y.at.getTime());
  return [...handed.values()].sort((x, y) => x.issued_at.getTime() - y.issued_at.getTime() || x.invoice_id.localeCompare(y.invoice_id));
}

export async function seedDemo(
  db: Pick<Database, 'pool' | 'url'>,
  clock: Clock,
  opts: {
    seed?: number;
    params?: DemoParameters;
    log?: Pick<pino.Logger, 'info'>;
    /** more work in the same transaction (the audit row) */
    also?: (tx: Tx) => Promise<void>;
    /** called between batches of events: a throw abandons the seed, and nothing of it is stored (Ctrl-C during a first start) */
    checkpoint?: () => void;
    /** sandbox mode: the failed invoices from `since` on are handed to `take` instead of being stored (see HandedOverInvoice) */
    handOver?: { since: Date; take(invoices: HandedOverInvoice[]): void };
  } = {},
): Promise<SeedResult> {
  const started = performance.now();
  const seed = opts.seed ?? DEFAULT_SEED;
  const params = opts.params ?? DEFAULT_PARAMETERS;
  const company = generateDemo({ params, seed, asOf: clock.now(), makeId: (prefix) => newId(prefix) });
  if (opts.handOver) opts.handOver.take(handOverRecentFailures(company, opts.handOver.since));
  opts.log?.info({ seed, accounts: company.accounts.length, events: company.events.length }, 'demo company generated; storing it');
  return withTransaction(db, async (tx) => {
    const existing = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
    if (existing.rows[0]!.n > 0) {
      throw new TenureError('conflict', `The database already holds ${existing.rows[0]!.n} accounts: the demo company is seeded only into an empty database.`);
    }
    const claimed = await tx.query(
      `INSERT INTO demo_company (seed, parameters, history_start, as_of, seeded_at, seconds) VALUES ($1, $2, $3, $4, $5, 0)
       ON CONFLICT (singleton) DO NOTHING`,
      [seed, JSON.stringify(params), company.start, company.asOf, clock.now()],
    );
    if (claimed.rowCount === 0) throw new TenureError('conflict', 'The demo company is already seeded in this database.');
    await insertPeople(tx, clock, company);
    await recordConversations(tx, clock, conversations(company));
    let stored = 0;
    for (let i = 0; i < company.events.length; i += EVENT_BATCH) {
      opts.checkpoint?.();
      const batch = company.events.slice(i, i + EVENT_BATCH).map((e) => ({
        kind: e.kind,
        account_id: e.account_id,
        ...(e.contact_id ? { contact_id: e.contact_id } : {}),
        occurred_at: e.occurred_at.toISOString(),
        payload: e.payload,
      }));
      const result = await storeEvents(tx, await prepareEvents(tx, clock, batch, 'demo', { backfilled: true }));
      if (result.rejected.length) {
        const first = result.rejected[0]!;
        throw new Error(`the demo generator wrote an invalid event (${first.field}: ${first.message}): ${JSON.stringify(batch[first.index])}`);
      }
      stored += result.accepted;
    }
    await tx.query(
      `INSERT INTO demo_truth (account_id, churn_at, onset_at, reason, voluntary)
       SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::boolean[])`,
      [company.truth.map((t) => t.account_id), company.truth.map((t) => t.churn_at), company.truth.map((t) => t.onset_at), company.truth.map((t) => t.reason), company.truth.map((t) => t.voluntary)],
    );
    const seconds = (performance.now() - started) / 1000;
    await tx.query('UPDATE demo_company SET seconds = $1', [seconds]);
    await opts.also?.(tx);
    return { seed, accounts: company.accounts.length, contacts: company.contacts.length, events: stored, conversations: company.conversations.length, seconds };
  });
}

/** Team, accounts, contacts and consents, each checked against its API schema first. */
async function insertPeople(tx: Tx, clock: Clock, company: DemoCompany): Promise<void> {
  const now = clock.now();
  for (const m of company.members) NewTeamMember.parse({ name: m.name, email: m.email, kind: m.kind, manager_id: m.manager_id });
  const members = company.members;
  await tx.query(
    `INSERT INTO team_members (id, name, email, kind, manager_id, created_at)
     SELECT *, $6::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
    [members.map((m) => m.id), members.map((m) => m.name), members.map((m) => m.email), members.map((m) => m.kind), members.map((m) => m.manager_id), now],
  );

  const accounts = company.accounts;
  for (const a of accounts) {
    AccountInput.parse({
      external_id: a.external_id,
      name: a.name,
      status: a.churned_at ? 'churned' : 'active',
      plan: a.plan,
      seats: a.seats,
      mrr: a.mrr.toFixed(2),
      currency: 'EUR',
      country: a.country,
      time_zone: a.time_zone,
      stripe_customer_id: a.stripe_customer_id,
      renewal_date: a.renewal_date,
      started_at: a.started_at.toISOString(),
      churned_at: a.churned_at?.toISOString() ?? null,
    });
  }
  const A = <T>(f: (a: (typeof accounts)[number]) => T) => accounts.map(f);
  await tx.query(
    `INSERT INTO accounts (id, external_id, name, status, plan, seats, mrr_minor, currency, owner_id, country, time_zone, stripe_customer_id, renewal_date, started_at, churned_at, attributes, created_at, updated_at)
     SELECT id, ext, name, status, plan, seats, mrr, 'EUR', owner, country, zone, stripe, renewal, started, churned, attributes, $16::timestamptz, $16::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::text[], $9::text[], $10::text[], $11::text[], $12::date[],
                 $13::timestamptz[], $14::timestamptz[], $15::jsonb[])
       AS t(id, ext, name, status, plan, seats, mrr, owner, country, zone, stripe, renewal, started, churned, attributes)`,
    [
      A((a) => a.id),
      A((a) => a.external_id),
      A((a) => a.name),
      A((a) => (a.churned_at ? 'churned' : 'active')),
      A((a) => a.plan),
      A((a) => a.seats),
      A((a) => Math.round(a.mrr * 100)),
      A((a) => a.owner_id),
      A((a) => a.country),
      A((a) => a.time_zone),
      A((a) => a.stripe_customer_id),
      A((a) => a.renewal_date),
      A((a) => a.started_at),
      A((a) => a.churned_at),
      A((a) => JSON.stringify({ billing: a.billing, pays_by: a.pays_by, demo: true })),
      now,
    ],
  );

  const contacts = company.contacts;
  for (const c of contacts) {
    ContactInput.parse({ external_id: c.external_id, account_id: c.account_id, name: c.name, email: c.email, phone: c.phone, country: c.country, time_zone: c.time_zone, language: c.language, role: c.role });
  }
  const C = <T>(f: (c: (typeof contacts)[number]) => T) => contacts.map(f);
  await tx.query(
    `INSERT INTO contacts (id, external_id, account_id, name, email, phone, country, time_zone, language, role, created_at, updated_at)
     SELECT *, $11::timestamptz, $11::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])`,
    [C((c) => c.id), C((c) => c.external_id), C((c) => c.account_id), C((c) => c.name), C((c) => c.email), C((c) => c.phone), C((c) => c.country), C((c) => c.time_zone), C((c) => c.language), C((c) => c.role), now],
  );

  const consents = company.consents;
  for (const c of consents) ConsentInput.parse({ contact_id: c.contact_id, channel: c.channel, purpose: c.purpose, status: c.status, express_written: c.express_written, recorded_at: c.recorded_at.toISOString(), evidence: c.evidence });
  const K = <T>(f: (c: (typeof consents)[number]) => T) => consents.map(f);
  await tx.query(
    `INSERT INTO consents (id, contact_id, channel, purpose, status, express_written, recorded_at, evidence, created_at)
     SELECT *, $9::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[], $8::text[])`,
    [K(() => newId('cns')), K((c) => c.contact_id), K((c) => c.channel), K((c) => c.purpose), K((c) => c.status), K((c) => c.express_written), K((c) => c.recorded_at), K((c) => c.evidence), now],
  );
}

function conversations(company: DemoCompany): RecordedConversation[] {
  return company.conversations.map((c) => ({
    id: c.id,
    account_id: c.account_id,
    contact_id: c.contact_id,
    channel: 'voice',
    direction: 'outbound',
    handled_by: 'person',
    team_member_id: c.team_member_id,
    topic: c.topic,
    lang: c.lang,
    status: 'completed',
    started_at: c.started_at,
    ended_at: c.ended_at,
    end_reason: 'hangup',
    summary: c.summary,
    source: 'demo',
    turns: c.turns.map((t) => ({ id: t.id, role: t.role, text: t.text, lang: c.lang, at: t.at })),
    reasons: c.reason
      ? [
          {
            captured_at: c.ended_at,
            reason: {
              category: c.reason.category,
              detail: c.reason.detail,
              verbatim: c.reason.verbatim,
              ...(c.reason.competitor ? { competitor: c.reason.competitor } : {}),
              ...(c.reason.feature ? { feature: c.reason.feature } : {}),
              voluntary: c.reason.voluntary,
              sentiment: c.reason.sentiment,
              confidence: 0.9,
              conversation_id: c.id,
              turn_id: c.turns[c.reason.turn]!.id,
              span: c.reason.span,
              source: 'conversation',
            },
          },
        ]
      : [],
  }));
}
