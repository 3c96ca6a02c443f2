import { SlashCommandBuilder } from 'discord.js';
import type { MessageKey, Params } from '../../../i18n/index.ts';
import { describe, type HelpCategory } from '../../../interactions/index.ts';
import type { OperationResult, QueueOperation } from '../../contract.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';

type Reply = MessageKey | ((result: OperationResult) => { key: MessageKey; params?: Params });

/** The controls without options: one operation, one confirmation. */
function control(
  name: string,
  operation: QueueOperation,
  reply: Reply,
  category: HelpCategory = 'playback',
): SlashCommand {
  return {
    name,
    category,
    definition: describe(new SlashCommandBuilder().setName(name), `cmd.${name}` as MessageKey)
      .setDMPermission(false)
      .toJSON(),
    execute: (context) => runOperation(context, operation, reply),
  };
}

export const pauseCommand = control('pause', { type: 'pause' }, 'pause.done');
export const resumeCommand = control('resume', { type: 'resume' }, 'resume.done');
export const backCommand = control('back', { type: 'back' }, 'back.done');
export const stopCommand = control('stop', { type: 'stop' }, 'stop.done');
export const shuffleCommand = control('shuffle', { type: 'shuffle' }, 'shuffle.done', 'queue');
export const clearCommand = control('clear', { type: 'clear' }, 'clear.done', 'queue');
export const replayCommand = control('replay', { type: 'replay' }, 'replay.done');
export const joinCommand = control('join', { type: 'join' }, (result) => ({
  key: 'join.done',
  params: { channelId: result.snapshot.voiceChannelId ?? '' },
}));
export const leaveCommand = control('leave', { type: 'leave' }, 'leave.done');
