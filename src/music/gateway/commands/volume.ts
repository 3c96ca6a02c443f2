import { SlashCommandBuilder } from 'discord.js';
import { describe } from '../../../interactions/index.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';

/** /volume <level>: 0–200 %. */
export const volumeCommand: SlashCommand = {
  name: 'volume',
  category: 'effects',
  definition: describe(new SlashCommandBuilder().setName('volume'), 'cmd.volume')
    .addIntegerOption((o) =>
      describe(o.setName('level').setRequired(true).setMinValue(0).setMaxValue(200), 'cmd.volume.level'),
    )
    .setDMPermission(false)
    .toJSON(),
  execute: (context) => {
    const volume = context.interaction.options.getInteger('level', true);
    return runOperation(context, { type: 'volume', volume }, () => ({
      key: 'volume.done',
      params: { volume },
    }));
  },
};
