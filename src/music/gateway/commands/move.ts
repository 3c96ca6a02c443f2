import { SlashCommandBuilder } from 'discord.js';
import { describe, remoteText } from '../../../interactions/index.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';
import { upcomingChoices } from './upcoming-choices.ts';

/** /move <from> <to>: reorders the upcoming tracks; moving a track onto itself says nothing moved. */
export const moveCommand: SlashCommand = {
  name: 'move',
  category: 'queue',
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
    // The operation runs even when `from` equals `to`: it still refuses a position past the end.
    return runOperation(context, { type: 'move', from, to }, ({ snapshot }) => {
      const title = remoteText(snapshot.upcoming[to - 1]?.info.title ?? '');
      return { key: from === to ? 'move.unchanged' : 'move.done', params: { title, to } };
    });
  },
  autocomplete: upcomingChoices,
};
