import type { BotAnswer, DiscordEmulator } from '../../src/emulators/discord/index.ts';

/** Discord's EPHEMERAL message flag. */
const EPHEMERAL = 1 << 6;

/**
 * The answer as its user saw it. A command whose answer needs the audio node or the database
 * defers publicly before working; when the answer is private (a refusal, a pick list) the bot
 * deletes the deferred "thinking…" message and sends an ephemeral follow-up, returned here in
 * place of the deleted original.
 */
export async function shownToUser(emulator: DiscordEmulator, answer: BotAnswer): Promise<BotAnswer> {
  if (!answer.deferred || answer.messageId !== null) return answer;
  const [message] = (await emulator.control.followUps({
    interactionId: answer.interactionId,
    count: 1,
  })) as { id: string; flags?: number; content?: string; embeds?: unknown[]; components?: unknown[] }[];
  if (!message) return answer;
  const flags = message.flags ?? 0;
  return {
    ...answer,
    ephemeral: (flags & EPHEMERAL) !== 0,
    flags,
    content: message.content ?? '',
    embeds: message.embeds ?? [],
    components: message.components ?? [],
    messageId: message.id,
    message: message as BotAnswer['message'],
  };
}
