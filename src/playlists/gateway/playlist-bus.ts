import { BusCommandError, type Unsubscribe } from '../../bus/index.ts';
import type { GatewayContext } from '../../capability/index.ts';
import { GATEWAY_ADDRESS } from '../../gateway/contract.ts';
import {
  isMusicError,
  MUSIC_PLAYLIST_COMMAND,
  type MusicService,
  musicPlaylistRequestSchema,
  panelActor,
} from '../../music/index.ts';
import { isPlaylistError } from '../playlist-error.ts';
import type { PlaylistService } from '../playlist-service.ts';

/**
 * Answers the panel's "play this playlist" bus command as /playlist load does: the playlist's
 * tracks through enqueue, as the acting member, so the same voice checks and caps apply.
 */
export async function handlePlaylistCommands(
  context: GatewayContext,
  music: MusicService,
  playlists: PlaylistService,
): Promise<Unsubscribe> {
  return context.bus.handle(GATEWAY_ADDRESS, MUSIC_PLAYLIST_COMMAND, async (payload) => {
    const parsed = musicPlaylistRequestSchema.safeParse(payload);
    if (!parsed.success) throw new BusCommandError('INVALID_REQUEST', parsed.error.message);
    const { guildId, userId, playlistId, next, voiceChannelId } = parsed.data;
    const member = await context.actorIn(guildId, userId);
    try {
      const actor = panelActor(context, guildId, member, voiceChannelId);
      const playlist = await playlists.tracksToPlayById(userId, guildId, playlistId);
      const tracks = playlist.tracks.map((track) => ({ ...track, pluginInfo: {}, userData: {} }));
      return await music.enqueue(guildId, actor, tracks, {
        next: next ?? false,
        playlistName: playlist.name,
        textChannelId: null,
      });
    } catch (error) {
      if (isMusicError(error) || isPlaylistError(error))
        throw new BusCommandError(error.code, error.message, error.params);
      throw error;
    }
  });
}
