import { defineCapability } from '../capability/index.ts';
import { musicCapability } from '../music/index.ts';
import { GuildSettingsRepository } from '../settings/index.ts';
import { PanelPlaylistEditor } from './api/panel-playlist-editor.ts';
import { PanelPlaylists } from './api/panel-playlists.ts';
import { playlistRoutes } from './api/playlist-routes.ts';
import type { PlaylistServices } from './gateway/handler-types.ts';
import { playlistCommand } from './gateway/playlist.ts';
import { handlePlaylistCommands } from './gateway/playlist-bus.ts';
import { playlistPageHandler } from './gateway/playlist-page.ts';
import { MAX_PLAYLISTS_PER_USER, MAX_TRACKS_PER_PLAYLIST } from './playlist-rules.ts';
import { PlaylistService } from './playlist-service.ts';
import { playlists, playlistTracks } from './schema.ts';

/**
 * Users' playlists, optionally shared with one guild: /playlist in Discord, the panel's list
 * and "play this playlist". Loading goes through music's queue, so it needs music.
 * Design: docs/music-bot.md "Playlists".
 */
export const playlistsCapability = defineCapability<PlaylistServices>({
  name: 'playlists',
  summary: 'Saved playlists, private or shared with a server, loaded into the queue',
  needs: [musicCapability],
  tables: { playlists, playlistTracks },
  limits: {
    playlistsPerUser: { default: MAX_PLAYLISTS_PER_USER, description: 'Playlists one user may keep' },
    tracksPerPlaylist: { default: MAX_TRACKS_PER_PLAYLIST, description: 'Tracks in one playlist' },
  },
  gateway: {
    commands: [playlistCommand],
    components: [playlistPageHandler],
    start: async (context) => {
      const { music } = context.use(musicCapability);
      const service = new PlaylistService(context.database);
      const stop = await handlePlaylistCommands(context, music, service);
      return { services: { playlists: service, music }, stop };
    },
  },
  api: {
    guildRoutes: (context) => async (app) => {
      await app.register(playlistRoutes, {
        playlists: new PanelPlaylists(new PlaylistService(context.database), context.bus),
        editor: new PanelPlaylistEditor(context.database),
        audit: new GuildSettingsRepository(context.database.db),
      });
    },
  },
});
