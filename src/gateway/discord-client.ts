import { Client, Events, GatewayIntentBits, Options } from 'discord.js';
import type { Logger } from '../logging/index.ts';

export interface DiscordConnection {
  token: string;
  /** REST base discord.js should use (`…/api`); the emulator's in the sandbox. */
  apiUrl: string;
}

/**
 * Logs a discord.js client in and resolves once it is ready (every guild received).
 * Caches hold only what the bot uses: members and messages are fetched on demand.
 */
export const DISCORD_CACHE_SUMMARY = 'defaults, MessageManager 50, presences/reactions/emojis/stickers 0';

export async function connectDiscordClient(connection: DiscordConnection, logger: Logger): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
    rest: { api: connection.apiUrl },
    // Discord requires a shard per 2,500 guilds; 'auto' takes the count GET /gateway/bot recommends.
    shards: 'auto',
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 50,
      PresenceManager: 0,
      ReactionManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
    }),
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ code: event.code, shardId }, 'discord shard disconnected'),
  );
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(connection.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  return client;
}
