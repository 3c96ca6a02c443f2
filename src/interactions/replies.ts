import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  MessageFlags,
  type StringSelectMenuInteraction,
} from 'discord.js';

type Repliable = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction;

/** Time we let work run before deferring: Discord wants an answer within 3 s. */
const DEFER_AFTER_MS = 2_000;

/**
 * Runs `work`; if it takes longer than DEFER_AFTER_MS the interaction is deferred first, so
 * Discord never shows "The application did not respond". Fast work answers in one reply,
 * which may then still be ephemeral (a refusal).
 */
export async function withinAck<T>(interaction: Repliable, work: () => Promise<T>): Promise<T> {
  let deferring: Promise<unknown> | null = null;
  const timer = setTimeout(() => {
    if (interaction.deferred || interaction.replied) return;
    const defer = interaction.isChatInputCommand() ? interaction.deferReply() : interaction.deferUpdate();
    deferring = defer.catch(() => {});
  }, DEFER_AFTER_MS);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    // A deferral already on its way must land before anyone answers.
    if (deferring) await deferring;
  }
}

/** Answers publicly: a reply, or the edit of a deferred reply. */
export async function answer(
  interaction: Repliable,
  message: InteractionReplyOptions & InteractionEditReplyOptions,
): Promise<void> {
  if (interaction.deferred || interaction.replied) {
    await interaction.editReply(message as InteractionEditReplyOptions);
  } else {
    await interaction.reply(message as InteractionReplyOptions);
  }
}

/**
 * Answers only the user (ephemeral) when still possible; after a command's deferral, edits
 * the reply. A button or menu deferred with `deferUpdate` gets an ephemeral follow-up: editing
 * "the reply" there would overwrite the message the button is on (a now-playing message).
 */
export async function answerPrivately(interaction: Repliable, content: string): Promise<void> {
  if (interaction.deferred && !interaction.replied && interaction.isChatInputCommand()) {
    await interaction.editReply({ content, embeds: [], components: [] });
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
  } else {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  }
}
