import { EmbedBuilder, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { SlashCommand } from '../../interactions/index.ts';
import { describe, embedColour, requireManageGuild } from '../../interactions/index.ts';
import { changeSetting } from './settings-changes.ts';
import { addFieldSubcommand, fieldLabel, formatField, readField, settingFields } from './settings-fields.ts';

/**
 * /settings view, /settings set <setting> <value>: the guild's music settings, for members
 * with Manage Server. Answers are ephemeral: they concern the person configuring.
 */
export const settingsCommand: SlashCommand = {
  name: 'settings',
  category: 'settings',
  definition: describe(new SlashCommandBuilder().setName('settings'), 'cmd.settings')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setDMPermission(false)
    .addSubcommand((sub) => describe(sub.setName('view'), 'cmd.settings.view'))
    .addSubcommandGroup((group) => {
      describe(group.setName('set'), 'cmd.settings.set');
      for (const field of settingFields) addFieldSubcommand(group, field);
      return group;
    })
    .toJSON(),
  async execute(context) {
    const { interaction, services, guildId, actor, t } = context;
    requireManageGuild(context);
    if (interaction.options.getSubcommandGroup() !== 'set') {
      const settings = await services.settings.get(guildId);
      const embed = new EmbedBuilder()
        .setColor(embedColour(settings.embedColor))
        .setTitle(t('settings.title'))
        .addFields(
          settingFields.map((field) => ({
            name: fieldLabel(field, t),
            value: formatField(field, settings, t),
            inline: true,
          })),
        )
        .setFooter({ text: t('settings.footer') });
      await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
      return;
    }
    const field = settingFields.find((candidate) => candidate.name === interaction.options.getSubcommand());
    if (!field) throw new Error(`unknown setting ${interaction.options.getSubcommand()}`);
    const value = readField(field, interaction.options);
    const label = fieldLabel(field, t);
    const change = await changeSetting(services, guildId, { key: field.key, value, label }, actor.userId);
    // The reply shows the value as /settings view does: old → new, or the value it already has.
    const content = change
      ? t('settings.updated', {
          field: label,
          from: formatField(field, change.before, t),
          to: formatField(field, change.after, t),
        })
      : t('settings.unchanged', {
          field: label,
          value: formatField(field, { ...context.settings, [field.key]: value }, t),
        });
    await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  },
};
