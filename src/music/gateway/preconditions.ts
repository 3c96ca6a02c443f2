import { isDj } from '../access.ts';
import { MusicError } from '../music-error.ts';
import type { CommandContext } from './handler-types.ts';

/**
 * DJ rights as the music rules define them (`isDj`): Manage Server, the DJ role, no DJ role
 * set, or being alone with the bot in its channel.
 */
export async function requireDj(context: CommandContext): Promise<void> {
  const { interaction, services, guildId, actor, settings } = context;
  const { voiceChannelId } = await services.music.snapshot(guildId);
  const botId = interaction.client.user.id;
  const listenerIds =
    voiceChannelId && interaction.guild
      ? interaction.guild.voiceStates.cache
          .filter(
            (state) => state.channelId === voiceChannelId && state.id !== botId && !state.member?.user.bot,
          )
          .map((state) => state.id)
      : [];
  if (!isDj({ actor, djRoleId: settings.djRoleId, playerChannelId: voiceChannelId, listenerIds })) {
    throw new MusicError('DJ_ONLY');
  }
}

/**
 * The guild's music text channel (`musicTextChannelId`): elsewhere a music command is refused,
 * naming the channel. Managers (Manage Server) may use it anywhere, to set things right.
 */
export function requireMusicTextChannel({ interaction, settings, actor }: CommandContext): void {
  const allowed = settings.musicTextChannelId;
  if (!allowed || actor.canManageGuild || interaction.channelId === allowed) return;
  throw new MusicError('WRONG_TEXT_CHANNEL', { channelId: allowed });
}
