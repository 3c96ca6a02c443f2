import { SlashCommandBuilder } from 'discord.js';
import { describe, remoteText } from '../../../interactions/index.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';
import { upcomingChoices } from './upcoming-choices.ts';

/** /remove <position> [to]: one track, or a range. Others' tracks need a DJ. */
export const removeCommand: SlashCommand = {
  name: 'remove',
  category: 'queue',
  definition: describe(new SlashCommandBuilder().setName('remove'), 'cmd.remove')
    .addIntegerOption((o) =>
      describe(
        o.setName('position').setRequired(true).setMinValue(1).setAutocomplete(true),
        'cmd.remove.position',
      ),
    )
    .addIntegerOption((o) => describe(o.setName('to').setMinValue(1).setAutocomplete(true), 'cmd.remove.to'))
    .setDMPermission(false)
    .toJSON(),
  execute: (context) => {
    const from = context.interaction.options.getInteger('position', true);
    const to = context.interaction.options.getInteger('to') ?? from;
    return runOperation(context, { type: 'remove', from, to }, ({ outcome }) => {
      const titles = outcome.kind === 'removed' ? outcome.titles : [];
      return {
        key: 'remove.done',
        params: { count: titles.length, titles: titles.map(remoteText).join(', ').slice(0, 1500) },
      };
    });
  },
  autocomplete: upcomingChoices,
};
