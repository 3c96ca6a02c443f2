import { z } from 'zod';

/**
 * Playlists as the panel's music page lists them. Browser-clean (zod only): the dashboard
 * imports its types from here.
 */
export const panelPlaylistSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    trackCount: z.number().int(),
    ownerId: z.string(),
    own: z.boolean().describe('The caller’s own playlist (else another member shares it with this server)'),
    shared: z.boolean().describe('Shared with this server: its members may play it'),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'PanelPlaylist' });
export type PanelPlaylist = z.output<typeof panelPlaylistSchema>;

/** `GET /api/guilds/:guildId/playlists`. */
export const panelPlaylistListSchema = z.object({ playlists: z.array(panelPlaylistSchema) });
export type PanelPlaylistList = z.output<typeof panelPlaylistListSchema>;

// Panel playlist editing (#14 item 9): one playlist with its tracks, and the edits' bodies.

/** A playlist's track as the panel's editor lists it. */
export const panelPlaylistTrackSchema = z.object({
  title: z.string(),
  author: z.string(),
  /** Milliseconds; 0 for a live stream. */
  length: z.number().int(),
  isStream: z.boolean(),
  uri: z.string().nullable(),
});
export type PanelPlaylistTrack = z.output<typeof panelPlaylistTrackSchema>;

/** `GET/PATCH /api/guilds/:guildId/playlists/:playlistId` and the other edits' answer. */
export const panelPlaylistDetailSchema = panelPlaylistSchema
  .extend({ tracks: z.array(panelPlaylistTrackSchema) })
  .meta({ id: 'PanelPlaylistDetail' });
export type PanelPlaylistDetail = z.output<typeof panelPlaylistDetailSchema>;

/** `POST /playlists`: a new playlist of the caller's, shared with the server when `shared`. */
export const playlistCreateBodySchema = z.strictObject({
  name: z.string().max(200),
  shared: z.boolean().default(false),
});
/** `PATCH /playlists/:playlistId`: rename, share or stop sharing (the owner only). */
export const playlistUpdateBodySchema = z.strictObject({
  name: z.string().max(200).optional(),
  shared: z.boolean().optional(),
});
/** `POST /playlists/:playlistId/tracks/move`: positions count from 1. */
export const playlistMoveBodySchema = z.strictObject({
  from: z.number().int().min(1),
  to: z.number().int().min(1),
});
