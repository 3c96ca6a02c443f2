/**
 * Users' playlists, optionally shared with one guild: named lists of tracks kept in the
 * database, loaded into a guild's queue by the bot's /playlist command. Design:
 * docs/music-bot.md "Playlists".
 */

export { playlistsCapability } from './capability.ts';
export {
  type PanelPlaylist,
  type PanelPlaylistList,
  panelPlaylistListSchema,
  panelPlaylistSchema,
} from './contract.ts';
export {
  isPlaylistError,
  PlaylistError,
  type PlaylistErrorCode,
  playlistErrorCodes,
} from './playlist-error.ts';
export type { PlaylistRecord, PlaylistSummary } from './playlist-repository.ts';
export {
  MAX_PLAYLIST_NAME_LENGTH,
  MAX_PLAYLISTS_PER_USER,
  MAX_TRACKS_PER_PLAYLIST,
  type PlaylistTrack,
} from './playlist-rules.ts';
export { type Playlist, PlaylistService, type TracksAdded } from './playlist-service.ts';
