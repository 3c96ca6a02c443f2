import { type Client, Events, type TextChannel, VoiceChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../emulators/discord/index.ts';
import { silentLogger } from '../logging/index.ts';
import { connectDiscordClient, discordSweepers } from './discord-client.ts';

describe('the gateway discord.js client', () => {
  let emulator: DiscordEmulator;
  let client: Client;
  let demo: NonNullable<DiscordEmulator['demo']>;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    demo = emulator.demo!;
    [alice = '', bob = ''] = demo.memberIds;
    // Alice listens before the bot connects: she comes with GUILD_CREATE.
    emulator.control.joinVoice({ channelId: demo.voiceChannelId, userId: alice });
    client = await connectDiscordClient({ token: emulator.token, apiUrl: emulator.apiUrl }, silentLogger());
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  it('caches what the bot reads: guilds, channels, roles, voice states, itself and the members in voice', () => {
    const guild = client.guilds.cache.get(demo.guildId)!;
    expect(guild.channels.cache.get(demo.voiceChannelId)).toBeInstanceOf(VoiceChannel);
    expect(guild.roles.cache.get(demo.djRoleId)?.name).toBe('DJ');
    expect(guild.voiceStates.cache.get(alice)?.channelId).toBe(demo.voiceChannelId);
    expect(guild.members.cache.get(alice)?.user.bot).toBe(false);
    expect(guild.members.me?.id).toBe(client.user?.id);
  });

  it('returns the messages it sends without keeping them', async () => {
    const channel = client.channels.cache.get(demo.textChannelId) as TextChannel;
    const sent = await channel.send('now playing');
    expect(sent.content).toBe('now playing');
    const edited = await channel.messages.edit(sent.id, 'still playing');
    expect(edited.content).toBe('still playing');
    expect(channel.messages.cache.size).toBe(0);
    expect(client.guilds.cache.get(demo.guildId)?.emojis.cache.size).toBe(0);
  });

  it('pings nobody by default: remote text with @everyone or a mention is sent without pinging', async () => {
    const channel = client.channels.cache.get(demo.textChannelId) as TextChannel;
    const text = `@everyone <@${alice}> <@&${demo.djRoleId}> — a track title`;
    const quiet = await channel.send(text);
    expect(quiet.mentions.everyone).toBe(false);
    expect([...quiet.mentions.users.keys(), ...quiet.mentions.roles.keys()]).toEqual([]);
    // Where a ping is meant, the caller opts in for it.
    const meant = await channel.send({ content: text, allowedMentions: { users: [alice] } });
    expect([...meant.mentions.users.keys()]).toEqual([alice]);
    expect(meant.mentions.everyone).toBe(false);
    // Discord's own default, without allowed_mentions, would have pinged all three.
    const response = await fetch(`${emulator.apiUrl}/v10/channels/${demo.textChannelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${emulator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: text }),
    });
    const raw = (await response.json()) as {
      mention_everyone: boolean;
      mentions: unknown[];
      mention_roles: unknown[];
    };
    expect([raw.mention_everyone, raw.mentions.length, raw.mention_roles.length]).toEqual([true, 1, 1]);
  });

  it('sweeps members, users and voice states of people who left voice, never the bot or listeners', async () => {
    const guild = client.guilds.cache.get(demo.guildId)!;
    emulator.control.joinVoice({ channelId: demo.voiceChannelId, userId: bob });
    await vi.waitFor(() => expect(guild.members.cache.has(bob)).toBe(true), { timeout: 5_000 });
    emulator.control.leaveVoice({ guildId: demo.guildId, userId: bob });
    await vi.waitFor(() => expect(guild.voiceStates.cache.get(bob)?.channelId).toBeNull(), {
      timeout: 5_000,
    });

    client.sweepers.sweepGuildMembers(discordSweepers.guildMembers());
    client.sweepers.sweepVoiceStates(discordSweepers.voiceStates());
    client.sweepers.sweepUsers(discordSweepers.users());

    expect(guild.members.cache.has(bob)).toBe(false);
    expect(guild.voiceStates.cache.has(bob)).toBe(false);
    expect([...guild.members.cache.keys()].sort()).toEqual([alice, client.user!.id].sort());
    expect(guild.voiceStates.cache.get(alice)?.member?.user.bot).toBe(false);
    expect([...client.users.cache.keys()]).toEqual([client.user!.id]);
  });
});

describe('the gateway discord.js client with member events', () => {
  let emulator: DiscordEmulator;
  let client: Client;

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    // The Server Members intent is privileged: the application must have it switched on.
    emulator.control.updateApplication({ flags: 1 << 14 });
    client = await connectDiscordClient(
      { token: emulator.token, apiUrl: emulator.apiUrl, memberEvents: true },
      silentLogger(),
    );
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  it('reports the leave of a member it never cached', async () => {
    const demo = emulator.demo!;
    const carol = demo.memberIds[2]!;
    expect(client.guilds.cache.get(demo.guildId)?.members.cache.has(carol)).toBe(false);
    const left = new Promise<string>((resolve) =>
      client.once(Events.GuildMemberRemove, (member) => resolve(member.id)),
    );
    emulator.control.removeMember({ guildId: demo.guildId, userId: carol });
    expect(await left).toBe(carol);
  });
});
