import { SlashCommandBuilder } from 'discord.js';
import { describe } from '../../../interactions/index.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';

/**
 * /autoplay on|off (DJ): when the queue runs out, keep playing tracks drawn from this
 * guild's play history (see `autoplayOnQueueEnd`).
 */
export const autoplayCommand: SlashCommand = {
  name: 'autoplay',
  category: 'queue',
  definition: describe(new SlashCommandBuilder().setName('autoplay'), 'cmd.autoplay')
    .addStringOption((o) =>
      describe(o.setName('mode').setRequired(true), 'cmd.autoplay.mode').addChoices(
        { name: 'on', value: 'on' },
        { name: 'off', value: 'off' },
      ),
    )
    .setDMPermission(false)
    .toJSON(),
  execute: (context) => {
    const enabled = context.interaction.options.getString('mode', true) === 'on';
    return runOperation(context, { type: 'autoplay', enabled }, enabled ? 'autoplay.on' : 'autoplay.off');
  },
};
