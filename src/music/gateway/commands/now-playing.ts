import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { describe } from '../../../interactions/index.ts';
import { MusicError } from '../../music-error.ts';
import type { SlashCommand } from '../handler-types.ts';
import { nowPlayingView } from '../now-playing/now-playing-view.ts';

/**
 * /nowplaying: the now-playing embed, for the user only. The channel's shared now-playing
 * message carries the buttons; a copy here would be a second set to keep up to date.
 */
export const nowPlayingCommand: SlashCommand = {
  name: 'nowplaying',
  definition: describe(new SlashCommandBuilder().setName('nowplaying'), 'cmd.nowplaying')
    .setDMPermission(false)
    .toJSON(),
  async execute({ interaction, services, guildId, settings, t }) {
    // Acknowledged first, privately: a guild's first read loads its queue from the database.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const snapshot = await services.music.snapshot(guildId);
    if (!snapshot.current) throw new MusicError('NOTHING_PLAYING');
    const view = nowPlayingView(snapshot, settings.embedColor, t);
    await interaction.editReply({ embeds: view.message.embeds });
  },
};
