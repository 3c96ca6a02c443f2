import { SlashCommandBuilder } from 'discord.js';
import { describe } from '../../../interactions/index.ts';
import { filterPresetNames } from '../../player-options.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';

const RESET = 'reset';

/** /filters <preset|reset> */
export const filtersCommand: SlashCommand = {
  name: 'filters',
  definition: describe(new SlashCommandBuilder().setName('filters'), 'cmd.filters')
    .addStringOption((o) =>
      describe(o.setName('preset').setRequired(true), 'cmd.filters.preset').addChoices(
        ...[...filterPresetNames, RESET].map((name) => ({ name, value: name })),
      ),
    )
    .setDMPermission(false)
    .toJSON(),
  execute: (context) => {
    const preset = context.interaction.options.getString('preset', true);
    const reset = preset === RESET;
    return runOperation(context, { type: 'filter', preset: reset ? null : preset }, () =>
      reset ? { key: 'filter.reset' } : { key: 'filter.done', params: { preset } },
    );
  },
};
