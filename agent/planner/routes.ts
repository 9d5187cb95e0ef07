import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../../db/transaction';
import { recordAudit } from '../../server/audit';
import { TenureError } from '../../server/errors';
import { decodeCursor, ListQuery, listOf, page } from '../../server/pagination';
import { E164, Id, Timestamp } from '../../ingest/scalars';
import { Play } from '../contracts/common';
import { PolicyChannel, PolicyReason, Purpose } from '../policy/contract';
import { evaluate, policySettings } from '../policy/evaluate';
import { approveCampaign, Campaign, CampaignInput, getCampaign, planCampaign } from './campaigns';
import { listOutreach, OutreachItem } from './read';
import { requestPlay } from './service';

// The planner's routes: a play on demand, an account's outreach, campaigns (dry run, approval) and
// the policy's answer for a contact or a number.

async function accountByExternalId(db: Queryable, externalId: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM accounts WHERE external_id = $1', [externalId]);
  if (!rows[0]) throw new TenureError('not_found', `No account ${externalId}`);
  return rows[0].id;
}

export const plannerRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  const settings = () => policySettings(ctx.config);

  app.post('/v1/plays', {
    schema: {
      summary: 'Ask for a play with an account now',
      description:
        'The planner checks the policy for the account\'s contact: `scheduled` at the first allowed time (now, or `scheduled_for` later), or `blocked` with the `reasons`. ' +
        'The account by Tenure\'s id or yours (`account_external_id`). A play already scheduled for the account is not scheduled twice (`already_scheduled`). `payment_recovery` needs an open dunning case (409 otherwise).',
      body: z
        .strictObject({ account_id: Id.optional(), account_external_id: Id.optional(), play: Play, channel: PolicyChannel.optional() })
        .refine((b) => (b.account_id === undefined) !== (b.account_external_id === undefined), { path: ['account_id'], message: 'give exactly one of account_id or account_external_id' }),
      response: { 201: z.object({ outreach_id: z.string().nullable(), decision_id: z.string(), status: z.enum(['scheduled', 'blocked']), scheduled_for: z.string().nullable(), reasons: z.array(z.string()) }) },
    },
  }, async (req, reply) => {
    const accountId = req.body.account_id ?? (await accountByExternalId(ctx.db, req.body.account_external_id!));
    const answer = await requestPlay(ctx.db, ctx.clock, settings(), { accountId, play: req.body.play, channel: req.body.channel });
    await recordAudit(req, ctx.db, ctx.clock, answer.outreach_id ?? answer.decision_id, 201);
    return reply.status(201).send(answer);
  });

  app.get('/v1/outreach', {
    schema: {
      summary: "An account's outreach, newest first",
      description: 'Scheduled, sent and blocked outreach, each with its reasons, the decision that made it (`decision_id`), its trigger and why.',
      querystring: ListQuery.extend({ account_id: Id }),
      response: { 200: listOf(OutreachItem) },
    },
  }, async (req) => {
    const { limit, cursor, account_id } = req.query;
    const rows = await listOutreach(ctx.db, { accountId: account_id, limit: limit + 1, after: decodeCursor(cursor, z.tuple([z.string(), z.string()])) });
    return page(rows, limit, (r) => [r.created_at.toISOString(), r.id]);
  });

  app.post('/v1/policy/evaluate', {
    schema: {
      summary: 'May Tenure contact this contact or number, and when next?',
      description:
        'The outreach policy (CONTRACTS.md section 6) for a known contact (`contact_id`) or a phone number. A number Tenure knows is read as its contact; ' +
        'for an unknown one, consent is assumed for `transactional` and `service` (never `marketing`) and `reasons` says `consent_assumed`.',
      body: z
        .strictObject({ contact_id: Id.optional(), phone: E164.optional(), channel: PolicyChannel, purpose: Purpose.default('service'), play: Play.optional(), at: Timestamp.optional() })
        .refine((b) => (b.contact_id === undefined) !== (b.phone === undefined), { path: ['contact_id'], message: 'give exactly one of contact_id or phone' }),
      // the contract's schema normalises times on input; the answer is already normalised
      response: { 200: z.object({ allowed: z.boolean(), reasons: z.array(PolicyReason), next_allowed_at: z.string().nullable() }) },
    },
  }, async (req) => {
    const b = req.body;
    const answer = await evaluate(ctx.db, { contactId: b.contact_id, phone: b.phone, channel: b.channel, purpose: b.purpose, at: b.at ?? ctx.clock.now().toISOString() }, { play: b.play, settings: settings() });
    // who looked up whom: a policy answer reveals a contact's consent and history
    await recordAudit(req, ctx.db, ctx.clock, b.contact_id ?? b.phone ?? null);
    return answer;
  });

  app.post('/v1/campaigns', {
    schema: {
      summary: 'Plan a campaign: a dry run of one play over a segment',
      description:
        'Each account of the segment (score `zone`, `status`, `plan`, or `account_ids`) gets a decision: `scheduled` (when), `blocked` (by which rule) or `no_play`. ' +
        'Nothing is scheduled until the campaign is approved, unless its play is in TENURE_CAMPAIGN_AUTO_APPROVE.',
      body: CampaignInput,
      response: { 201: Campaign },
    },
  }, async (req, reply) => {
    const auto = ctx.config.TENURE_CAMPAIGN_AUTO_APPROVE.split(',').map((s) => s.trim()).filter(Boolean);
    const c = await planCampaign(ctx.db, ctx.clock, settings(), req.body, req.principal!.actor, auto);
    await recordAudit(req, ctx.db, ctx.clock, c.id, 201);
    return reply.status(201).send(c);
  });

  app.get('/v1/campaigns/:id', {
    schema: { summary: "A campaign and each account's decision (its dry run)", params: z.object({ id: Id }), response: { 200: Campaign } },
  }, async (req) => getCampaign(ctx.db, req.params.id));

  app.post('/v1/campaigns/:id/approve', {
    schema: {
      summary: 'Approve a campaign: schedule exactly the accounts its dry run allowed',
      description: 'A planned time already past is checked against the policy again. Approving twice is 409.',
      params: z.object({ id: Id }),
      response: { 200: Campaign },
    },
  }, async (req) => {
    const c = await approveCampaign(ctx.db, ctx.clock, settings(), req.params.id, req.principal!.actor);
    await recordAudit(req, ctx.db, ctx.clock, c.id);
    return c;
  });
};
