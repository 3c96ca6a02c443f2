import type * as Kit from '../../interactions/index.ts';
import type { MusicService } from '../../music/index.ts';
import type { PlaylistService } from '../playlist-service.ts';

/** What /playlist uses: the playlists, and music's queue to load them into. */
export interface PlaylistServices {
  playlists: PlaylistService;
  music: MusicService;
}

export type PlaylistGatewayServices = Kit.CoreServices & PlaylistServices;
export type SlashCommand = Kit.SlashCommand<PlaylistServices>;
export type CommandContext = Kit.CommandContext<PlaylistServices>;
export type GuildInteractionContext = Kit.GuildInteractionContext<PlaylistServices>;
