import './zod-messages';
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { agentRoutes } from '../agent/routes';
import { payLinkRoutes } from '../dunning/links/routes';
import { dunningRoutes } from '../dunning/routes';
import { demoRoutes } from '../ingest/demo/routes';
import { importRoutes } from '../ingest/import-routes';
import { ingestRoutes } from '../ingest/routes';
import { scoringRoutes } from '../scoring/routes';
import { alertRoutes } from '../scoring/alerts/routes';
import { escalationRoutes } from '../scoring/escalations/routes';
import { notifyRoutes } from '../insights/notify/routes';
import { teamRoutes } from '../team/routes';
import { telephonyRoutes } from '../telephony/routes';
import { plannerRoutes } from '../agent/planner/routes';
import { modelRoutes } from '../scoring/model/routes';
import { insightsRoutes } from '../insights/routes';
import { insightPages } from '../insights/pages/routes';
import { adminRoutes } from './admin-routes';
import { isAuditable, recordAudit } from './audit';
import type { AppContext } from './context';
import { ErrorBody, errorHandler } from './error-handler';
import { TenureError } from './errors';
import { healthRoutes } from './health';
import type { Principal } from './keys';
import { allows, rolesFor } from './roles';

declare module 'fastify' {
  interface FastifyInstance {
    tenure: AppContext;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** false: no "incoming request" / "request completed" lines for this route (its calls are recorded elsewhere) */
    requestLog?: boolean;
  }
}

export type App = FastifyInstance;

// How /docs groups the routes: by the first segment after /v1.
const TAGS: Record<string, string> = {
  whoami: 'access', keys: 'access', migrations: 'access', 'audit-log': 'access',
  'team-members': 'team', tasks: 'team',
  accounts: 'data in', contacts: 'data in', consents: 'data in', events: 'data in', imports: 'data in', demo: 'data in',
  scoring: 'scoring', scores: 'scoring', model: 'scoring',
  conversations: 'conversations', approvals: 'conversations',
  plays: 'outreach', outreach: 'outreach', policy: 'outreach', campaigns: 'outreach',
  insights: 'insights',
};

// Capability plugins, in the order they register. Later issues append theirs here.
// dunningRoutes adds /webhooks/stripe: not under /v1, so no API key; Stripe's signature authenticates it.
const PLUGINS = [healthRoutes, adminRoutes, teamRoutes, ingestRoutes, importRoutes, demoRoutes, dunningRoutes, scoringRoutes, agentRoutes, alertRoutes, escalationRoutes, notifyRoutes, telephonyRoutes, plannerRoutes, modelRoutes, payLinkRoutes, insightsRoutes, insightPages];

export async function buildApp(ctx: AppContext, logger: FastifyBaseLogger | false = false): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].length <= 100 ? req.headers['x-request-id'] : randomUUID()),
    bodyLimit: 10 * 1024 * 1024,
    logController: new LogController({ disableRequestLogging: (req) => (req as FastifyRequest).routeOptions?.config?.requestLog === false }),
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate('tenure', ctx);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => errorHandler(new TenureError('not_found', `No route ${req.method} ${req.url}`) as never, req, reply));

  await app.register(swagger, {
    openapi: {
      info: { title: 'Tenure API', version: '0.1.0', description: 'Outbound conversational retention agent. Authenticate with `Authorization: Bearer <key>`.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const v1 = v1Hooks(ctx);
  app.addHook('onRoute', (route) => {
    const tag = TAGS[route.url.split('/')[2] ?? ''];
    if (tag && !route.schema?.hide) route.schema = { ...route.schema, tags: [tag] };
    if (!route.url.startsWith('/v1/')) return;
    // the key check runs first, before any hook a plugin added to its own route
    route.onRequest = [v1.authenticate, ...[route.onRequest ?? []].flat()];
    route.onResponse = [...[route.onResponse ?? []].flat(), v1.afterResponse];
    const methods = [route.method].flat().filter((m) => m !== 'HEAD');
    for (const m of methods) {
      const roles = rolesFor(m, route.url);
      if (!roles) throw new Error(`${m} ${route.url} is missing from ROUTE_ROLES in server/roles.ts`);
      route.schema = {
        ...route.schema,
        security: [{ apiKey: [] }],
        description: `${route.schema?.description ?? ''}\n\nRoles: admin${roles.length ? ', ' + roles.join(', ') : ' only'}.`.trim(),
        response: { ...(route.schema?.response as object), '4XX': ErrorBody, '5XX': ErrorBody },
      };
    }
  });

  // Every route: the request id and the starting/stopping answer. A callback hook, not an async one:
  // it runs on every request, the webhook intake's included, and must cost next to nothing.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    if ((ctx.stopping || !ctx.ready) && req.routeOptions.url !== '/healthz') {
      done(ctx.stopping ? new TenureError('stopping', 'Tenure is stopping; try again once it has restarted') : new TenureError('starting', 'Tenure is starting; try again in a few seconds'));
      return;
    }
    done();
  });

  // While stopping, answer and hang up: a kept-alive connection would hold the close until it timed out.
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (ctx.stopping) reply.header('connection', 'close');
    done(null, payload);
  });

  for (const plugin of PLUGINS) await app.register(plugin);
  return app;
}

/** The API key check, the key's last use and the audit fallback: hooks of the /v1 routes only (see onRoute). */
function v1Hooks(ctx: AppContext) {
  const authenticate = async (req: FastifyRequest) => {
    const url = req.routeOptions.url ?? '';
    const roles = rolesFor(req.method === 'HEAD' ? 'GET' : req.method, url) ?? [];
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new TenureError('unauthorized', 'Send an API key: Authorization: Bearer <key> (tenure keys create)');
    const principal = await ctx.keys.authenticate(ctx.db, m[1]!);
    if (!principal) throw new TenureError('unauthorized', 'This API key is unknown or revoked');
    if (!allows(principal.role, roles)) {
      throw new TenureError('forbidden', `${req.method} ${url} needs the role ${['admin', ...roles].join(' or ')}; this key has ${principal.role}`);
    }
    req.principal = principal;
  };
  const afterResponse = async (req: FastifyRequest, reply: FastifyReply) => {
    // a key's last use is recorded only for requests that succeeded: a refused request changes nothing
    if (req.principal && reply.statusCode < 400) await ctx.keys.touch(ctx.db, ctx.clock, req.principal);
    if (reply.statusCode < 300 && isAuditable(req) && !req.audited) {
      req.log.warn('mutating route did not record its audit row in its transaction; recording it now');
      await recordAudit(req, ctx.db, ctx.clock, null, reply.statusCode);
    }
  };
  return { authenticate, afterResponse };
}
