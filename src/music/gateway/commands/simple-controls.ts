import { SlashCommandBuilder } from 'discord.js';
import type { MessageKey } from '../../../i18n/index.ts';
import { describe } from '../../../interactions/index.ts';
import type { QueueOperation } from '../../contract.ts';
import type { SlashCommand } from '../handler-types.ts';
import { runOperation } from '../run-operation.ts';

/** The controls without options: one operation, one confirmation. */
function control(name: string, operation: QueueOperation, reply: MessageKey): SlashCommand {
  return {
    name,
    definition: describe(new SlashCommandBuilder().setName(name), `cmd.${name}` as MessageKey)
      .setDMPermission(false)
      .toJSON(),
    execute: (context) =>
      runOperation(context, operation, (result) =>
        operation.type === 'join'
          ? { key: reply, params: { channelId: result.snapshot.voiceChannelId ?? '' } }
          : { key: reply },
      ),
  };
}

export const pauseCommand = control('pause', { type: 'pause' }, 'pause.done');
export const resumeCommand = control('resume', { type: 'resume' }, 'resume.done');
export const backCommand = control('back', { type: 'back' }, 'back.done');
export const stopCommand = control('stop', { type: 'stop' }, 'stop.done');
export const shuffleCommand = control('shuffle', { type: 'shuffle' }, 'shuffle.done');
export const clearCommand = control('clear', { type: 'clear' }, 'clear.done');
export const replayCommand = control('replay', { type: 'replay' }, 'replay.done');
export const joinCommand = control('join', { type: 'join' }, 'join.done');
export const leaveCommand = control('leave', { type: 'leave' }, 'leave.done');
