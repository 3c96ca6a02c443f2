import { SlashCommandBuilder } from 'discord.js';
import { describe, formatDuration, parseTime, UserFacingError } from '../../../interactions/index.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';

/** /seek <time>: 1:30, 90 or 1m30s into the current track. */
export const seekCommand: SlashCommand = {
  name: 'seek',
  category: 'playback',
  definition: describe(new SlashCommandBuilder().setName('seek'), 'cmd.seek')
    .addStringOption((o) => describe(o.setName('time').setRequired(true).setMaxLength(16), 'cmd.seek.time'))
    .setDMPermission(false)
    .toJSON(),
  execute: (context) => {
    const positionMs = parseTime(context.interaction.options.getString('time', true));
    if (positionMs === null) throw new UserFacingError('error.BAD_TIME');
    return runOperation(context, { type: 'seek', positionMs }, () => ({
      key: 'seek.done',
      params: { time: formatDuration(positionMs) },
    }));
  },
};
