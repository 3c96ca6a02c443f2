import { SlashCommandBuilder } from 'discord.js';
import { describe } from '../../../interactions/index.ts';
import { changeSetting } from '../../../settings/index.ts';
import type { SlashCommand } from '../handler-types.ts';
import { requireDj } from '../preconditions.ts';

/**
 * /247 on|off: the guild setting `stayConnected247` (DJ only). On, the bot stays in its voice
 * channel when everyone has left; off, it leaves after `leaveWhenEmptySeconds`.
 */
export const stayConnectedCommand: SlashCommand = {
  name: '247',
  category: 'settings',
  definition: describe(new SlashCommandBuilder().setName('247'), 'cmd.247')
    .addStringOption((o) =>
      describe(o.setName('mode').setRequired(true), 'cmd.247.mode').addChoices(
        { name: 'on', value: 'on' },
        { name: 'off', value: 'off' },
      ),
    )
    .setDMPermission(false)
    .toJSON(),
  async execute(context) {
    const { interaction, services, guildId, actor, t } = context;
    await requireDj(context);
    const enabled = interaction.options.getString('mode', true) === 'on';
    await changeSetting(
      services,
      guildId,
      { key: 'stayConnected247', value: enabled, label: '247' },
      actor.userId,
    );
    await interaction.reply({ content: t(enabled ? 'stay.on' : 'stay.off') });
  },
};
