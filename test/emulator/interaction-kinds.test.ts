import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  type Client,
  Events,
  type Interaction,
  LabelBuilder,
  ModalBuilder,
  PermissionFlagsBits,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { loginClient } from './helpers.ts';

const SONGS = ['Blue in Green', 'Bluebird', 'So What', 'Solar'];

async function answer(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused().toLowerCase();
    await interaction.respond(
      SONGS.filter((s) => s.toLowerCase().startsWith(typed)).map((s) => ({ name: s, value: s })),
    );
    return;
  }
  if (interaction.isChatInputCommand() && interaction.commandName === 'play') {
    const menu = new StringSelectMenuBuilder()
      .setCustomId('volume')
      .addOptions({ label: 'Quiet', value: '20' }, { label: 'Loud', value: '90' });
    await interaction.reply({
      content: `queued ${interaction.options.getString('song', true)}`,
      components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
    });
    return;
  }
  if (interaction.isChatInputCommand() && interaction.commandName === 'admin') {
    await interaction.reply({ content: interaction.inGuild() ? 'guild admin' : 'dm admin' });
    return;
  }
  if (interaction.isChatInputCommand() && interaction.commandName === 'feedback') {
    const modal = new ModalBuilder()
      .setCustomId('feedback-form')
      .setTitle('Feedback')
      .addLabelComponents(
        new LabelBuilder()
          .setLabel('What do you think?')
          .setTextInputComponent(
            new TextInputBuilder().setCustomId('opinion').setStyle(TextInputStyle.Short),
          ),
      );
    await interaction.showModal(modal);
    return;
  }
  if (interaction.isStringSelectMenu()) {
    await interaction.update({ content: `volume ${interaction.values[0]}` });
    return;
  }
  if (interaction.isModalSubmit()) {
    await interaction.reply({ content: `thanks: ${interaction.fields.getTextInputValue('opinion')}` });
  }
}

describe('discord.js against the emulator: autocomplete, select menus, modals', () => {
  let emulator: DiscordEmulator;
  let client: Client;
  const errors: unknown[] = [];

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    client = await loginClient(emulator, {}, (c) =>
      c.on(Events.InteractionCreate, (i) => {
        answer(i).catch((e: unknown) => errors.push(e));
      }),
    );
    // Global commands this time.
    await client.application!.commands.set([
      {
        name: 'play',
        description: 'Queue a song',
        options: [
          {
            name: 'song',
            description: 'which',
            type: ApplicationCommandOptionType.String,
            required: true,
            autocomplete: true,
          },
        ],
      },
      { name: 'feedback', description: 'Tell us' },
      {
        name: 'admin',
        description: 'Managers only',
        default_member_permissions: String(PermissionFlagsBits.ManageGuild),
      },
    ]);
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  it('offers autocomplete choices for the focused option', async () => {
    const demo = emulator.demo!;
    const answer = await emulator.control.autocomplete({
      channelId: demo.musicTextChannelId,
      userId: demo.memberIds[0]!,
      command: 'play',
      options: { song: 'blue' },
      focused: 'song',
    });
    expect(answer.responseType).toBe(8);
    expect(answer.choices).toEqual([
      { name: 'Blue in Green', value: 'Blue in Green' },
      { name: 'Bluebird', value: 'Bluebird' },
    ]);
  });

  it('sends no autocomplete for an option registered without it, as the Discord client does', async () => {
    const demo = emulator.demo!;
    await client.application!.commands.create({
      name: 'echo',
      description: 'Say it',
      options: [{ name: 'text', description: 'what', type: ApplicationCommandOptionType.String }],
    });
    await expect(
      emulator.control.autocomplete({
        channelId: demo.musicTextChannelId,
        userId: demo.ownerId,
        command: 'echo',
        options: { text: 'he' },
        focused: 'text',
      }),
    ).rejects.toThrow(/option "text" is not registered with autocomplete/);
  });

  it('refuses an unregistered command or a missing required option before the bot sees it', async () => {
    const demo = emulator.demo!;
    const base = { channelId: demo.musicTextChannelId, userId: demo.ownerId };
    await expect(emulator.control.slashCommand({ ...base, command: 'nope' })).rejects.toThrow(
      /not registered/,
    );
    await expect(emulator.control.slashCommand({ ...base, command: 'play' })).rejects.toThrow(
      /needs option "song"/,
    );
    await expect(
      emulator.control.slashCommand({ ...base, command: 'play', options: { song: 3 } }),
    ).rejects.toThrow(/takes a string/);
  });

  it('passes a string select to the bot and shows its update', async () => {
    const demo = emulator.demo!;
    const played = await emulator.control.slashCommand({
      channelId: demo.musicTextChannelId,
      userId: demo.ownerId,
      command: 'play',
      options: { song: 'Solar' },
    });
    expect(played.content).toBe('queued Solar');
    await expect(
      emulator.control.selectMenu({
        messageId: played.messageId!,
        customId: 'volume',
        userId: demo.ownerId,
        values: ['55'],
      }),
    ).rejects.toThrow(/no option "55"/);
    const selected = await emulator.control.selectMenu({
      messageId: played.messageId!,
      customId: 'volume',
      userId: demo.ownerId,
      values: ['90'],
    });
    expect(selected).toMatchObject({ responseType: 7, content: 'volume 90' });
  });

  it('hides commands a member lacks default_member_permissions for, and works in DMs', async () => {
    const demo = emulator.demo!;
    await expect(
      emulator.control.slashCommand({
        channelId: demo.textChannelId,
        userId: demo.memberIds[0]!,
        command: 'admin',
      }),
    ).rejects.toThrow(/may not use \/admin/);
    const owner = await emulator.control.slashCommand({
      channelId: demo.textChannelId,
      userId: demo.ownerId,
      command: 'admin',
    });
    expect(owner.content).toBe('guild admin');
    const dm = emulator.control.openDm({ userId: demo.memberIds[0]! });
    const inDm = await emulator.control.slashCommand({
      channelId: String(dm.id),
      userId: demo.memberIds[0]!,
      command: 'admin',
    });
    expect(inDm.content).toBe('dm admin');
  });

  it('shows a modal and receives its submission', async () => {
    const demo = emulator.demo!;
    const shown = await emulator.control.slashCommand({
      channelId: demo.textChannelId,
      userId: demo.memberIds[1]!,
      command: 'feedback',
    });
    expect(shown.responseType).toBe(9);
    expect(shown.modal).toMatchObject({ custom_id: 'feedback-form', title: 'Feedback' });
    const submitted = await emulator.control.submitModal({
      userId: demo.memberIds[1]!,
      customId: 'feedback-form',
      fields: { opinion: 'lovely' },
    });
    expect(submitted).toMatchObject({ responseType: 4, content: 'thanks: lovely' });
    expect(errors).toEqual([]);
  });
});
