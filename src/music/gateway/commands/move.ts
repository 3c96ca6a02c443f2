import { SlashCommandBuilder } from 'discord.js';
import { describe } from '../../../interactions/index.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';
import { upcomingChoices } from './upcoming-choices.ts';

/** /move <from> <to>: reorders the upcoming tracks. */
export const moveCommand: SlashCommand = {
  name: 'move',
  definition: describe(new SlashCommandBuilder().setName('move'), 'cmd.move')
    .addIntegerOption((o) =>
      describe(o.setName('from').setRequired(true).setMinValue(1).setAutocomplete(true), 'cmd.move.from'),
    )
    .addIntegerOption((o) => describe(o.setName('to').setRequired(true).setMinValue(1), 'cmd.move.to'))
    .setDMPermission(false)
    .toJSON(),
  execute: (context) => {
    const from = context.interaction.options.getInteger('from', true);
    const to = context.interaction.options.getInteger('to', true);
    return runOperation(context, { type: 'move', from, to }, () => ({ key: 'move.done', params: { to } }));
  },
  autocomplete: upcomingChoices,
};
