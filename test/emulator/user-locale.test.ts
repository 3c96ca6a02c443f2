/**
 * A user's client language (the control API's `updateUser`) travels as `locale` on their
 * interactions, as Discord sends the client's; the bot answers in it.
 */
import { Events, type Interaction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { loginClient } from './helpers.ts';

describe('a user’s client language', () => {
  let emulator: DiscordEmulator;
  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
  });
  afterAll(() => emulator?.close());

  it('is the locale of their interactions, and can be switched', async () => {
    const demo = emulator.demo!;
    const bob = demo.memberIds[1] as string;
    const client = await loginClient(emulator, {}, (c) =>
      c.on(Events.InteractionCreate, (interaction: Interaction) => {
        if (interaction.isChatInputCommand()) void interaction.reply(`locale ${interaction.locale}`);
      }),
    );
    try {
      await client.application!.commands.set([{ name: 'hello', description: 'Says hello' }], demo.guildId);
      const ask = () =>
        emulator.control.slashCommand({ userId: bob, channelId: demo.musicTextChannelId, command: 'hello' });
      expect((await ask()).message?.content).toBe('locale en-US');
      const updated = await fetch(`${emulator.controlUrl}/updateUser`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: bob, locale: 'fr' }),
      });
      expect(await updated.json()).toMatchObject({ id: bob, locale: 'fr' });
      expect((await ask()).message?.content).toBe('locale fr');
      expect(() => emulator.control.updateUser({ userId: bob, locale: 'French' })).toThrow(/Discord locale/);
    } finally {
      await client.destroy();
    }
  });
});
