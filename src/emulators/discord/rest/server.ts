import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { InteractionNotAnswered } from '../domain/interactions.ts';
import { OAuthError } from '../domain/oauth.ts';
import { VoiceJoinRefused } from '../domain/voice.ts';
import { ApiErrors, DiscordApiError, EmulatorUsageError } from '../errors.ts';
import { parseDiscordJson } from '../json-text.ts';
import type { RestContext } from './context.ts';
import { registerApplicationRoutes } from './routes/applications.ts';
import { registerChannelRoutes } from './routes/channels.ts';
import { registerGuildRoutes } from './routes/guilds.ts';
import { registerInteractionRoutes } from './routes/interactions.ts';
import { registerMemberRoutes } from './routes/members.ts';
import { registerMessageRoutes } from './routes/messages.ts';
import { registerOAuthRoutes } from './routes/oauth.ts';
import { registerUserRoutes } from './routes/users.ts';
import { zodToDiscord } from './zod-errors.ts';

export const API_PREFIX = '/api/v10';

/**
 * Builds the HTTP side: Discord's REST v10 under /api/v10, OAuth2, attachments. Cross-cutting work
 * happens in hooks: authentication (route config `auth`), switched-on 429s, rate-limit headers on every
 * response, and the request log.
 */
export async function buildHttpApp(
  ctx: RestContext,
  extra: (app: FastifyInstance) => Promise<void>,
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    forceCloseConnections: true,
    bodyLimit: ctx.world.limits.maxUploadBytes + 1_048_576,
    // Interaction tokens in paths are a couple of hundred characters long.
    routerOptions: { maxParamLength: 1_000 },
    // discord.js encodes `@me` in some routes (`/users/%40me`); Discord treats both alike.
    rewriteUrl: (request) => (request.url ?? '/').replace(/%40(me|original)\b/gi, '@$1'),
  });
  app.decorateRequest('discordApp', null);
  app.decorateRequest('discordBearer', null);
  registerParsers(app);
  await app.register(multipart, {
    limits: { fileSize: ctx.world.limits.maxUploadBytes, files: 10, fieldSize: 8 * 1024 * 1024 },
  });

  app.addHook('onRequest', async (request, reply) => {
    const auth = request.routeOptions.config.auth;
    if (auth && auth !== 'none') {
      authenticate(ctx, request, auth === 'bot-or-bearer');
      if (!request.discordApp && !request.discordBearer) throw ApiErrors.unauthorized();
    }
    if (!request.url.startsWith('/api/') || request.routeOptions.url === undefined) return;
    const route = routeKey(request);
    // Interaction callbacks and webhooks (no bot auth) are exempt from the global limit, as on Discord.
    const forced = ctx.limiter.forced(route, auth === 'bot' || auth === 'bot-or-bearer');
    if (forced) throw forced;
    const { headers, limited } = ctx.limiter.consume(route, majorParameter(request));
    reply.headers(headers);
    if (limited) throw limited;
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    ctx.limiter.record({
      at: performance.timeOrigin + performance.now(),
      method: request.method,
      route: routeKey(request),
      url: request.url,
      status: reply.statusCode,
    });
  });

  // Discord answers `Content-Type: application/json`, without the charset fastify adds; several
  // client libraries compare the header exactly and treat anything else as not JSON.
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && /^application\/json\s*;/i.test(type)) {
      reply.header('content-type', 'application/json');
    }
    return payload;
  });

  app.setErrorHandler((error, request, reply) => {
    const control = request.url.startsWith('/control');
    if (error instanceof DiscordApiError) {
      return reply
        .code(error.status)
        .headers(error.headers ?? {})
        .send(error.body());
    }
    if (error instanceof ZodError) {
      if (control) return reply.code(400).send({ error: 'invalid input', issues: error.issues });
      return reply.code(400).send(zodToDiscord(error).body());
    }
    if (error instanceof OAuthError) return reply.code(error.status).send(error.body());
    if (error instanceof EmulatorUsageError || error instanceof VoiceJoinRefused) {
      return reply.code(400).send({ error: error.message });
    }
    if (error instanceof InteractionNotAnswered) return reply.code(504).send({ error: error.message });
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return reply.code(413).send(ApiErrors.tooLarge().body());
    if (status && status >= 400 && status < 500) {
      if (control) return reply.code(status).send({ error: (error as Error).message });
      return reply.code(400).send(ApiErrors.invalidJson().body());
    }
    ctx.world.logger.error({ err: error, url: request.url }, 'discord emulator: request failed');
    if (control) return reply.code(500).send({ error: (error as Error).message });
    return reply.code(500).send({ message: '500: Internal Server Error', code: 0 });
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/control'))
      return reply.code(404).send({ error: `no control route ${request.url}` });
    return reply.code(404).send(ApiErrors.notFound().body());
  });

  await app.register(
    async (api) => {
      registerUserRoutes(api, ctx);
      registerApplicationRoutes(api, ctx);
      registerGuildRoutes(api, ctx);
      registerMemberRoutes(api, ctx);
      registerChannelRoutes(api, ctx);
      registerMessageRoutes(api, ctx);
      registerInteractionRoutes(api, ctx);
    },
    { prefix: API_PREFIX },
  );
  registerOAuthRoutes(app, ctx);
  app.get('/attachments/:channelId/:attachmentId/:filename', async (request, reply) => {
    const { attachmentId } = request.params as { attachmentId: string };
    const attachment = ctx.world.store.attachments.get(attachmentId);
    if (!attachment?.data) throw ApiErrors.notFound();
    return reply.type(attachment.contentType ?? 'application/octet-stream').send(attachment.data);
  });
  await extra(app);
  return app;
}

function registerParsers(app: FastifyInstance): void {
  // Discord tolerates an empty JSON body (DELETE with a JSON content type); fastify doesn't by default.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, parseDiscordJson(text));
    } catch {
      done(ApiErrors.invalidJson(), undefined);
    }
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );
}

function authenticate(ctx: RestContext, request: FastifyRequest, allowBearer: boolean): void {
  const header = request.headers.authorization ?? '';
  const [scheme, ...rest] = header.split(' ');
  const credential = rest.join(' ').trim();
  if (scheme?.toLowerCase() === 'bot' && credential) {
    request.discordApp = ctx.world.store.applicationByToken(credential) ?? null;
  } else if (allowBearer && scheme?.toLowerCase() === 'bearer' && credential) {
    request.discordBearer = ctx.oauth.bearer(credential) ?? null;
  }
}

/** `METHOD /pattern` without the API prefix, e.g. `POST /channels/:channelId/messages`. */
export function routeKey(request: FastifyRequest): string {
  const pattern = request.routeOptions.url ?? request.url.split('?')[0] ?? '';
  return `${request.method} ${pattern.startsWith(API_PREFIX) ? pattern.slice(API_PREFIX.length) : pattern}`;
}

/**
 * Discord buckets per route and "major parameter" (channel, guild, webhook). An interaction's
 * callback and its webhook are limited per interaction token (discord.js keys them so too),
 * not per route: one bucket for every interaction would throttle a busy bot that Discord
 * would not.
 */
function majorParameter(request: FastifyRequest): string {
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  if (params.token) return `${params.interactionId ?? params.applicationId}/${params.token}`;
  return params.channelId ?? params.guildId ?? params.applicationId ?? '';
}
