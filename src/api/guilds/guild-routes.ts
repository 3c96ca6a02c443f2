import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { GuildRepository } from '../../db/index.ts';
import {
  GUILD_MEMBERS_MAX,
  guildChannelsReplySchema,
  guildMembersReplySchema,
  guildRolesReplySchema,
} from '../../gateway/index.ts';
import {
  ApiError,
  errorResponses,
  guildGuardErrors,
  guildParamsSchema,
  requireSession,
  snowflakeSchema,
} from '../../http/index.ts';
import { panelGuildListSchema } from '../contract.ts';
import type { GuildAccessGuard } from './guild-access-guard.ts';
import type { GuildListService } from './guild-list-service.ts';
import type { GuildResourceService } from './guild-resource-service.ts';

export interface GuildRoutesOptions {
  access: GuildAccessGuard;
  guilds: GuildRepository;
  resources: GuildResourceService;
  /** The capabilities' guild routes (their `api.guildRoutes`), registered behind the guard. */
  capabilityRoutes: readonly FastifyPluginAsync[];
}

/** `GET /api/guilds`: the caller's manageable guilds. */
export const guildListRoute: FastifyPluginAsyncZod<{ list: GuildListService }> = async (app, options) => {
  app.get(
    '/api/guilds',
    {
      schema: {
        tags: ['guilds'],
        summary: 'Servers the caller owns or holds Manage Server / Administrator in',
        response: { 200: panelGuildListSchema, ...errorResponses(401, 429, 502) },
      },
    },
    async (request) => ({ guilds: await options.list.list(requireSession(request)) }),
  );
};

/**
 * Everything under `/api/guilds/:guildId`. The guard runs before validation on every route of
 * this plugin, so a route added here can't skip it, and anonymous callers learn nothing about
 * the body schemas: 401 UNAUTHENTICATED, 403 FORBIDDEN, 404 GUILD_NOT_FOUND (bot not there).
 */
export const guildScopedRoutes: FastifyPluginAsyncZod<GuildRoutesOptions> = async (app, options) => {
  app.addHook('preValidation', async (request) => {
    const session = requireSession(request);
    const { guildId } = request.params as { guildId?: string };
    if (!guildId || !snowflakeSchema.safeParse(guildId).success) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'guildId must be a Discord id.', [
        { path: 'guildId', message: 'must be a Discord id' },
      ]);
    }
    await options.access.assertCanManage(session, guildId);
    if (!(await options.guilds.hasBot(guildId))) {
      throw new ApiError(404, 'GUILD_NOT_FOUND', 'The bot is not in this server: invite it first.');
    }
  });

  app.get(
    '/channels',
    {
      schema: {
        tags: ['guilds'],
        summary: 'Text, voice and category channels, from the bot’s cache',
        params: guildParamsSchema,
        response: {
          200: guildChannelsReplySchema,
          ...guildGuardErrors,
          ...errorResponses(503),
        },
      },
    },
    async (request) => ({ channels: await options.resources.channels(request.params.guildId) }),
  );

  app.get(
    '/members',
    {
      schema: {
        tags: ['guilds'],
        summary: 'Display names and avatars of the given members (requesters, listeners), from the bot',
        params: guildParamsSchema,
        querystring: z.object({
          ids: z
            .string()
            .transform((value) => value.split(',').filter(Boolean))
            .pipe(z.array(snowflakeSchema).min(1).max(GUILD_MEMBERS_MAX))
            .describe(`Comma-separated user ids, 1 to ${GUILD_MEMBERS_MAX}`),
        }),
        response: {
          200: guildMembersReplySchema,
          ...guildGuardErrors,
          ...errorResponses(503),
        },
      },
    },
    async (request) => ({
      members: await options.resources.members(request.params.guildId, request.query.ids),
    }),
  );

  app.get(
    '/roles',
    {
      schema: {
        tags: ['guilds'],
        summary: 'Roles, highest first, from the bot’s cache',
        params: guildParamsSchema,
        response: {
          200: guildRolesReplySchema,
          ...guildGuardErrors,
          ...errorResponses(503),
        },
      },
    },
    async (request) => ({ roles: await options.resources.roles(request.params.guildId) }),
  );

  // Each capability's routes: a child plugin inherits the guard above.
  for (const routes of options.capabilityRoutes) await app.register(routes);
};
