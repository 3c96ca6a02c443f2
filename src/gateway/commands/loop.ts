import { SlashCommandBuilder } from 'discord.js';
import { type LoopMode, loopModes } from '../../music/index.ts';
import type { SlashCommand } from '../interactions/command-types.ts';
import { describe } from '../interactions/localized.ts';
import { runOperation } from '../interactions/run-operation.ts';

/** /loop off|track|queue */
export const loopCommand: SlashCommand = {
  name: 'loop',
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
