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
