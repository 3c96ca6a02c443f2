import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerOpsRoutes } from '../health/index.ts';
import { callerRequestIdOf, serializeRequest, withCorrelationId } from '../logging/index.ts';
import { PlayerStore } from '../music/index.ts';
import type { AppContext } from '../runtime/index.ts';
import { BotApiKeys } from './bot/bot-api-keys.ts';
import { botRoutes } from './bot/bot-routes.ts';
import { QueueSnapshotService } from './bot/queue-snapshot-service.ts';
import { registerDashboard } from './dashboard.ts';
import { registerErrorHandling } from './errors.ts';
import { type ControlPanelDependencies, controlPanel } from './panel.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { defaultRateLimits, type RateLimitTiers, registerSecurity } from './plugins/security.ts';
import { refuseControlCharactersInQuery } from './query-guard.ts';

/**
 * What the server needs. Without `config`, `database` and `bus` it serves only the ops routes
 * (and whatever the caller adds): the control panel needs all three, and the job queue as soon
 * as it serves any `capabilities` (none by default: the panel's own routes only). `roles`
 * (this process's, for the bot API's health) defaults to `['api']`.
 */
export type ApiServerContext = Pick<AppContext, 'logger' | 'health' | 'metrics'> &
  Partial<Pick<AppContext, 'config' | 'database' | 'bus' | 'jobs' | 'capabilities' | 'roles' | 'sandbox'>>;

export interface ApiServerOptions {
  /** Rate-limit tiers; the defaults suit production (tests tighten them). */
  rateLimits?: Partial<RateLimitTiers>;
}

/**
 * The api role's HTTP server. A request's id is always generated here; it is its correlation
 * id: on every log line, handed on with bus messages and jobs, and sent back in `X-Request-Id`.
 * A caller's own `X-Request-Id` is kept apart, as `request.callerRequestId` (and logged as
 * `callerRequestId` on the request's first line). Query strings of `/api/auth/*` URLs are never
 * logged (the OAuth callback's code and state).
 *
 * Plugins load in order: security (helmet, rate limits) and cookies, the OpenAPI generator,
 * then the control panel (session hooks, services, routes) and the bot API (key auth).
 */
export function buildApiServer(context: ApiServerContext, options: ApiServerOptions = {}): FastifyInstance {
  // Behind a reverse proxy the client's address (rate limits, logs) is in X-Forwarded-For.
  const trustProxy = (context.config?.TRUST_PROXY ?? false) as FastifyServerOptions['trustProxy'];
  const app = Fastify({
    // The child carries the request serializer: the caller's logger stays as it was.
    loggerInstance: context.logger.child({}, { serializers: { req: serializeRequest } }) as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: 1_048_576,
    trustProxy,
  });
  app.decorateRequest('callerRequestId', undefined);
  // Runs the rest of the request inside the correlation context (the way
  // @fastify/request-context does: the chain continues from inside `run`).
  app.addHook('onRequest', (request, reply, done) => {
    request.callerRequestId = callerRequestIdOf(request.headers);
    reply.header('x-request-id', request.id);
    withCorrelationId(String(request.id), done);
  });
  app.addHook('preValidation', async (request) => refuseControlCharactersInQuery(request));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const { config, database, bus } = context;
  const panel =
    config && database && bus
      ? { ...context, config, database, bus, capabilities: context.capabilities ?? [] }
      : undefined;
  const tiers = { ...defaultRateLimits, ...options.rateLimits };
  registerSecurity(app, {
    tiers,
    redisUrl: context.config?.REDIS_URL,
    keyPrefix: context.config?.REDIS_KEY_PREFIX,
    https: context.config?.PUBLIC_URL?.startsWith('https:') ?? false,
  });
  app.register(cookie);
  // After helmet, so the pages get its headers. The dashboard comes with the panel: a server
  // with only the ops routes serves no pages.
  registerErrorHandling(app, { dashboardPage: panel ? registerDashboard(app) : undefined });
  registerOpsRoutes(app, context);
  if (panel && config && database) {
    registerOpenApi(app);
    const dependencies: ControlPanelDependencies = panel;
    app.register(controlPanel, { dependencies, tiers });
    // Outside the panel's plugin: API-key callers have no session to look up.
    app.register(botRoutes, {
      keys: new BotApiKeys(config.BOT_API_KEYS),
      queues: new QueueSnapshotService(new PlayerStore(database.db)),
      health: context.health,
      roles: context.roles ?? ['api'],
      instanceId: config.INSTANCE_ID,
      lenientRateLimit: tiers.lenient,
    });
  }
  return app;
}
