import { type Client, Events, type GuildChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, shardOf, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { loginClient, waitForEvent } from './helpers.ts';

describe('sharding: each shard sees exactly its guilds', () => {
  let emulator: DiscordEmulator;
  const clients: Client[] = [];
  const guildIds: string[] = [];

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ recommendedShards: 2 });
    const owner = emulator.control.createUser({ username: 'owner' });
    for (let i = 0; i < 6; i++) {
      guildIds.push(emulator.control.createGuild({ name: `Guild ${i}`, ownerId: String(owner.id) }).id);
    }
    for (const shard of [0, 1]) clients.push(await loginClient(emulator, { shards: [shard], shardCount: 2 }));
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.destroy()));
    await emulator?.close();
  });

  it('reports the shard count in GET /gateway/bot', async () => {
    const response = await fetch(`${emulator.apiUrl}/v10/gateway/bot`, {
      headers: { Authorization: `Bot ${emulator.token}` },
    });
    const body = (await response.json()) as { url: string; shards: number };
    expect(body).toMatchObject({ url: emulator.gatewayUrl, shards: 2 });
  });

  it('gives each shard the guilds with (id >> 22) % 2 equal to its id', () => {
    const expected = [0, 1].map((shard) => guildIds.filter((id) => shardOf(id, 2) === shard).sort());
    expect(expected[0]!.length).toBeGreaterThan(0);
    expect(expected[1]!.length).toBeGreaterThan(0);
    clients.forEach((client, shard) => {
      expect([...client.guilds.cache.keys()].sort()).toEqual(expected[shard]);
    });
    const sessions = emulator.control.sessions().map((s) => s.shard);
    expect(sessions.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('routes a guild event only to the shard that holds the guild', async () => {
    const guildId = guildIds.find((id) => shardOf(id, 2) === 1)!;
    const otherShardEvents: string[] = [];
    const onOther = (channel: GuildChannel) => otherShardEvents.push(channel.id);
    clients[0]!.on(Events.ChannelCreate, onOther);
    const created = waitForEvent<GuildChannel>(
      clients[1]!,
      Events.ChannelCreate,
      (c) => c.guildId === guildId,
    );
    const channel = emulator.control.createChannel({ guildId, name: 'routed', type: 'text' });
    expect((await created).id).toBe(channel.id);
    // A later event for a shard-0 guild arriving proves shard 0 was listening and skipped the first.
    const shard0Guild = guildIds.find((id) => shardOf(id, 2) === 0)!;
    const marker = waitForEvent<GuildChannel>(
      clients[0]!,
      Events.ChannelCreate,
      (c) => c.guildId === shard0Guild,
    );
    emulator.control.createChannel({ guildId: shard0Guild, name: 'marker', type: 'text' });
    await marker;
    clients[0]!.off(Events.ChannelCreate, onOther);
    expect(otherShardEvents).not.toContain(channel.id);
  });
});
