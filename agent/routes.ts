import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../server/audit';
import { decodeCursor, ListQuery, listOf, page } from '../server/pagination';
import { withTransaction } from '../db/transaction';
import { ApprovalRow, Decision } from './graph/approval';
import { ConversationDetail, ConversationItem, ConversationStatus, getConversation, listConversations } from './conversations/read';
import { agentFor } from './runtime';
import { newId } from '../db/ids';
import { TenureError } from '../server/errors';
import { Lang, Play } from './contracts/common';
import { Id } from '../ingest/scalars';
import { CloseReason } from './contracts/conversation-port';

// The agent's routes: conversations to read, and the decision on an offer above the limits.

export const agentRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;

  app.get('/v1/conversations', {
    schema: {
      summary: 'List conversations, newest first',
      description: 'Each with its status, play, channel, start, churn reason (`category`, `verbatim`, … or null), NPS (0–10 or null) and outcome.',
      querystring: ListQuery.extend({ account_id: z.string().optional(), status: ConversationStatus.optional() }),
      response: { 200: listOf(ConversationItem) },
    },
  }, async (req) => {
    const { limit, cursor, account_id, status } = req.query;
    const rows = await listConversations(ctx.db, { accountId: account_id, status, limit: limit + 1, after: decodeCursor(cursor, z.tuple([z.string(), z.string()])) });
    return page(rows, limit, (r) => [r.started_at.toISOString(), r.id]);
  });

  app.get('/v1/conversations/:id', {
    schema: { summary: 'One conversation: turns, tool calls, churn reason and prompt version', params: z.object({ id: z.string().min(1) }), response: { 200: ConversationDetail } },
  }, async (req) => getConversation(ctx.db, req.params.id));

  // ---- the text harness (tenure talk): the ConversationPort over HTTP, channel "text"

  app.post('/v1/conversations', {
    schema: {
      summary: 'Start a text conversation with an account\'s contact',
      description:
        'The account by Tenure\'s id or yours (`account_external_id`); the contact defaults to the account\'s main contact, the language to the contact\'s. ' +
        'Give `id` to choose the conversation\'s id (opening it again answers the same line). Answers the opening line.',
      body: z
        .strictObject({ id: Id.optional(), account_id: z.string().min(1).optional(), account_external_id: z.string().min(1).optional(), contact_id: z.string().min(1).optional(), play: Play, lang: Lang.optional() })
        .refine((b) => (b.account_id === undefined) !== (b.account_external_id === undefined), { path: ['account_id'], message: 'give exactly one of account_id or account_external_id' }),
      response: { 201: z.object({ id: z.string(), opening_line: z.string(), lang: z.string() }) },
    },
  }, async (req, reply) => {
    const b = req.body;
    const { rows } = await ctx.db.query<{ id: string; language: string }>(
      `SELECT c.id, c.language FROM contacts c JOIN accounts a ON a.id = c.account_id
       WHERE (a.id = $1 OR a.external_id = $2) AND ($3::text IS NULL OR c.id = $3) ORDER BY (c.role = 'main') DESC, c.id LIMIT 1`,
      [b.account_id ?? null, b.account_external_id ?? null, b.contact_id ?? null],
    );
    const contact = rows[0];
    if (!contact) throw new TenureError('not_found', `Account ${b.account_id ?? b.account_external_id} has no contact${b.contact_id ? ` ${b.contact_id}` : ''}`);
    const agent = await agentFor(ctx.config, ctx.db, ctx.clock);
    const id = b.id ?? newId('conv');
    const lang = b.lang ?? contact.language;
    const { openingLine } = await agent.open({ conversationId: id, channel: 'text', contactId: contact.id, play: b.play, lang });
    await recordAudit(req, ctx.db, ctx.clock, id, 201);
    return reply.status(201).send({ id, opening_line: openingLine, lang });
  });

  app.post('/v1/conversations/:id/turns', {
    schema: {
      summary: 'Say something as the customer; answers what the agent said',
      description: 'Idempotent on `event_id`: the same turn sent twice is stored and answered once (the second answer is empty).',
      params: z.object({ id: z.string().min(1) }),
      body: z.strictObject({ text: z.string().min(1).max(5000), event_id: z.string().min(1).max(200).optional() }),
      response: { 200: z.object({ said: z.string(), lang: z.string().nullable(), ended: z.object({ reason: z.string() }).nullable() }) },
    },
  }, async (req) => {
    const agent = await agentFor(ctx.config, ctx.db, ctx.clock);
    let said = '';
    let lang: string | null = null;
    let ended: { reason: string } | null = null;
    const at = ctx.clock.now().toISOString();
    for await (const e of agent.customerTurn({ conversationId: req.params.id, eventId: req.body.event_id ?? newId('evt'), text: req.body.text, at }, AbortSignal.timeout(120_000))) {
      if (e.type === 'token') said += e.text;
      else if (e.type === 'language') lang = e.lang;
      else if (e.type === 'end') ended = { reason: e.reason };
    }
    await recordAudit(req, ctx.db, ctx.clock, req.params.id);
    return { said, lang, ended };
  });

  app.post('/v1/conversations/:id/close', {
    schema: {
      summary: 'The customer left: wrap the conversation up',
      params: z.object({ id: z.string().min(1) }),
      body: z.strictObject({ reason: CloseReason.default('hangup') }),
      response: { 200: ConversationDetail },
    },
  }, async (req) => {
    const agent = await agentFor(ctx.config, ctx.db, ctx.clock);
    await agent.channelClosed({ conversationId: req.params.id, reason: req.body.reason, at: ctx.clock.now().toISOString() });
    await recordAudit(req, ctx.db, ctx.clock, req.params.id);
    return getConversation(ctx.db, req.params.id);
  });

  app.post('/v1/approvals/:id', {
    schema: {
      summary: 'Approve or reject an offer above the agent\'s limits',
      description: 'Resumes the approval\'s waiting thread with the decision. Deciding twice is 409.',
      params: z.object({ id: z.string().min(1) }),
      body: z.strictObject({ decision: Decision }),
      response: { 200: ApprovalRow },
    },
  }, async (req) => {
    const agent = await agentFor(ctx.config, ctx.db, ctx.clock);
    const row = await agent.decideApproval(req.params.id, req.body.decision, req.principal!.actor);
    await withTransaction(ctx.db, (tx) => recordAudit(req, tx, ctx.clock, row.id));
    return row;
  });
};
