/**
 * How fast the Discord emulator brings a bot online with 10,000 guilds: READY plus every GUILD_CREATE,
 * first with bare websocket shards (the emulator's own speed), then with discord.js (what tests see).
 * Run: node bin/run-ts.js bench/emulator.bench.ts [guilds]
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { WebSocket } from 'ws';
import { type DiscordEmulator, Intent, startDiscordEmulator } from '../src/emulators/discord/index.ts';

const GUILDS = Number(process.argv[2] ?? 10_000);

async function seed(): Promise<DiscordEmulator> {
  const emulator = await startDiscordEmulator({});
  const { control } = emulator;
  const owner = control.createUser({ username: 'owner' });
  const members = [control.createUser({ username: 'alice' }), control.createUser({ username: 'bob' })];
  for (let i = 0; i < GUILDS; i++) {
    const guild = control.createGuild({ name: `Guild ${i}`, ownerId: String(owner.id) });
    const category = control.createChannel({ guildId: guild.id, name: 'Music', type: 'category' });
    control.createChannel({ guildId: guild.id, name: 'general', type: 'text' });
    control.createChannel({ guildId: guild.id, name: 'Music', type: 'voice', parentId: String(category.id) });
    for (const member of members) control.addMember({ guildId: guild.id, userId: String(member.id) });
  }
  return emulator;
}

/** One bare shard: IDENTIFY, then count GUILD_CREATEs until READY's guild list is complete. */
function rawShard(emulator: DiscordEmulator, shard: [number, number]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${emulator.gatewayUrl}?v=10&encoding=json`);
    let expected = -1;
    let received = 0;
    socket.on('message', (data) => {
      const payload = JSON.parse(data.toString()) as {
        op: number;
        t: string | null;
        d: { guilds?: unknown[] };
      };
      if (payload.op === 10) {
        socket.send(
          JSON.stringify({
            op: 2,
            d: {
              token: emulator.token,
              intents: Intent.GUILDS | Intent.GUILD_VOICE_STATES,
              properties: {},
              shard,
            },
          }),
        );
      } else if (payload.t === 'READY') {
        expected = payload.d.guilds?.length ?? 0;
      } else if (payload.t === 'GUILD_CREATE') {
        received += 1;
      }
      if (expected >= 0 && received === expected) {
        socket.close(1000);
        resolve(received);
      }
    });
    socket.on('close', (code) => {
      if (expected < 0 || received < expected) reject(new Error(`shard ${shard[0]} closed with ${code}`));
    });
  });
}

const seedStart = performance.now();
const emulator = await seed();
const seedMs = performance.now() - seedStart;
const info = (await (
  await fetch(`${emulator.apiUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${emulator.token}` } })
).json()) as { shards: number };

const rawStart = performance.now();
const counts = await Promise.all(
  Array.from({ length: info.shards }, (_, id) => rawShard(emulator, [id, info.shards])),
);
const rawMs = performance.now() - rawStart;

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
  // More than 2,500 guilds need sharding; 'auto' takes the count GET /gateway/bot recommends.
  shards: 'auto',
  rest: { api: emulator.apiUrl },
});
const djsStart = performance.now();
const ready = once(client, Events.ClientReady);
await client.login(emulator.token);
await ready;
const djsMs = performance.now() - djsStart;
const cached = client.guilds.cache.size;
await client.destroy();
await emulator.close();

console.log(
  JSON.stringify(
    {
      guilds: GUILDS,
      shards: info.shards,
      seedMs: Math.round(seedMs),
      rawWebsocket: {
        guildCreates: counts.reduce((a, b) => a + b, 0),
        readyAndAllGuildCreatesMs: Math.round(rawMs),
      },
      discordJs: { guildsCached: cached, loginToClientReadyMs: Math.round(djsMs) },
    },
    null,
    2,
  ),
);
