import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { Translate } from '../i18n/index.ts';

/** The guild's embed colour setting (`#5865F2`) as the number Discord wants. */
export function embedColour(hex: string): number {
  return Number.parseInt(hex.slice(1), 16);
}

/** Previous/Next buttons for a paged reply; their custom ids are `${prefix}:${page}`. */
export function pageButtons(prefix: string, page: number, pages: number, t: Translate) {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(`${prefix}:${page - 1}`)
      .setLabel(t('button.previous'))
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page <= 1),
    new ButtonBuilder()
      .setCustomId(`${prefix}:${page + 1}`)
      .setLabel(t('button.next'))
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(page >= pages),
  );
}
