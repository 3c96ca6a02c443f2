import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { describe, remoteText, UserFacingError } from '../../../interactions/index.ts';
import type { SlashCommand } from '../handler-types.ts';
import { helpDetail, helpOverview } from './help-pages.ts';

/**
 * /help [command]: every registered command (all capabilities'), grouped, with its options, in
 * the user's language; with `command`, that one in detail. Private, and answered at once: the
 * list is in memory.
 */
export const helpCommand: SlashCommand = {
  name: 'help',
  category: 'info',
  definition: describe(new SlashCommandBuilder().setName('help'), 'cmd.help')
    .addStringOption((o) =>
      describe(o.setName('command').setMaxLength(40).setAutocomplete(true), 'cmd.help.command'),
    )
    .setDMPermission(false)
    .toJSON(),
  async execute({ interaction, services, language, settings, t }) {
    const asked = interaction.options.getString('command')?.trim().replace(/^\//, '').toLowerCase();
    const { commands } = services;
    let embed: ReturnType<typeof helpOverview>;
    if (asked) {
      const command = commands.find((listing) => listing.definition.name === asked);
      if (!command) throw new UserFacingError('error.UNKNOWN_COMMAND', { name: remoteText(asked) });
      embed = helpDetail(command, language, t, settings.embedColor);
    } else {
      embed = helpOverview(commands, language, t, settings.embedColor);
    }
    await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
  },
  async autocomplete(interaction, { services }) {
    const typed = String(interaction.options.getFocused()).trim().replace(/^\//, '').toLowerCase();
    const names = services.commands
      .map((listing) => listing.definition.name)
      .filter((name) => name.includes(typed))
      .sort((a, b) => Number(!a.startsWith(typed)) - Number(!b.startsWith(typed)) || a.localeCompare(b))
      .slice(0, 25);
    await interaction.respond(names.map((name) => ({ name: `/${name}`, value: name })));
  },
};
