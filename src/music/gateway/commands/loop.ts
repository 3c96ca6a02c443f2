import { SlashCommandBuilder } from 'discord.js';
import { describe } from '../../../interactions/index.ts';
import { type LoopMode, loopModes } from '../../player-options.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';

/** /loop off|track|queue */
export const loopCommand: SlashCommand = {
  name: 'loop',
  category: 'queue',
  definition: describe(new SlashCommandBuilder().setName('loop'), 'cmd.loop')
    .addStringOption((o) =>
      describe(o.setName('mode').setRequired(true), 'cmd.loop.mode').addChoices(
        ...loopModes.map((mode) => ({ name: mode, value: mode })),
      ),
    )
    .setDMPermission(false)
    .toJSON(),
  execute: (context) => {
    const mode = context.interaction.options.getString('mode', true) as LoopMode;
    return runOperation(context, { type: 'loop', mode }, `loop.${mode}`);
  },
};
