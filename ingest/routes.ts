import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../db/clock';
import { withTransaction, type Tx } from '../db/transaction';
import { recordAudit } from '../server/audit';
import { TenureError } from '../server/errors';
import { ListQuery, listOf } from '../server/pagination';
import { Account, AccountInput, AccountStatus, getAccount, upsertAccount } from './accounts';
import { Consent, ConsentInput, recordConsent } from './consents';
import { Contact, ContactInput, upsertContact } from './contacts';
import type { FieldError } from './events/field-errors';
import { ingestEvents } from './events/store';
import { AccountSort, accountDetail, listAccounts, timeline } from './queries';
import type { Result } from './result';
import type { UpsertOutcome } from './upsert';

type Upsert = { id: string; outcome: UpsertOutcome };

const Upserted = z.object({ id: z.string(), outcome: z.enum(['created', 'updated', 'unchanged']) });
const StoredEvent = z.object({
  id: z.string(),
  kind: z.string(),
  account_id: z.string(),
  contact_id: z.string().nullable(),
  occurred_at: z.date(),
  received_at: z.date(),
  source: z.string(),
  dedupe_key: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
const IdParam = z.object({ id: z.string().min(1).max(200) });

const invalid = (errors: FieldError[]) =>
  new TenureError('invalid_request', errors.map((e) => `body.${e.field}: ${e.message}`).join('; '), errors.map((e) => ({ field: `body.${e.field}`, message: e.message })));

export const ingestRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;

  // Routes take Tenure's id; someone passing their own id is told which one to use.
  const accountNotFound = async (id: string) => {
    const byExternal = await ctx.db.query<{ id: string }>('SELECT id FROM accounts WHERE external_id = $1', [id]);
    const hint = byExternal.rows[0] ? `: ${id} is your external id; Tenure's id for that account is ${byExternal.rows[0].id}` : '';
    return new TenureError('not_found', `Account ${id} does not exist${hint}`);
  };

  // One upsert route per record type, the same shape each time: 201 created, 200 updated or unchanged.
  const upsertRoute = <S extends z.ZodType>(url: string, summary: string, body: S, run: (tx: Tx, clock: Clock, input: z.infer<S>) => Promise<Result<Upsert>>) =>
    app.post(url, { schema: { summary, body, response: { 200: Upserted, 201: Upserted } } }, async (req, reply) => {
      const result = await withTransaction(ctx.db, async (tx) => {
        const r = await run(tx, ctx.clock, req.body as z.infer<S>);
        if (r.ok) await recordAudit(req, tx, ctx.clock, r.value.id, r.value.outcome === 'created' ? 201 : 200);
        return r;
      });
      if (!result.ok) throw invalid(result.errors);
      return reply.status(result.value.outcome === 'created' ? 201 : 200).send(result.value);
    });

  upsertRoute('/v1/accounts', 'Create or update an account by its external id', AccountInput, upsertAccount);
  upsertRoute('/v1/contacts', 'Create or update a contact by its external id', ContactInput, upsertContact);
  upsertRoute('/v1/consents', 'Record a consent statement (granted or revoked)', ConsentInput, recordConsent);

  app.post('/v1/events', {
    schema: {
      summary: 'Ingest a batch of events (1 to 5,000)',
      description:
        'Each item is accepted or rejected on its own; the answer is 200 whenever the envelope is valid. Items name their account by `account_id` (Tenure\'s) or `account_external_id` (yours). ' +
        'Without `dedupe_key`, one is derived from kind, account, occurred_at and payload. An identical re-delivery is counted in `already_present`; the same dedupe key with other content is rejected.',
      body: z.object({ events: z.array(z.unknown()).min(1).max(5000) }),
      response: {
        200: z.object({
          accepted: z.number(),
          already_present: z.number(),
          rejected: z.array(z.object({ index: z.number(), field: z.string(), message: z.string() })),
        }),
      },
    },
  }, async (req) =>
    withTransaction(ctx.db, async (tx) => {
      const r = await ingestEvents(tx, ctx.clock, req.body.events, 'api');
      await recordAudit(req, tx, ctx.clock, `events:${r.accepted}`);
      return r;
    }),
  );

  app.get('/v1/accounts', {
    schema: {
      summary: 'List accounts',
      querystring: ListQuery.extend({
        status: AccountStatus.optional(),
        owner: z.string().optional().describe('team member id'),
        plan: z.string().optional(),
        zone: z.string().optional().describe('health zone of the current score, e.g. red'),
        sort: AccountSort.default('created_at').describe('a column, or -column for descending'),
      }).strict(), // an unknown filter is an error, not silently ignored
      response: { 200: listOf(Account) },
    },
  }, async (req) => listAccounts(ctx.db, req.query));

  app.get('/v1/accounts/:id', {
    schema: {
      summary: 'One account with its contacts, current consents and latest events',
      params: IdParam,
      response: {
        200: Account.extend({
          contacts: z.array(Contact),
          consents: z.array(Consent),
          latest_events: z.array(StoredEvent),
        }),
      },
    },
  }, async (req) => {
    const account = await getAccount(ctx.db, req.params.id);
    if (!account) throw await accountNotFound(req.params.id);
    return accountDetail(ctx.db, account);
  });

  app.get('/v1/accounts/:id/timeline', {
    schema: {
      summary: "The account's running history, newest first",
      params: IdParam,
      querystring: ListQuery,
      response: { 200: listOf(StoredEvent.extend({ type: z.literal('event') })) },
    },
  }, async (req) => {
    if (!(await getAccount(ctx.db, req.params.id))) throw await accountNotFound(req.params.id);
    return timeline(ctx.db, req.params.id, req.query.limit, req.query.cursor);
  });
};
