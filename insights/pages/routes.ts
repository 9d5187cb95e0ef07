import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTransaction } from '../../db/transaction';
import { OverrideInput, overrideRisk } from '../../scoring/escalations';
import { recordAudit } from '../../server/audit';
import type { Principal } from '../../server/keys';
import { allows, rolesFor } from '../../server/roles';
import { ReasonFilter } from '../filters';
import { freshFor } from '../refresh';
import { accountPage } from './account';
import { conversationPage, conversationsPage } from './conversations';
import { homeOf, html, layout, type Html } from './html';
import { accountsPage, overviewPage } from './overview';
import { paymentsPage, PaymentsQuery } from './payments';
import { reasonRowsPage, reasonsPage } from './reasons';
import { createSession, endSession, LOGIN_CSRF_COOKIE, newToken, readSession, sameToken, SESSION_COOKIE, setCookie, cookies, type Session } from './session';

// The dashboard: server-rendered pages behind a login with an API key (insights/pages/session.ts).
// A page checks the session's role against ROUTE_ROLES (server/roles.ts); no session, or an expired
// or revoked one, gets the login page; a form without the session's CSRF token is refused.

declare module 'fastify' {
  interface FastifyRequest {
    session?: Session;
  }
}

const CSS = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets', 'insights.css'));
const hidden = { schema: { hide: true } } as const;

/** Where to go after logging in: a path of this site only (never //elsewhere). */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : null);

export const insightPages: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.tenure;
  const base = ctx.config.publicBaseUrl;

  // forms post application/x-www-form-urlencoded (this plugin's own parser: encapsulated)
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const send = (reply: FastifyReply, page: string, status = 200) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header('content-security-policy', "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
      .send(page);

  const loginPage = (reply: FastifyReply, req: FastifyRequest, o: { next?: string | null; error?: string; status?: number }) => {
    const token = newToken();
    setCookie(reply, req, base, LOGIN_CSRF_COOKIE, token, 3600);
    const body = html`<section class="login">
      ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ''}
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value="${token}">
        ${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : ''}
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" required placeholder="tnr_…">
        <p><button type="submit">Log in</button></p>
        <p class="muted">Make a key with <code>tenure keys create --role csm --name you</code>.</p>
      </form></section>`;
    return send(reply, layout({ title: 'Log in', clock: ctx.clock, body }), o.status ?? 200);
  };

  /** Runs a page for a session whose role may open it; otherwise the login page or a refusal. */
  const guard = async (req: FastifyRequest, reply: FastifyReply, method: 'GET' | 'POST', sameAs?: string) => {
    const s = await readSession(ctx.db, ctx.clock, req);
    if (!s) {
      if (method === 'GET') {
        loginPage(reply, req, { next: req.url, status: 401 });
        return null;
      }
      send(reply, layout({ title: 'Session ended', clock: ctx.clock, body: html`<p>Your session has ended. <a href="/login">Log in</a> again.</p>` }), 401);
      return null;
    }
    const roles = rolesFor(method, sameAs ?? req.routeOptions.url ?? '') ?? [];
    if (!allows(s.principal.role, roles)) {
      send(reply, layout({ title: 'Not for this role', principal: s.principal, csrf: s.csrf, clock: ctx.clock, body: html`<p>This page is for the roles admin, ${roles.join(', ')}; you are logged in as ${s.principal.role}. <a href="${homeOf(s.principal)}">Your start page</a>.</p>` }), 403);
      return null;
    }
    if (method === 'POST' && !sameToken((req.body as Record<string, string> | undefined)?._csrf, s.csrf)) {
      send(reply, layout({ title: 'Form expired', principal: s.principal, csrf: s.csrf, clock: ctx.clock, body: html`<p class="error">This form was not sent from Tenure's page (CSRF token missing or wrong). Reload the page and try again.</p>` }), 403);
      return null;
    }
    req.principal = s.principal;
    req.session = s;
    return s;
  };

  const page = (title: string, active: string, render: (p: Principal, req: FastifyRequest) => Promise<Html>) => async (req: FastifyRequest, reply: FastifyReply) => {
    const s = await guard(req, reply, 'GET');
    if (!s) return reply;
    await freshFor(ctx);
    const body = await render(s.principal, req);
    return send(reply, layout({ title, active, principal: s.principal, csrf: s.csrf, clock: ctx.clock, body }));
  };

  app.get('/assets/insights.css', hidden, (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(CSS));

  app.get('/login', { schema: { hide: true, querystring: z.object({ next: z.string().max(2000).optional() }) } }, async (req, reply) => {
    const s = await readSession(ctx.db, ctx.clock, req);
    if (s) return reply.redirect(safeNext(req.query.next) ?? homeOf(s.principal), 303);
    return loginPage(reply, req, { next: safeNext(req.query.next) });
  });

  app.post('/login', { schema: { hide: true, body: z.object({ key: z.string().max(500).default(''), _csrf: z.string().max(200).default(''), next: z.string().max(2000).optional() }) } }, async (req, reply) => {
    const next = safeNext(req.body.next);
    if (!sameToken(req.body._csrf, cookies(req)[LOGIN_CSRF_COOKIE])) return loginPage(reply, req, { next, error: 'The login form expired; try again.', status: 403 });
    const principal = req.body.key ? await ctx.keys.authenticate(ctx.db, req.body.key.trim()) : null;
    if (!principal) return loginPage(reply, req, { next, error: 'This API key is unknown or revoked.', status: 401 });
    const { token, maxAge } = await createSession(ctx.db, ctx.clock, principal);
    setCookie(reply, req, base, SESSION_COOKIE, token, maxAge);
    setCookie(reply, req, base, LOGIN_CSRF_COOKIE, '', 0);
    return reply.redirect(next ?? homeOf(principal), 303);
  });

  app.post('/logout', hidden, async (req, reply) => {
    const s = await readSession(ctx.db, ctx.clock, req);
    if (s && !sameToken((req.body as Record<string, string> | undefined)?._csrf, s.csrf)) {
      return send(reply, layout({ title: 'Form expired', principal: s.principal, csrf: s.csrf, clock: ctx.clock, body: html`<p class="error">This form was not sent from Tenure's page (CSRF token missing or wrong); you are still logged in.</p>` }), 403);
    }
    if (s) await endSession(ctx.db, req);
    setCookie(reply, req, base, SESSION_COOKIE, '', 0);
    return reply.redirect('/login', 303);
  });

  const Id = z.object({ id: z.string().min(1).max(100) });

  app.get('/', hidden, page('Overview', '/', () => overviewPage(ctx)));
  app.get('/accounts', { schema: { hide: true, querystring: z.object({ zone: z.string().max(40).optional(), cursor: z.string().max(500).optional() }) } }, page('Accounts', '/', (_p, req) => accountsPage(ctx, req.query as { zone?: string; cursor?: string })));
  app.get('/accounts/:id', { schema: { hide: true, params: Id } }, page('Account', '/', (p, req) => accountPage(ctx, p, (req.params as { id: string }).id, req.session!.csrf)));
  app.get('/reasons', { schema: { hide: true, querystring: ReasonFilter } }, page('Why customers leave', '/reasons', (p, req) => reasonsPage(ctx, p, req.query as ReasonFilter)));
  app.get('/reasons/rows', { schema: { hide: true, querystring: ReasonFilter.extend({ cursor: z.string().max(500).optional() }) } }, page('The reasons behind a figure', '/reasons', (p, req) => reasonRowsPage(ctx, p, req.query as ReasonFilter & { cursor?: string })));
  app.get('/payments', { schema: { hide: true, querystring: PaymentsQuery } }, page('Failed payments and recovery', '/payments', (p, req) => paymentsPage(ctx, p, req.query as PaymentsQuery)));
  app.get('/conversations', { schema: { hide: true, querystring: z.object({ status: z.enum(['open', 'completed', 'failed']).optional(), account: z.string().max(100).optional(), cursor: z.string().max(500).optional() }) } }, page('Conversations', '/conversations', (_p, req) => conversationsPage(ctx, req.query as { status?: 'open' | 'completed' | 'failed'; account?: string; cursor?: string })));
  app.get('/conversations/:id', { schema: { hide: true, params: Id } }, page('Conversation', '/conversations', (p, req) => conversationPage(ctx, p, (req.params as { id: string }).id)));

  app.post('/accounts/:id/override', { schema: { hide: true, params: Id } }, async (req, reply) => {
    // the same rule as the API's override
    const s = await guard(req, reply, 'POST', '/v1/escalations/:id/override');
    if (!s) return reply;
    const form = req.body as Record<string, string>;
    const input = OverrideInput.safeParse({ reason_code: form.reason_code, note: form.note ?? '', ...(form.days ? { expires_in_days: Number(form.days) } : {}) });
    const target = `/accounts/${encodeURIComponent(req.params.id)}`;
    if (!input.success) return reply.redirect(`${target}?override_error=${encodeURIComponent(input.error.issues.map((i) => i.message).join('; '))}`, 303);
    await withTransaction(ctx.db, async (tx) => {
      await overrideRisk(tx, ctx.clock, form.escalation_id ?? '', input.data, { actor: s.principal.actor, memberId: s.principal.teamMemberId });
      await recordAudit(req, tx, ctx.clock, form.escalation_id ?? null);
    });
    return reply.redirect(target, 303);
  });
};
