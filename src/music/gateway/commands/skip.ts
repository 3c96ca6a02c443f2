import { SlashCommandBuilder } from 'discord.js';
import type { MessageKey, Params } from '../../../i18n/index.ts';
import { describe, remoteText } from '../../../interactions/index.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';
import { upcomingChoices } from './upcoming-choices.ts';

type Reply = { key: MessageKey; params?: Params };

/**
 * /skip [to]: a DJ or the requester skips; others vote. `to` jumps ahead (DJ) and the reply
 * names the track it landed on.
 */
export const skipCommand: SlashCommand = {
  name: 'skip',
  category: 'playback',
  definition: describe(new SlashCommandBuilder().setName('skip'), 'cmd.skip')
    .addIntegerOption((o) => describe(o.setName('to').setMinValue(1).setAutocomplete(true), 'cmd.skip.to'))
    .setDMPermission(false)
    .toJSON(),
  execute: (context) => {
    const to = context.interaction.options.getInteger('to');
    return runOperation(
      context,
      to === null ? { type: 'skip' } : { type: 'skip', to },
      ({ outcome, snapshot }): Reply => {
        if (outcome.kind === 'voted') {
          return { key: 'skip.voted', params: { votes: outcome.votes, needed: outcome.needed } };
        }
        // A jump says how far it went and what plays now: the playing track and the `to - 1`
        // before position `to` were skipped.
        if (to !== null && snapshot.current) {
          return {
            key: 'skip.jumped',
            params: { count: to, title: remoteText(snapshot.current.info.title) },
          };
        }
        return { key: 'skip.done' };
      },
    );
  },
  autocomplete: upcomingChoices,
};
