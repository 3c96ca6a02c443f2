import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorResponses,
  guildGuardErrors,
  guildParamsSchema,
  requireSession,
  snowflakeSchema,
} from '../../http/index.ts';
import { musicOperationReplySchema } from '../../music/index.ts';
import type { ActorContext } from '../../settings/index.ts';
import {
  type PanelPlaylistDetail,
  panelPlaylistDetailSchema,
  panelPlaylistListSchema,
  playlistCreateBodySchema,
  playlistMoveBodySchema,
  playlistUpdateBodySchema,
} from '../contract.ts';
import type { PanelPlaylistEditor, PlaylistEditor } from './panel-playlist-editor.ts';
import type { PanelPlaylists } from './panel-playlists.ts';

/** Where the panel's playlist actions are audited (the settings capability's audit log). */
export interface PlaylistAuditTrail {
  recordAction(
    guildId: string,
    entry: { action: string; target?: string | null; changes?: Record<string, unknown> },
    actor: ActorContext,
  ): Promise<void>;
}

export interface PlaylistRoutesOptions {
  playlists: PanelPlaylists;
  editor: PanelPlaylistEditor;
  audit: PlaylistAuditTrail | null;
}

const playlistParamsSchema = guildParamsSchema.extend({
  playlistId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
const trackParamsSchema = playlistParamsSchema.extend({
  position: z.coerce.number().int().min(1).max(10_000),
});
/** The guild of a guild-scoped route (its params schema extends `guildParamsSchema`). */
const guildOf = (request: FastifyRequest) => (request.params as { guildId: string }).guildId;
const editErrors = { ...guildGuardErrors, ...errorResponses(409) };

/**
 * The music page's playlists: the list, playing one, and editing them (create, rename, share,
 * reorder, remove tracks, delete), each edit audited under the caller's name. Registered inside
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
        body: z
          .strictObject({
            next: z.boolean().optional(),
            voiceChannelId: snowflakeSchema
              .optional()
              .describe(
                'Where to summon the bot when it is in no voice channel (managers only), as for an `add`',
              ),
          })
          .default({}),
        response: {
          200: musicOperationReplySchema,
          ...guildGuardErrors,
          ...errorResponses(409, 503),
        },
      },
    },
    async (request) => {
      const reply = await options.playlists.play(
        request.params.guildId,
        requireSession(request).userId,
        request.params.playlistId,
        { next: request.body.next, voiceChannelId: request.body.voiceChannelId },
      );
      const titles = (reply.outcome as { titles?: unknown }).titles;
      await audit(request, 'playlist.play', String(request.params.playlistId), {
        playlistName: (reply.outcome as { playlistName?: unknown }).playlistName ?? null,
        tracks: Array.isArray(titles) ? titles.length : 0,
      });
      return reply;
    },
  );

  /** Records a panel action under the caller's name; a failure to record is logged, not answered. */
  async function audit(
    request: FastifyRequest,
    action: string,
    target: string,
    changes: Record<string, unknown>,
  ): Promise<void> {
    if (!options.audit) return;
    try {
      await options.audit.recordAction(
        guildOf(request),
        { action, target, changes },
        {
          actorId: requireSession(request).userId,
          requestId: String(request.id),
          callerRequestId: request.callerRequestId,
        },
      );
    } catch (error) {
      request.log.error({ err: error }, 'failed to audit a panel playlist action');
    }
  }

  const editorOf = (request: FastifyRequest): PlaylistEditor => ({
    userId: requireSession(request).userId,
    guildId: guildOf(request),
  });
  const describeEdit = (playlist: PanelPlaylistDetail) => ({
    name: playlist.name,
    ownerId: playlist.ownerId,
  });

  app.post(
    '/playlists',
    {
      schema: {
        tags: ['music'],
        summary:
          'Create a playlist of the caller’s (needs X-CSRF-Token), shared with this server when `shared`',
        description:
          'Names are 1–50 characters, unique among the caller’s playlists whatever the case (409 PLAYLIST_EXISTS); at most 25 per user (409 PLAYLIST_LIMIT); 400 PLAYLIST_BAD_NAME.',
        params: guildParamsSchema,
        body: playlistCreateBodySchema,
        response: { 200: panelPlaylistDetailSchema, ...editErrors },
      },
    },
    async (request) => {
      const created = await options.editor.create(editorOf(request), request.body.name, request.body.shared);
      await audit(request, 'playlist.create', String(created.id), {
        ...describeEdit(created),
        shared: created.shared,
      });
      return created;
    },
  );

  app.get(
    '/playlists/:playlistId',
    {
      schema: {
        tags: ['music'],
        summary: 'One playlist with its tracks: the caller’s, or one shared with this server',
        params: playlistParamsSchema,
        response: { 200: panelPlaylistDetailSchema, ...guildGuardErrors },
      },
    },
    async (request) => options.editor.detail(editorOf(request), request.params.playlistId),
  );

  app.patch(
    '/playlists/:playlistId',
    {
      schema: {
        tags: ['music'],
        summary: 'Rename a playlist, or share it with this server or stop (needs X-CSRF-Token)',
        description:
          'The caller’s own playlists, and those shared with this server (its managers may edit them); sharing stays the owner’s choice (403 NOT_OWNER).',
        params: playlistParamsSchema,
        body: playlistUpdateBodySchema,
        response: { 200: panelPlaylistDetailSchema, ...editErrors },
      },
    },
    async (request) => {
      const before = await options.editor.detail(editorOf(request), request.params.playlistId);
      const after = await options.editor.update(editorOf(request), request.params.playlistId, request.body);
      const changes: Record<string, unknown> = { ownerId: after.ownerId };
      if (before.name !== after.name) changes.name = { before: before.name, after: after.name };
      if (before.shared !== after.shared) changes.shared = { before: before.shared, after: after.shared };
      const action = changes.name ? 'playlist.rename' : 'playlist.share';
      if (changes.name || changes.shared) await audit(request, action, String(after.id), changes);
      return after;
    },
  );

  app.post(
    '/playlists/:playlistId/tracks/move',
    {
      schema: {
        tags: ['music'],
        summary: 'Move a playlist’s track (positions from 1; needs X-CSRF-Token)',
        params: playlistParamsSchema,
        body: playlistMoveBodySchema,
        response: { 200: panelPlaylistDetailSchema, ...editErrors },
      },
    },
    async (request) => {
      const { from, to } = request.body;
      const moved = await options.editor.moveTrack(editorOf(request), request.params.playlistId, from, to);
      const title = moved.tracks[to - 1]?.title ?? null;
      await audit(request, 'playlist.move', String(moved.id), { ...describeEdit(moved), from, to, title });
      return moved;
    },
  );

  app.delete(
    '/playlists/:playlistId/tracks/:position',
    {
      schema: {
        tags: ['music'],
        summary: 'Remove the track at a position (from 1) from a playlist (needs X-CSRF-Token)',
        params: trackParamsSchema,
        response: { 200: panelPlaylistDetailSchema, ...editErrors },
      },
    },
    async (request) => {
      const { playlistId, position } = request.params;
      const before = await options.editor.detail(editorOf(request), playlistId);
      const after = await options.editor.removeTrack(editorOf(request), playlistId, position);
      await audit(request, 'playlist.remove', String(after.id), {
        ...describeEdit(after),
        position,
        title: before.tracks[position - 1]?.title ?? null,
      });
      return after;
    },
  );

  app.delete(
    '/playlists/:playlistId',
    {
      schema: {
        tags: ['music'],
        summary: 'Delete one of the caller’s playlists (needs X-CSRF-Token)',
        params: playlistParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...guildGuardErrors },
      },
    },
    async (request, reply) => {
      const deleted = await options.editor.delete(editorOf(request), request.params.playlistId);
      await audit(request, 'playlist.delete', String(deleted.id), {
        name: deleted.name,
        ownerId: deleted.ownerId,
      });
      return reply.status(204).send(null);
    },
  );
};
