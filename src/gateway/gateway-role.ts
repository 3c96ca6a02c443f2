import { Events } from 'discord.js';
import { GuildSettingsRepository } from '../db/index.ts';
import type { RoleDefinition } from '../runtime/index.ts';
import { connectDiscordClient } from './discord-client.ts';
import { handleGuildResourceCommands } from './guild-resources.ts';

/**
 * The gateway role: the Discord bot. With DISCORD_TOKEN it logs in to Discord (at
 * DISCORD_API_URL) and keeps the guilds it is in recorded in the database.
 */
export const gatewayRole: RoleDefinition = {
  name: 'gateway',
  async start(context) {
    const { config, logger, database } = context;
    if (!config.DISCORD_TOKEN) {
      logger.warn('DISCORD_TOKEN is unset: the gateway is not connected to Discord');
      return { stop: async () => {} };
    }
    const client = await connectDiscordClient(
      { token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL },
      logger,
    );
    const guilds = new GuildSettingsRepository(database.db);
    const recordGuild = (guild: { id: string; name: string; ownerId: string }) =>
      guilds
        .upsertGuild(guild)
        .catch((error) => logger.error({ err: error, guildId: guild.id }, 'failed to record guild'));
    await Promise.all(client.guilds.cache.map((guild) => recordGuild(guild)));
    client.on(Events.GuildCreate, (guild) => void recordGuild(guild));
    client.on(Events.GuildDelete, (guild) => {
      // An outage makes a guild unavailable without the bot leaving it: only a real leave counts.
      if (!guild.available) return;
      guilds
        .markGuildLeft(guild.id)
        .catch((error) =>
          logger.error({ err: error, guildId: guild.id }, 'failed to record leaving a guild'),
        );
    });
    context.health.add({
      name: 'discord',
      check: async () => {
        if (!client.isReady()) throw new Error('not connected to the Discord gateway');
      },
    });
    const stopAnswering = await handleGuildResourceCommands(context.bus, client);
    logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'connected to Discord');
    return {
      stop: async () => {
        await stopAnswering();
        await client.destroy();
      },
    };
  },
};
