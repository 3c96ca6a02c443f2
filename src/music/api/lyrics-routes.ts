import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, guildGuardErrors, guildParamsSchema } from '../../http/index.ts';
import { lyricsReplySchema } from '../../lyrics/index.ts';
import type { PanelLyricsService } from './lyrics-service.ts';

/**
 * `GET …/lyrics`: the current track's lyrics for the panel's lyrics panel. Registered inside the
 * guild-scoped plugin, so the guild access guard runs first.
 */
export const lyricsRoutes: FastifyPluginAsyncZod<{ lyrics: PanelLyricsService }> = async (app, options) => {
  app.get(
    '/lyrics',
    {
      schema: {
        tags: ['music'],
        summary: 'The current track’s lyrics: synced lines (times in ms) when there are, plain text, source',
        description:
          'Refusals: 409 NOTHING_PLAYING; 404 LYRICS_NOT_FOUND (the provider has none for this track), LYRICS_UNAVAILABLE (LYRICS_PROVIDER=none); 502 LYRICS_PROVIDER_FAILED (the provider failed or was too slow); 503 GATEWAY_UNAVAILABLE.',
        params: guildParamsSchema,
        response: {
          200: lyricsReplySchema,
          ...guildGuardErrors,
          ...errorResponses(409, 502, 503),
        },
      },
    },
    async (request) => options.lyrics.current(request.params.guildId),
  );
};
