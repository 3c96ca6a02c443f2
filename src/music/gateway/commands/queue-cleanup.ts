import { SlashCommandBuilder } from 'discord.js';
import type { MessageKey } from '../../../i18n/index.ts';
import { describe } from '../../../interactions/index.ts';
import type { QueueOperation } from '../../contract.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';

/**
 * A command that takes some upcoming tracks out and says how many: through the queue
 * operation, so the queue in memory and in the database change together (`MusicEngine.transact`).
 */
function cleanup(
  name: 'removedupes' | 'leavecleanup',
  operation: QueueOperation,
  replies: { done: MessageKey; none: MessageKey },
): SlashCommand {
  return {
    name,
    category: 'queue',
    definition: describe(new SlashCommandBuilder().setName(name), `cmd.${name}` satisfies MessageKey)
      .setDMPermission(false)
      .toJSON(),
    execute: (context) =>
      runOperation(context, operation, ({ outcome }) => {
        const count = outcome.kind === 'removed' ? outcome.titles.length : 0;
        return count === 0 ? { key: replies.none } : { key: replies.done, params: { count } };
      }),
  };
}

/** /removedupes: upcoming tracks already queued before them (same link or identifier). */
export const removeDupesCommand = cleanup(
  'removedupes',
  { type: 'removeDuplicates' },
  { done: 'removedupes.done', none: 'removedupes.none' },
);

/** /leavecleanup: upcoming tracks of members no longer in the bot's voice channel. */
export const leaveCleanupCommand = cleanup(
  'leavecleanup',
  { type: 'removeLeavers' },
  { done: 'leavecleanup.done', none: 'leavecleanup.none' },
);
