import type { Client } from 'discord.js';
import { type Bus, BusCommandError, type Unsubscribe } from '../bus/index.ts';
import {
  isMusicError,
  MUSIC_OPERATION_COMMAND,
  MUSIC_PLAYLIST_COMMAND,
  MUSIC_SNAPSHOT_COMMAND,
  type MusicService,
  musicOperationRequestSchema,
  musicPlaylistRequestSchema,
  musicSnapshotRequestSchema,
} from '../music/index.ts';
import { isPlaylistError, type PlaylistService } from '../playlists/index.ts';
import { GATEWAY_ADDRESS, GUILD_NOT_HERE } from './guild-resources.ts';
import { actorFromMember } from './interactions/actor.ts';

/**
 * Answers the music bus commands for the guilds this gateway holds: the panel's way to read
 * and change a queue. The acting user is looked up in the guild (roles, voice channel,
 * permissions) and the same rules as for slash commands apply.
 */
export async function handleMusicCommands(
  bus: Bus,
  client: Client,
  music: MusicService,
  playlists: PlaylistService,
): Promise<Unsubscribe> {
  const guildOf = (guildId: string) => {
    const guild = client.guilds.cache.get(guildId);
    if (!guild) throw new BusCommandError(GUILD_NOT_HERE, `Guild ${guildId} is not on this gateway`);
    return guild;
  };
  const memberOf = async (guild: ReturnType<typeof guildOf>, userId: string) => {
    const member = await guild.members.fetch(userId).catch(() => null);
    if (!member) throw new BusCommandError('NOT_A_MEMBER', `User ${userId} is not in guild ${guild.id}`);
    return actorFromMember(guild, member);
  };
  const off = await Promise.all([
    bus.handle(GATEWAY_ADDRESS, MUSIC_SNAPSHOT_COMMAND, async (payload) => {
      const parsed = musicSnapshotRequestSchema.safeParse(payload);
      if (!parsed.success) throw new BusCommandError('INVALID_REQUEST', parsed.error.message);
      guildOf(parsed.data.guildId);
      return music.snapshot(parsed.data.guildId);
    }),
    bus.handle(GATEWAY_ADDRESS, MUSIC_OPERATION_COMMAND, async (payload) => {
      const parsed = musicOperationRequestSchema.safeParse(payload);
      if (!parsed.success) throw new BusCommandError('INVALID_REQUEST', parsed.error.message);
      const { guildId, userId, operation } = parsed.data;
      const actor = await memberOf(guildOf(guildId), userId);
      try {
        return await music.execute(guildId, actor, operation);
      } catch (error) {
        if (isMusicError(error)) throw new BusCommandError(error.code, error.message, error.params);
        throw error;
      }
    }),
    // As /playlist load: the playlist's tracks through enqueue, so the same voice checks and caps apply.
    bus.handle(GATEWAY_ADDRESS, MUSIC_PLAYLIST_COMMAND, async (payload) => {
      const parsed = musicPlaylistRequestSchema.safeParse(payload);
      if (!parsed.success) throw new BusCommandError('INVALID_REQUEST', parsed.error.message);
      const { guildId, userId, playlistId, next } = parsed.data;
      const actor = await memberOf(guildOf(guildId), userId);
      try {
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
    }),
  ]);
  return async () => {
    await Promise.all(off.map((unsubscribe) => unsubscribe()));
  };
}
