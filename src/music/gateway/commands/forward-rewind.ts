import { SlashCommandBuilder } from 'discord.js';
import type { MessageKey } from '../../../i18n/index.ts';
import { describe, formatDuration } from '../../../interactions/index.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';

const DEFAULT_SECONDS = 10;
/** A day: as far as the queue operation lets one jump. */
const MAX_SECONDS = 86_400;

/**
 * /forward [seconds] and /rewind [seconds]: a seek from where the track is now (10 s unless
 * told). The seek's rules apply — DJ, seekable tracks only, nothing past the end — and a
 * rewind stops at the start.
 */
function relativeSeek(name: 'forward' | 'rewind', direction: 1 | -1): SlashCommand {
  return {
    name,
    category: 'playback',
    definition: describe(new SlashCommandBuilder().setName(name), `cmd.${name}` satisfies MessageKey)
      .addIntegerOption((o) =>
        describe(
          o.setName('seconds').setMinValue(1).setMaxValue(MAX_SECONDS),
          `cmd.${name}.seconds` satisfies MessageKey,
        ),
      )
      .setDMPermission(false)
      .toJSON(),
    execute: (context) => {
      const seconds = context.interaction.options.getInteger('seconds') ?? DEFAULT_SECONDS;
      const offsetMs = direction * seconds * 1000;
      return runOperation(context, { type: 'seekBy', offsetMs }, ({ outcome }) => ({
        key: `${name}.done` satisfies MessageKey,
        params: { time: formatDuration(outcome.kind === 'seeked' ? outcome.positionMs : 0) },
      }));
    },
  };
}

export const forwardCommand = relativeSeek('forward', 1);
export const rewindCommand = relativeSeek('rewind', -1);
