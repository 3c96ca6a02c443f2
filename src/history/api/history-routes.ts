import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError, errorResponses, requireSession } from '../../http/index.ts';
import { historySettingsSchema, listenLogPageSchema, listenLogQuerySchema } from '../contract.ts';
import type { HistorySettingsRepository } from '../history-settings.ts';
import { InvalidCursorError, type ListenLog } from '../listen-log.ts';

export interface HistoryRoutesOptions {
  log: ListenLog;
  settings: HistorySettingsRepository;
}

/**
 * The caller's own listening history, under `/api/me` (`api.userRoutes`): the raw log and the
 * history settings. Only ever the session's user: there is no user id in any path.
 */
export const historyRoutes: FastifyPluginAsyncZod<HistoryRoutesOptions> = async (app, { log, settings }) => {
  app.get(
    '/history/listens',
    {
      schema: {
        tags: ['history'],
        summary: 'The caller’s listens, newest first, a page at a time',
        description:
          'Filters: `source`, `from`/`to` (start of the play, ISO 8601), `q` (title, artists, album). Page on with `cursor` = the previous page’s `nextCursor`; a cursor that this API did not give is 400 INVALID_CURSOR.',
        querystring: listenLogQuerySchema,
        response: { 200: listenLogPageSchema, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const { userId } = requireSession(request);
      const { from, to, ...query } = request.query;
      try {
        return await log.page(userId, {
          ...query,
          from: from ? new Date(from) : undefined,
          to: to ? new Date(to) : undefined,
        });
      } catch (error) {
        if (error instanceof InvalidCursorError) {
          throw new ApiError(
            400,
            'INVALID_CURSOR',
            'This cursor is not one a listens page gave: start again without it.',
            {
              path: ['cursor'],
            },
          );
        }
        throw error;
      }
    },
  );

  app.get(
    '/history/settings',
    {
      schema: {
        tags: ['history'],
        summary: 'The caller’s history settings',
        response: { 200: historySettingsSchema, ...errorResponses(401, 429) },
      },
    },
    async (request) => settings.get(requireSession(request).userId),
  );

  app.put(
    '/history/settings',
    {
      schema: {
        tags: ['history'],
        summary: 'Save the caller’s history settings (needs X-CSRF-Token)',
        body: historySettingsSchema,
        response: { 200: historySettingsSchema, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request) => settings.set(requireSession(request).userId, request.body),
  );
};
