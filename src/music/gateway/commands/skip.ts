import { SlashCommandBuilder } from 'discord.js';
import { describe } from '../../../interactions/index.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';
import { upcomingChoices } from './upcoming-choices.ts';

/** /skip [to]: a DJ or the requester skips; others vote. `to` jumps ahead (DJ). */
export const skipCommand: SlashCommand = {
  name: 'skip',
  definition: describe(new SlashCommandBuilder().setName('skip'), 'cmd.skip')
    .addIntegerOption((o) => describe(o.setName('to').setMinValue(1).setAutocomplete(true), 'cmd.skip.to'))
    .setDMPermission(false)
    .toJSON(),
  execute: (context) => {
    const to = context.interaction.options.getInteger('to');
    return runOperation(context, to === null ? { type: 'skip' } : { type: 'skip', to }, ({ outcome }) =>
      outcome.kind === 'voted'
        ? { key: 'skip.voted', params: { votes: outcome.votes, needed: outcome.needed } }
        : { key: 'skip.done' },
    );
  },
  autocomplete: upcomingChoices,
};
