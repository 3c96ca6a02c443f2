import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, guildGuardErrors, guildParamsSchema, requireSession } from '../../http/index.ts';
import { musicOperationReplySchema } from '../../music/index.ts';
import { panelPlaylistListSchema } from '../contract.ts';
import type { PanelPlaylists } from './panel-playlists.ts';

export interface PlaylistRoutesOptions {
  playlists: PanelPlaylists;
}

const playlistParamsSchema = guildParamsSchema.extend({
  playlistId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

/**
 * The music page's playlists (`/playlists`, `/playlists/:playlistId/play`). Registered inside
 * the guild-scoped plugin, so the guild access guard runs first.
 */
export const playlistRoutes: FastifyPluginAsyncZod<PlaylistRoutesOptions> = async (app, options) => {
  app.get(
    '/playlists',
    {
      schema: {
        tags: ['music'],
        summary: 'The caller’s playlists, then those other members share with this server',
        params: guildParamsSchema,
        response: { 200: panelPlaylistListSchema, ...guildGuardErrors },
      },
    },
    async (request) => ({
      playlists: await options.playlists.list(requireSession(request).userId, request.params.guildId),
    }),
  );

  app.post(
    '/playlists/:playlistId/play',
    {
      schema: {
        tags: ['music'],
        summary: 'Queue a playlist as the caller (needs X-CSRF-Token), as /playlist load does',
        description:
          'The playlist must be the caller’s or shared with this server (else 404 PLAYLIST_NOT_FOUND); an empty one is 409 PLAYLIST_EMPTY. The tracks are queued by the bot with the rules of an `add` (voice channel, queue cap, `next` for DJs), with the same refusals.',
        params: playlistParamsSchema,
        body: z.strictObject({ next: z.boolean().optional() }).default({}),
        response: {
          200: musicOperationReplySchema,
          ...guildGuardErrors,
          ...errorResponses(409, 503),
        },
      },
    },
    async (request) =>
      options.playlists.play(
        request.params.guildId,
        requireSession(request).userId,
        request.params.playlistId,
        {
          next: request.body.next,
        },
      ),
  );
};
