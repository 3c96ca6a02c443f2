import type { MessageKey, Params } from '../../i18n/index.ts';
import { answer, withinAck } from '../../interactions/index.ts';
import type { OperationResult, QueueOperation } from '../contract.ts';
import type { CommandContext } from './handler-types.ts';

/** Runs one queue operation for the user and answers with `replyKey` (or what `reply` says). */
export async function runOperation(
  context: CommandContext,
  operation: QueueOperation,
  reply: MessageKey | ((result: OperationResult) => { key: MessageKey; params?: Params }),
): Promise<void> {
  const { interaction, services, guildId, actor, settings, t } = context;
  await withinAck(interaction, async () => {
    const result = await services.music.execute(guildId, actor, operation, interaction.channelId, settings);
    const { key, params } = typeof reply === 'string' ? { key: reply, params: {} } : reply(result);
    await answer(interaction, { content: t(key, params) });
  });
}
