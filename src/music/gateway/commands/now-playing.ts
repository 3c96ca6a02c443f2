import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { describe } from '../../../interactions/index.ts';
import type { QueueSnapshot } from '../../contract.ts';
import { MusicError } from '../../music-error.ts';
import type { SlashCommand } from '../handler-types.ts';
import { nowPlayingView } from '../now-playing/now-playing-view.ts';
import { filtersText } from './filters.ts';

/** No filter on: nothing to list. */
const isEmptyFilters = (filters: QueueSnapshot['filters']) =>
  !filters || (filters.presets.length === 0 && filters.speed === 1 && filters.pitch === 1);

/**
 * /nowplaying: the now-playing embed, for the user only. The channel's shared now-playing
 * message carries the buttons; a copy here would be a second set to keep up to date.
 */
export const nowPlayingCommand: SlashCommand = {
  name: 'nowplaying',
  category: 'info',
  definition: describe(new SlashCommandBuilder().setName('nowplaying'), 'cmd.nowplaying')
    .setDMPermission(false)
    .toJSON(),
  async execute({ interaction, services, guildId, settings, t }) {
    // Acknowledged first, privately: a guild's first read loads its queue from the database.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const snapshot = await services.music.snapshot(guildId);
    if (!snapshot.current) throw new MusicError('NOTHING_PLAYING');
    const view = nowPlayingView(snapshot, settings.embedColor, t);
    // The active filters (issue 14), added here: the shared now-playing message stays as it is.
    const embeds = view.message.embeds.map((embed, index) =>
      index === 0 && !isEmptyFilters(snapshot.filters)
        ? {
            ...embed,
            fields: [
              ...(embed.fields ?? []),
              { name: t('filter.nowPlayingField'), value: filtersText(snapshot.filters, t), inline: true },
            ],
          }
        : embed,
    );
    await interaction.editReply({ embeds });
  },
};
