import { BusCommandError, type Unsubscribe } from '../../bus/index.ts';
import type { GatewayContext } from '../../capability/index.ts';
import { GATEWAY_ADDRESS } from '../../gateway/contract.ts';
import {
  MUSIC_OPERATION_COMMAND,
  MUSIC_SNAPSHOT_COMMAND,
  MUSIC_SOURCES_COMMAND,
  musicOperationRequestSchema,
  musicSnapshotRequestSchema,
} from '../bus-contract.ts';
import { isMusicError } from '../music-error.ts';
import type { MusicService } from '../music-service.ts';
import { panelActor } from './panel-summon.ts';

/**
 * Answers the music bus commands for the guilds this gateway holds: the panel's way to read
 * and change a queue. The acting user is looked up in the guild (roles, voice channel,
 * permissions) and the same rules as for slash commands apply.
 */
export async function handleMusicCommands(
  context: GatewayContext,
  music: MusicService,
): Promise<Unsubscribe> {
  const { bus } = context;
  const off = await Promise.all([
    bus.handle(GATEWAY_ADDRESS, MUSIC_SNAPSHOT_COMMAND, async (payload) => {
      const parsed = musicSnapshotRequestSchema.safeParse(payload);
      if (!parsed.success) throw new BusCommandError('INVALID_REQUEST', parsed.error.message);
      context.guildHere(parsed.data.guildId);
      return music.snapshot(parsed.data.guildId);
    }),
    bus.handle(GATEWAY_ADDRESS, MUSIC_SOURCES_COMMAND, async () => music.playableSources()),
    bus.handle(GATEWAY_ADDRESS, MUSIC_OPERATION_COMMAND, async (payload) => {
      const parsed = musicOperationRequestSchema.safeParse(payload);
      if (!parsed.success) throw new BusCommandError('INVALID_REQUEST', parsed.error.message);
      const { guildId, userId, operation, voiceChannelId } = parsed.data;
      const member = await context.actorIn(guildId, userId);
      try {
        const actor = panelActor(context, guildId, member, voiceChannelId);
        return await music.execute(guildId, actor, operation);
      } catch (error) {
        if (isMusicError(error)) throw new BusCommandError(error.code, error.message, error.params);
        throw error;
      }
    }),
  ]);
  return async () => {
    await Promise.all(off.map((unsubscribe) => unsubscribe()));
  };
}
