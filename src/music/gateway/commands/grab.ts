import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, SlashCommandBuilder } from 'discord.js';
import { describe, remoteText, UserFacingError } from '../../../interactions/index.ts';
import { MusicError } from '../../music-error.ts';
import type { SlashCommand } from '../handler-types.ts';

/** Discord's answers when it won't deliver a DM (closed DMs, no mutual server left). */
const DM_REFUSED = new Set<number | string>([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds,
]);

/** /grab: the current track (title, author, link) sent to the user by direct message. */
export const grabCommand: SlashCommand = {
  name: 'grab',
  category: 'info',
  definition: describe(new SlashCommandBuilder().setName('grab'), 'cmd.grab').setDMPermission(false).toJSON(),
  async execute({ interaction, services, guildId, t }) {
    // Acknowledged first, privately: the queue read and the direct message both take a while.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { current } = await services.music.snapshot(guildId);
    if (!current) throw new MusicError('NOTHING_PLAYING');
    const { title, author, uri, identifier } = current.info;
    try {
      await interaction.user.send({
        content: t('grab.dm', {
          title: remoteText(title),
          author: remoteText(author),
          uri: uri ?? identifier,
        }).slice(0, 2000),
        allowedMentions: { parse: [] },
      });
    } catch (error) {
      if (error instanceof DiscordAPIError && DM_REFUSED.has(error.code))
        throw new UserFacingError('error.DM_CLOSED');
      throw error;
    }
    await interaction.editReply({ content: t('grab.sent') });
  },
};
