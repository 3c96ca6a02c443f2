import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorResponses,
  guildGuardErrors,
  guildParamsSchema,
  requireSession,
  snowflakeSchema,
} from '../../http/index.ts';
import {
  auditLogPageSchema,
  guildSettingsPatchSchema,
  settingsReplySchema,
  settingsUpdateReplySchema,
} from '../contract.ts';
import type { SettingsService } from './settings-service.ts';

/**
 * `GET/PATCH …/settings` and `GET …/audit`. Registered inside the guild-scoped plugin, so the
 * guild access guard runs first.
 */
export const settingsRoutes: FastifyPluginAsyncZod<{ settings: SettingsService }> = async (app, options) => {
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
        callerRequestId: request.callerRequestId,
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
};
