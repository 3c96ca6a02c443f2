import { type Client, Events, type GuildMember, type Message } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { loginClient, waitForEvent } from './helpers.ts';

describe('discord.js against the emulator: losing and resuming the gateway session', () => {
  let emulator: DiscordEmulator;
  let client: Client;
  let resumedShards = 0;

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    client = await loginClient(emulator, {}, (c) => c.on(Events.ShardResume, () => resumedShards++));
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
  });

  it('resumes a dropped session and replays what was dispatched while it was away', async () => {
    const { control } = emulator;
    const demo = emulator.demo!;
    const [before] = control.sessions();
    expect(before).toMatchObject({ connected: true, resumes: 0 });
    const resumed = control.waitForSession({ event: 'resume' });

    expect(control.dropSessions().count).toBe(1);
    expect(control.sessions()[0]?.connected).toBe(false);
    // Both happen while the socket is gone; the client can only learn of them through the replay.
    const latecomer = control.createUser({ username: 'latecomer' });
    const joined = waitForEvent<GuildMember>(client, Events.GuildMemberAdd, (m) => m.id === latecomer.id);
    control.addMember({ guildId: demo.guildId, userId: String(latecomer.id) });
    const sent = control.sendMessage({
      channelId: demo.textChannelId,
      userId: demo.ownerId,
      content: 'while away',
    });
    const created = waitForEvent<Message>(client, Events.MessageCreate, (m) => m.id === sent.id);

    const info = await resumed;
    expect(info.sessionId).toBe(before?.sessionId);
    expect((await joined).guild.id).toBe(demo.guildId);
    expect((await created).channelId).toBe(demo.textChannelId);
    expect(control.sessions()).toEqual([
      expect.objectContaining({ sessionId: before?.sessionId, connected: true, resumes: 1 }),
    ]);
    expect(resumedShards).toBe(1);
  });

  it('resumes after an op 7 RECONNECT', async () => {
    const { control } = emulator;
    const resumed = control.waitForSession({ event: 'resume' });
    expect(control.reconnect().count).toBe(1);
    const info = await resumed;
    expect(info.resumes).toBe(2);
    expect(control.sessions()).toHaveLength(1);
    // The client still works after the resume: a fresh dispatch arrives live.
    const demo = emulator.demo!;
    const sent = control.sendMessage({
      channelId: demo.textChannelId,
      userId: demo.ownerId,
      content: 'after',
    });
    await waitForEvent<Message>(client, Events.MessageCreate, (m) => m.id === sent.id);
  });
});
