import { isDj, MusicError } from '../../music/index.ts';
import type { CommandContext, GuildInteractionContext } from './command-types.ts';
import { UserFacingError } from './user-facing-error.ts';

/**
 * Checks a command makes before it acts. Discord hides a command from members without its
 * `default_member_permissions`, but server admins can change who sees it (Integrations
 * settings): the bot checks again itself.
 */
export function requireManageGuild({ actor }: Pick<GuildInteractionContext, 'actor'>): void {
  if (!actor.canManageGuild) throw new UserFacingError('error.MANAGE_GUILD_ONLY');
}

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
