import { setTimeout as sleep } from 'node:timers/promises';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  type Client,
  Events,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { loginClient } from './helpers.ts';

/** Message ids discord.js read from `withResponse` callback answers. */
const callbackMessageIds: string[] = [];

/** The bot under test: plain discord.js code answering in each of the ways a bot can. */
async function answer(interaction: Interaction): Promise<void> {
  if (interaction.isChatInputCommand()) {
    switch (interaction.commandName) {
      case 'ping':
        await interaction.reply('pong');
        return;
      case 'slow': {
        await interaction.deferReply();
        await sleep(50);
        const n = interaction.options.getInteger('n', true);
        const who = interaction.options.getUser('who', true);
        await interaction.editReply(`done ${n * 2} for ${who.username}`);
        return;
      }
      case 'multi':
        await interaction.reply('first');
        await interaction.followUp({ content: 'second', flags: MessageFlags.Ephemeral });
        return;
      case 'file': {
        const response = await interaction.reply({
          content: 'here',
          files: [{ attachment: Buffer.from('track list'), name: 'queue.txt' }],
          withResponse: true,
        });
        callbackMessageIds.push(response.resource?.message?.id ?? 'none');
        return;
      }
      case 'buttons': {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('press').setLabel('Press').setStyle(ButtonStyle.Primary),
        );
        await interaction.reply({ content: 'choose', components: [row] });
        return;
      }
    }
  }
  if (interaction.isButton() && interaction.customId === 'press') {
    await interaction.update({ content: `pressed by ${interaction.user.username}`, components: [] });
  }
}

describe('discord.js against the emulator: commands and interactions', () => {
  let emulator: DiscordEmulator;
  let client: Client;
  const errors: unknown[] = [];

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    const ownerId = emulator.demo!.ownerId;
    emulator.control.createGuild({ name: 'Second Guild', ownerId });
    emulator.control.createGuild({ name: 'Third Guild', ownerId });
    client = await loginClient(emulator, {}, (c) =>
      c.on(Events.InteractionCreate, (interaction) => {
        answer(interaction).catch((error: unknown) => errors.push(error));
      }),
    );
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  it('becomes ready with three guilds and their channels, roles and members cached', () => {
    const demo = emulator.demo!;
    expect(client.guilds.cache.size).toBe(3);
    const guild = client.guilds.cache.get(demo.guildId)!;
    expect(guild.name).toBe('Gramophone Demo');
    expect(guild.channels.cache.get(demo.voiceChannelId)?.isVoiceBased()).toBe(true);
    expect(guild.channels.cache.get(demo.textChannelId)?.name).toBe('general');
    expect(guild.roles.cache.find((r) => r.name === 'DJ')?.id).toBe(demo.djRoleId);
    expect(guild.members.me?.id).toBe(client.user?.id);
    expect(guild.memberCount).toBe(5);
    expect(client.application?.id).toBe(emulator.applicationId);
  });

  it('registers guild commands with a bulk PUT', async () => {
    const guild = client.guilds.cache.get(emulator.demo!.guildId)!;
    const registered = await guild.commands.set([
      { name: 'ping', description: 'Answers pong' },
      {
        name: 'slow',
        description: 'Defers, then edits',
        options: [
          { name: 'n', description: 'a number', type: ApplicationCommandOptionType.Integer, required: true },
          { name: 'who', description: 'a user', type: ApplicationCommandOptionType.User, required: true },
        ],
      },
      { name: 'multi', description: 'Replies and follows up' },
      { name: 'buttons', description: 'Shows a button' },
      { name: 'file', description: 'Replies with a file' },
    ]);
    expect(registered.size).toBe(5);
    const names = emulator.control.commands({ guildId: guild.id }).map((c) => c.name);
    expect(names.sort()).toEqual(['buttons', 'file', 'multi', 'ping', 'slow']);
  });

  it('answers a slash command with reply', async () => {
    const demo = emulator.demo!;
    const answer = await emulator.control.slashCommand({
      channelId: demo.textChannelId,
      userId: demo.ownerId,
      command: 'ping',
    });
    expect(answer).toMatchObject({ responseType: 4, deferred: false, ephemeral: false, content: 'pong' });
    const messages = emulator.control.listMessages({ channelId: demo.textChannelId });
    expect(messages.at(-1)).toMatchObject({
      content: 'pong',
      type: 20,
      author: { id: emulator.applicationId },
    });
  });

  it('answers with deferReply then editReply, reading typed options', async () => {
    const demo = emulator.demo!;
    const answer = await emulator.control.slashCommand({
      channelId: demo.textChannelId,
      userId: demo.ownerId,
      command: 'slow',
      options: { n: 21, who: demo.memberIds[0]! },
    });
    expect(answer).toMatchObject({ responseType: 5, deferred: true, content: 'done 42 for alice' });
    expect((answer.flags & MessageFlags.Loading) === 0).toBe(true);
  });

  it('collects follow-ups after a reply', async () => {
    const demo = emulator.demo!;
    const answer = await emulator.control.slashCommand({
      channelId: demo.textChannelId,
      userId: demo.ownerId,
      command: 'multi',
    });
    expect(answer.content).toBe('first');
    const followUps = await emulator.control.followUps({ interactionId: answer.interactionId, count: 1 });
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({ content: 'second', flags: MessageFlags.Ephemeral });
    // Ephemeral follow-ups are not listed in the channel, like in the client.
    const listed = emulator.control.listMessages({ channelId: demo.textChannelId }).map((m) => m.content);
    expect(listed).toContain('first');
    expect(listed).not.toContain('second');
  });

  it('takes a multipart reply with a file and answers with_response', async () => {
    const demo = emulator.demo!;
    const answer = await emulator.control.slashCommand({
      channelId: demo.textChannelId,
      userId: demo.ownerId,
      command: 'file',
    });
    expect(answer.content).toBe('here');
    expect(answer.attachments).toEqual([expect.objectContaining({ filename: 'queue.txt', size: 10 })]);
    // The answer resolves as the emulator stores the reply; discord.js reads the HTTP answer a moment later.
    await vi.waitFor(() => expect(callbackMessageIds).toEqual([answer.messageId]));
  });

  it('updates the message when a button is clicked', async () => {
    const demo = emulator.demo!;
    const shown = await emulator.control.slashCommand({
      channelId: demo.textChannelId,
      userId: demo.ownerId,
      command: 'buttons',
    });
    expect(shown.components).toHaveLength(1);
    const clicked = await emulator.control.clickButton({
      messageId: shown.messageId!,
      customId: 'press',
      userId: demo.memberIds[1]!,
    });
    expect(clicked).toMatchObject({
      responseType: 7,
      messageId: shown.messageId,
      content: 'pressed by bob',
      components: [],
    });
    expect(emulator.control.getMessage({ messageId: shown.messageId! })).toMatchObject({
      content: 'pressed by bob',
    });
    expect(errors).toEqual([]);
  });
});
