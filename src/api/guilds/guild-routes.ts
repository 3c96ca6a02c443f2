import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AnalyticsService } from '../../analytics/index.ts';
import type { GuildRepository } from '../../db/index.ts';
import {
  GUILD_MEMBERS_MAX,
  guildChannelsReplySchema,
  guildMembersReplySchema,
  guildRolesReplySchema,
} from '../../gateway/index.ts';
import {
  auditLogPageSchema,
  guildSettingsPatchSchema,
  settingsReplySchema,
  settingsUpdateReplySchema,
} from '../../settings/index.ts';
import { requireSession } from '../auth/session-hooks.ts';
import { panelGuildListSchema } from '../contract.ts';
import { ApiError } from '../errors.ts';
import { type LiveMusicRoutesOptions, liveMusicRoutes } from '../live-music/live-music-routes.ts';
import { type PlaylistRoutesOptions, playlistRoutes } from '../live-music/playlist-routes.ts';
import type { RateLimitTier } from '../plugins/security.ts';
import { errorResponses, guildGuardErrors, guildParamsSchema, snowflakeSchema } from '../schemas.ts';
import { analyticsRoutes } from './analytics-routes.ts';
import type { GuildAccessGuard } from './guild-access-guard.ts';
import type { GuildListService } from './guild-list-service.ts';
import type { GuildResourceService } from './guild-resource-service.ts';
import { settingsSchemaRoutes } from './settings-schema-routes.ts';
import type { SettingsService } from './settings-service.ts';

export interface GuildRoutesOptions {
  access: GuildAccessGuard;
  guilds: GuildRepository;
  resources: GuildResourceService;
  settings: SettingsService;
  analytics: AnalyticsService;
  /** The strict tier, for exports. */
  exportRateLimit: RateLimitTier;
  liveMusic: LiveMusicRoutesOptions;
  playlists: PlaylistRoutesOptions;
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
    '/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'The server’s settings (defaults filled in)',
        params: guildParamsSchema,
        response: { 200: settingsReplySchema, ...guildGuardErrors },
      },
    },
    async (request) => ({ settings: await options.settings.get(request.params.guildId) }),
  );

  app.patch(
    '/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Change some settings (needs X-CSRF-Token); audited, announced as settings.updated',
        params: guildParamsSchema,
        body: guildSettingsPatchSchema,
        response: {
          200: settingsUpdateReplySchema,
          ...guildGuardErrors,
          ...errorResponses(503),
        },
      },
    },
    async (request) =>
      options.settings.update(request.params.guildId, request.body, {
        actorId: requireSession(request).userId,
        requestId: String(request.id),
      }),
  );

  app.get(
    '/audit',
    {
      schema: {
        tags: ['settings'],
        summary: 'Audit entries, newest first; page with `before` = the last id seen',
        params: guildParamsSchema,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(50),
          before: z.coerce.number().int().positive().optional(),
          action: z.string().max(64).optional(),
          actor: snowflakeSchema.optional(),
        }),
        response: {
          200: auditLogPageSchema,
          ...guildGuardErrors,
        },
      },
    },
    async (request) => {
      const entries = await options.settings.audit(request.params.guildId, request.query);
      const last = entries.at(-1);
      return {
        entries: entries.map(({ guildId: _guild, ...entry }) => ({
          ...entry,
          createdAt: entry.createdAt.toISOString(),
        })),
        nextBefore: last && entries.length === request.query.limit ? last.id : null,
      };
    },
  );

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

  // A child plugin inherits the guard above.
  await app.register(settingsSchemaRoutes);
  await app.register(analyticsRoutes, {
    analytics: options.analytics,
    exportRateLimit: options.exportRateLimit,
  });
  await app.register(liveMusicRoutes, options.liveMusic);
  await app.register(playlistRoutes, options.playlists);
};
