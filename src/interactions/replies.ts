import {
  type ActionRowBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageActionRowComponentBuilder,
  MessageFlags,
  type StringSelectMenuInteraction,
} from 'discord.js';

type Repliable = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction;

/**
 * Acknowledges the interaction, then runs `work`. Discord wants the acknowledgement within 3 s of
 * sending the interaction; work that waits on the audio node, the database or the bus can take
 * longer under load, and so can a timer meant to defer "once it gets slow", since it fires late
 * when the event loop lags. So nothing is awaited before the deferral: a command's reply is
 * deferred publicly (`answer` then edits it, `answerPrivately` swaps it for a private message), a
 * button's or menu's as an update of its message. Work for an interaction whose deferral failed
 * (it expired, or was answered elsewhere) does not run: the user was never told it would.
 */
export async function withinAck<T>(interaction: Repliable, work: () => Promise<T>): Promise<T> {
  if (!interaction.deferred && !interaction.replied) {
    if (interaction.isChatInputCommand()) await interaction.deferReply();
    else await interaction.deferUpdate();
  }
  return work();
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

/** What only the user is shown: a text, or a text with components (a pick list). */
export type PrivateMessage =
  | string
  | { content: string; components?: ActionRowBuilder<MessageActionRowComponentBuilder>[] };

/**
 * Answers only the user (ephemeral), however the interaction was acknowledged:
 * - not yet: an ephemeral reply;
 * - a command deferred ephemerally: the edit of that reply;
 * - a command deferred publicly (`withinAck`): a deferral's visibility is fixed when it is made,
 *   and the first follow-up after it would only fill the public "thinking…" message, so that
 *   message is deleted first and the answer is an ephemeral follow-up;
 * - a button or menu (deferred with `deferUpdate`), or a command already answered: an ephemeral
 *   follow-up. Editing "the reply" of a button would overwrite the message it is on.
 */
export async function answerPrivately(interaction: Repliable, message: PrivateMessage): Promise<void> {
  const body = typeof message === 'string' ? { content: message } : message;
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.isChatInputCommand() && interaction.deferred && !interaction.replied) {
    if (interaction.ephemeral) {
      await interaction.editReply({ embeds: [], components: [], ...body });
      return;
    }
    await interaction.deleteReply();
  }
  await interaction.followUp({ ...body, flags: MessageFlags.Ephemeral });
}
