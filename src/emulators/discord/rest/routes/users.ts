import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { openDm } from '../../domain/channels.ts';
import { removeBotFromGuild } from '../../domain/guilds.ts';
import { ApiErrors } from '../../errors.ts';
import { serializeDmChannel, serializeUser } from '../../state/serialize.ts';
import { botOf, parseBody, type RestContext } from '../context.ts';

const dmSchema = z.object({ recipient_id: z.string() });

/** Users, the current user's guilds and DMs, and the gateway URL. */
export function registerUserRoutes(api: FastifyInstance, ctx: RestContext): void {
  const { world } = ctx;

  api.get('/gateway', { config: { auth: 'none' } }, async () => ({ url: ctx.gatewayUrl() }));

  api.get('/gateway/bot', { config: { auth: 'bot' } }, async (request) => {
    const app = botOf(request);
    return {
      url: ctx.gatewayUrl(),
      shards: ctx.recommendedShards(app.id),
      session_start_limit: {
        total: 1000,
        remaining: 1000,
        reset_after: 86_400_000,
        max_concurrency: ctx.maxConcurrency,
      },
    };
  });

  api.get('/users/@me', { config: { auth: 'bot-or-bearer' } }, async (request) => {
    if (request.discordApp) {
      return {
        ...serializeUser(world.store.user(request.discordApp.botUserId)),
        verified: true,
        mfa_enabled: false,
      };
    }
    const grant = request.discordBearer;
    if (!grant?.scopes.includes('identify')) throw ApiErrors.unauthorized();
    const user = world.store.user(grant.userId);
    return { ...serializeUser(user), locale: user.locale, mfa_enabled: false, premium_type: 0 };
  });

  api.get('/users/:userId', { config: { auth: 'bot' } }, async (request) => {
    const { userId } = request.params as { userId: string };
    return serializeUser(world.store.user(userId));
  });

  /** The user's (Bearer) or bot's guilds with the caller's guild-level permissions as a string. */
  api.get('/users/@me/guilds', { config: { auth: 'bot-or-bearer' } }, async (request) => {
    let userId: string;
    if (request.discordApp) userId = request.discordApp.botUserId;
    else {
      const grant = request.discordBearer;
      if (!grant?.scopes.includes('guilds')) throw ApiErrors.missingAccess();
      userId = grant.userId;
    }
    const withCounts = (request.query as Record<string, string>).with_counts === 'true';
    return world.store.guildsOfUser(userId).map((guild) => ({
      id: guild.id,
      name: guild.name,
      icon: guild.icon,
      banner: null,
      owner: guild.ownerId === userId,
      permissions: world.store.permissions(guild.id, userId).toString(),
      features: [],
      ...(withCounts ? { approximate_member_count: guild.members.size, approximate_presence_count: 0 } : {}),
    }));
  });

  api.delete('/users/@me/guilds/:guildId', { config: { auth: 'bot' } }, async (request, reply) => {
    const { guildId } = request.params as { guildId: string };
    const app = botOf(request);
    const guild = world.store.guild(guildId);
    if (!guild.members.has(app.botUserId)) throw ApiErrors.unknownGuild();
    removeBotFromGuild(world, guildId, app.id);
    return reply.code(204).send();
  });

  api.post('/users/@me/channels', { config: { auth: 'bot' } }, async (request) => {
    const app = botOf(request);
    const { recipient_id } = parseBody(dmSchema, request.body);
    const channel = openDm(world, app.botUserId, recipient_id);
    return serializeDmChannel(world.store, channel, app.botUserId);
  });
}
