import {
  ChannelType,
  type Client,
  DiscordAPIError,
  Events,
  type GuildChannel,
  PermissionFlagsBits,
  REST,
  Routes,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { loginClient, waitForEvent } from './helpers.ts';

describe('REST permissions and Discord error codes', () => {
  let emulator: DiscordEmulator;
  let client: Client;
  let rest: REST;
  let lockedGuildId: string;

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    const ownerId = emulator.demo!.ownerId;
    lockedGuildId = emulator.control.createGuild({
      name: 'Locked',
      ownerId,
      everyonePermissions: String(PermissionFlagsBits.ViewChannel),
      botPermissions: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages),
    }).id;
    client = await loginClient(emulator);
    rest = new REST({ api: emulator.apiUrl }).setToken(emulator.token);
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  it('refuses to create a channel without MANAGE_CHANNELS (403, 50013)', async () => {
    const guild = client.guilds.cache.get(lockedGuildId)!;
    const error = await guild.channels.create({ name: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ status: 403, code: 50013, message: 'Missing Permissions' });

    const raw = await fetch(`${emulator.apiUrl}/v10/guilds/${lockedGuildId}/channels`, {
      method: 'POST',
      headers: { Authorization: `Bot ${emulator.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'nope' }),
    });
    expect(raw.status).toBe(403);
    expect(raw.headers.get('x-ratelimit-bucket')).toBeTruthy();
    expect(await raw.json()).toEqual({ message: 'Missing Permissions', code: 50013 });
  });

  it('allows it once a role grants MANAGE_CHANNELS, and dispatches CHANNEL_CREATE', async () => {
    const botRole = emulator.control
      .guild({ guildId: lockedGuildId })
      .roles.find((r) => r.tags !== undefined)!;
    emulator.control.updateRole({
      guildId: lockedGuildId,
      roleId: String(botRole.id),
      permissions: String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ManageChannels),
    });
    const guild = client.guilds.cache.get(lockedGuildId)!;
    const dispatched = waitForEvent<GuildChannel>(
      client,
      Events.ChannelCreate,
      (c) => c.name === 'allowed-now',
    );
    const channel = await guild.channels.create({ name: 'Allowed Now', type: ChannelType.GuildText });
    expect(channel.name).toBe('allowed-now');
    expect((await dispatched).id).toBe(channel.id);
  });

  it('applies channel overwrites: a denied MANAGE_CHANNELS blocks editing that channel', async () => {
    const demo = emulator.demo!;
    const botId = client.user!.id;
    emulator.control.setPermissionOverwrite({
      channelId: demo.textChannelId,
      id: botId,
      type: 'member',
      deny: String(PermissionFlagsBits.ManageChannels),
    });
    const channel = client.channels.cache.get(demo.textChannelId) as GuildChannel;
    await expect(channel.setName('renamed')).rejects.toMatchObject({ code: 50013 });
    // Another channel without the overwrite can still be edited.
    const music = client.channels.cache.get(demo.musicTextChannelId) as GuildChannel;
    await expect(music.setName('tunes')).resolves.toMatchObject({ name: 'tunes' });
  });

  it('answers unknown resources with their Discord codes', async () => {
    const demo = emulator.demo!;
    const guild = client.guilds.cache.get(demo.guildId)!;
    const text = client.channels.cache.get(demo.textChannelId);
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => 'resolved',
        (e: DiscordAPIError) => e.code,
      );
    expect(await codeOf(client.channels.fetch('1234567890123'))).toBe(10003);
    expect(await codeOf(client.guilds.fetch('1234567890123'))).toBe(10004);
    expect(await codeOf(guild.members.fetch({ user: '1234567890123', force: true }))).toBe(10007);
    expect(await codeOf(text!.isTextBased() ? text.messages.fetch('1234567890123') : Promise.resolve())).toBe(
      10008,
    );
    expect(
      await codeOf(rest.patch(Routes.guildRole(guild.id, '1234567890123'), { body: { name: 'x' } })),
    ).toBe(10011);
    expect(await codeOf(client.users.fetch('1234567890123', { force: true }))).toBe(10013);
    expect(
      await codeOf(
        rest.post(Routes.interactionCallback('1234567890123', 'nope'), {
          body: { type: 4, data: { content: 'x' } },
          auth: false,
        }),
      ),
    ).toBe(10062);
  });

  it('answers bad bodies with 50035 and its nested errors', async () => {
    const error = (await rest
      .post(Routes.guildChannels(emulator.demo!.guildId), { body: { name: '', type: 0 } })
      .catch((e: unknown) => e)) as DiscordAPIError;
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({
      errors: { name: { _errors: [{ code: 'BASE_TYPE_MIN_LENGTH' }] } },
    });
  });

  it('refuses a wrong bot token with 401', async () => {
    const response = await fetch(`${emulator.apiUrl}/v10/users/@me`, {
      headers: { Authorization: 'Bot wrong.token.here' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: '401: Unauthorized', code: 0 });
  });
});
