import {
  ChannelType,
  type Client,
  Events,
  type Guild,
  type GuildTextBasedChannel,
  type VoiceState,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { loginClient, waitForEvent } from './helpers.ts';

describe('discord.js against the emulator: messages, members and voice', () => {
  let emulator: DiscordEmulator;
  let client: Client;

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    client = await loginClient(emulator);
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  const text = () => client.channels.cache.get(emulator.demo!.textChannelId) as GuildTextBasedChannel;

  it('sends files as multipart, serves them back, edits, reacts, lists and bulk-deletes', async () => {
    const sent = await text().send({
      content: 'with a file',
      files: [{ attachment: Buffer.from('hello file'), name: 'hello.txt' }],
    });
    const attachment = sent.attachments.first()!;
    expect(attachment.name).toBe('hello.txt');
    expect(await (await fetch(attachment.url)).text()).toBe('hello file');

    const edited = await sent.edit('edited');
    expect(edited.editedTimestamp).not.toBeNull();
    await sent.react('👍');
    expect(emulator.control.getMessage({ messageId: sent.id })).toMatchObject({
      content: 'edited',
      reactions: [{ count: 1, emoji: { name: '👍' } }],
    });

    const second = await text().send('second');
    const listed = await text().messages.fetch({ limit: 2 });
    expect([...listed.keys()]).toEqual([second.id, sent.id]);
    await text().bulkDelete([sent.id, second.id]);
    expect(emulator.control.listMessages({ channelId: text().id }).map((m) => m.id)).not.toContain(sent.id);
  });

  it("limits channel renames to two per ten minutes, like Discord's hidden limit", async () => {
    const channel = await client.guilds.cache
      .get(emulator.demo!.guildId)!
      .channels.create({ name: 'renamed-often' });
    await channel.setName('first');
    await channel.setName('second');
    // discord.js would wait out the ~10 minute retry_after, so the third rename goes out raw.
    const third = await fetch(`${emulator.apiUrl}/v10/channels/${channel.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bot ${emulator.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'third' }),
    });
    expect(third.status).toBe(429);
    expect(third.headers.get('x-ratelimit-scope')).toBe('shared');
    const body = (await third.json()) as { retry_after: number; global: boolean };
    expect(body.global).toBe(false);
    expect(body.retry_after).toBeGreaterThan(590);
    // Other edits still go through.
    await expect(channel.edit({ topic: 'still editable' })).resolves.toMatchObject({
      topic: 'still editable',
    });
  });

  it('receives GUILD_CREATE when the bot joins a guild and GUILD_DELETE when it is removed', async () => {
    const created = waitForEvent<Guild>(client, Events.GuildCreate, (g) => g.name === 'Joined Later');
    const { id } = emulator.control.createGuild({ name: 'Joined Later', ownerId: emulator.demo!.ownerId });
    expect((await created).id).toBe(id);
    expect(client.guilds.cache.get(id)?.members.me).toBeTruthy();
    const deleted = waitForEvent<Guild>(client, Events.GuildDelete, (g) => g.id === id);
    emulator.control.removeBotFromGuild({ guildId: id });
    await deleted;
    expect(client.guilds.cache.has(id)).toBe(false);
  });

  it('refuses an empty message with 50006', async () => {
    await expect(text().send({ content: '' })).rejects.toMatchObject({ code: 50006 });
  });

  it('opens a DM and sends in it', async () => {
    const user = await client.users.fetch(emulator.demo!.memberIds[2]!);
    const message = await user.send('psst');
    expect(message.channel.type).toBe(ChannelType.DM);
    expect(emulator.control.listMessages({ channelId: message.channelId }).map((m) => m.content)).toEqual([
      'psst',
    ]);
  });

  it('fetches all members over the gateway and adds a role', async () => {
    const demo = emulator.demo!;
    const guild = client.guilds.cache.get(demo.guildId)!;
    const members = await guild.members.fetch();
    expect(members.size).toBe(5);
    const bob = members.get(demo.memberIds[1]!)!;
    const updated = waitForEvent<{ id: string }>(
      client,
      Events.GuildMemberUpdate,
      (old) => old.id === bob.id,
    );
    await bob.roles.add(demo.djRoleId);
    await updated;
    expect(guild.members.cache.get(bob.id)?.roles.cache.has(demo.djRoleId)).toBe(true);

    const high = emulator.control.createRole({ guildId: demo.guildId, name: 'Admins', position: 10 });
    await expect(bob.roles.add(String(high.id))).rejects.toMatchObject({ code: 50013 });
  });

  it('sees users join voice, moves and disconnects them, and refuses to move someone not in voice', async () => {
    const demo = emulator.demo!;
    const guild = client.guilds.cache.get(demo.guildId)!;
    const joined = waitForEvent<VoiceState>(
      client,
      Events.VoiceStateUpdate,
      (old) => old.id === demo.memberIds[0],
    );
    emulator.control.joinVoice({ channelId: demo.voiceChannelId, userId: demo.memberIds[0]! });
    await joined;
    expect(guild.voiceStates.cache.get(demo.memberIds[0]!)?.channelId).toBe(demo.voiceChannelId);

    const lounge = await guild.channels.create({
      name: 'Lounge',
      type: ChannelType.GuildVoice,
      userLimit: 4,
    });
    const member =
      guild.members.cache.get(demo.memberIds[0]!) ?? (await guild.members.fetch(demo.memberIds[0]!));
    await member.voice.setChannel(lounge.id);
    expect(emulator.control.voiceStates({ guildId: demo.guildId })).toEqual([
      expect.objectContaining({ user_id: member.id, channel_id: lounge.id }),
    ]);
    await member.voice.disconnect();
    expect(emulator.control.voiceStates({ guildId: demo.guildId })).toEqual([]);
    await expect(member.voice.setChannel(lounge.id)).rejects.toMatchObject({ code: 40032 });
  });

  it('lets the bot join voice with op 4 and gives it a voice server', async () => {
    const demo = emulator.demo!;
    const guild = client.guilds.cache.get(demo.guildId)!;
    const server = waitForEvent<{ t: string; d: { endpoint: string; token: string } }>(
      client,
      Events.Raw,
      (p) => p.t === 'VOICE_SERVER_UPDATE',
    );
    const state = waitForEvent<VoiceState>(
      client,
      Events.VoiceStateUpdate,
      (old) => old.id === client.user!.id,
    );
    guild.shard.send({
      op: 4,
      d: { guild_id: guild.id, channel_id: demo.voiceChannelId, self_mute: false, self_deaf: true },
    });
    expect((await server).d.endpoint).toBe('127.0.0.1:1');
    await state;
    expect(guild.members.me?.voice.channelId).toBe(demo.voiceChannelId);
    expect(guild.members.me?.voice.selfDeaf).toBe(true);
  });
});
