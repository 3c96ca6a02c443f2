import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { InteractionRegistry } from '../domain/interactions.ts';
import type { BearerGrant, OAuthService } from '../domain/oauth.ts';
import type { World } from '../domain/world.ts';
import { ApiErrors } from '../errors.ts';
import { hasPermissions, Permission } from '../permissions.ts';
import type { ApplicationRecord, ChannelRecord, GuildRecord } from '../state/types.ts';
import type { RateLimiter } from './rate-limit.ts';

/** How a route authenticates. */
export type AuthMode = 'bot' | 'bot-or-bearer' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
  }
  interface FastifyRequest {
    discordApp: ApplicationRecord | null;
    discordBearer: BearerGrant | null;
  }
}

/** Everything route handlers use. */
export interface RestContext {
  world: World;
  interactions: InteractionRegistry;
  oauth: OAuthService;
  limiter: RateLimiter;
  /** ws:// URL of the gateway (GET /gateway/bot). */
  gatewayUrl(): string;
  /** Shard count GET /gateway/bot recommends for an application. */
  recommendedShards(applicationId: string): number;
  maxConcurrency: number;
}

/** The calling bot's application (routes with `auth: 'bot'`). */
export function botOf(request: FastifyRequest): ApplicationRecord {
  if (!request.discordApp) throw ApiErrors.unauthorized();
  return request.discordApp;
}

/** Parses a body with zod (failures become 50035 in the error handler). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  return schema.parse(body ?? {});
}

/** The guild, if the bot is in it: 10004 when it doesn't exist, 50001 when the bot isn't a member. */
export function guildForBot(world: World, guildId: string, app: ApplicationRecord): GuildRecord {
  const guild = world.store.guild(guildId);
  if (!guild.members.has(app.botUserId)) throw ApiErrors.missingAccess();
  return guild;
}

/** Throws 50013 unless the bot has every bit of `required` (in the channel when given). */
export function requirePermissions(
  world: World,
  guildId: string,
  app: ApplicationRecord,
  required: bigint,
  channelId?: string,
): void {
  if (!hasPermissions(world.store.permissions(guildId, app.botUserId, channelId), required)) {
    throw ApiErrors.missingPermissions();
  }
}

/**
 * The channel, if the bot can see it: 10003 unknown, 50001 when it's in a guild the bot isn't in or
 * the bot lacks VIEW_CHANNEL; then 50013 for any other missing bit of `required`.
 */
export function channelForBot(
  world: World,
  channelId: string,
  app: ApplicationRecord,
  required = 0n,
): ChannelRecord {
  const channel = world.store.channel(channelId);
  if (!channel.guildId) {
    if (!channel.recipientIds.includes(app.botUserId)) throw ApiErrors.missingAccess();
    return channel;
  }
  guildForBot(world, channel.guildId, app);
  const permissions = world.store.permissions(channel.guildId, app.botUserId, channel.id);
  if (!hasPermissions(permissions, Permission.VIEW_CHANNEL)) throw ApiErrors.missingAccess();
  if (!hasPermissions(permissions, required)) throw ApiErrors.missingPermissions();
  return channel;
}
