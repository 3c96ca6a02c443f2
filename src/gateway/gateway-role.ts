import { type Client, Events } from 'discord.js';
import { GuildActivityRecorder, PlayEventRecorder } from '../analytics/index.ts';
import { GuildSettingsRepository } from '../db/index.ts';
import {
  MUSIC_QUEUE_TOPIC,
  type MusicQueueEvent,
  type MusicRuntime,
  PlayHistory,
  startMusicRuntime,
} from '../music/index.ts';
import { PlaylistService } from '../playlists/index.ts';
import type { AppContext, RoleDefinition } from '../runtime/index.ts';
import { componentHandlers, slashCommands } from './commands/index.ts';
import { connectDiscordClient } from './discord-client.ts';
import { handleGuildResourceCommands } from './guild-resources.ts';
import { PickStore } from './interactions/pick-store.ts';
import { routeInteractions } from './interactions/router.ts';
import { recordMemberActivity } from './member-activity.ts';
import { handleMusicCommands } from './music-bus.ts';
import { MusicFeatures } from './music-features.ts';

/**
 * The gateway role: the Discord bot. It logs in to Discord (at DISCORD_API_URL; the sandbox
 * emulator when no token is configured), keeps the guilds it is in recorded, plays music
 * through the audio nodes, and answers slash commands and the panel's bus commands.
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
      {
        token: config.DISCORD_TOKEN,
        apiUrl: config.DISCORD_API_URL,
        memberEvents: config.DISCORD_MEMBER_EVENTS,
      },
      logger,
    );
    const guilds = new GuildSettingsRepository(database.db);
    trackGuildMembership(client, guilds, context);
    const activity = new GuildActivityRecorder(database);
    const stopMemberActivity = config.DISCORD_MEMBER_EVENTS
      ? recordMemberActivity(client, activity, logger)
      : () => {};
    context.health.add({
      name: 'discord',
      check: async () => {
        if (!client.isReady()) throw new Error('not connected to the Discord gateway');
      },
    });

    const music = await startMusic(client, context);
    const playlists = new PlaylistService(database);
    const stopRouting = routeInteractions(client, {
      commands: slashCommands,
      components: componentHandlers,
      services: {
        music: music.service,
        playlists,
        settings: guilds,
        picks: new PickStore(),
        logger,
        history: new PlayHistory(database.db),
        bus: context.bus,
        // No lyrics provider is configured (docs/music-bot.md): /lyrics says lyrics are unavailable.
        lyrics: null,
      },
      onCommandUsed: (use) => {
        activity
          .recordCommandUse({ ...use, at: new Date() })
          .catch((error) => logger.warn({ err: error }, 'failed to record a command use'));
      },
    });
    await client.application?.commands.set(slashCommands.map((command) => command.definition));
    const stopAnswering = await handleGuildResourceCommands(context.bus, client);
    const stopMusicCommands = await handleMusicCommands(context.bus, client, music.service, playlists);
    const restored = await music.restore();
    logger.info(
      { user: client.user?.tag, guilds: client.guilds.cache.size, restoredPlayers: restored },
      'connected to Discord',
    );
    return {
      stop: async () => {
        stopRouting();
        stopMemberActivity();
        await stopMusicCommands();
        await stopAnswering();
        await music.stop();
        await client.destroy();
      },
    };
  },
};

function trackGuildMembership(client: Client, guilds: GuildSettingsRepository, { logger }: AppContext): void {
  const recordGuild = (guild: { id: string; name: string; ownerId: string }) =>
    guilds
      .upsertGuild(guild)
      .catch((error) => logger.error({ err: error, guildId: guild.id }, 'failed to record guild'));
  void Promise.all(client.guilds.cache.map((guild) => recordGuild(guild)));
  client.on(Events.GuildCreate, (guild) => void recordGuild(guild));
  client.on(Events.GuildDelete, (guild) => {
    // An outage makes a guild unavailable without the bot leaving it: only a real leave counts.
    if (!guild.available) return;
    guilds
      .markGuildLeft(guild.id)
      .catch((error) => logger.error({ err: error, guildId: guild.id }, 'failed to record leaving a guild'));
  });
}

async function startMusic(client: Client, context: AppContext): Promise<MusicRuntime> {
  const { logger, bus, database } = context;
  const user = client.user;
  if (!user) throw new Error('the Discord client has no user after ready');
  const plays = new PlayEventRecorder(database);
  const features = new MusicFeatures(client, context);
  const music = await startMusicRuntime({
    config: context.config,
    logger: logger.child({ component: 'music' }),
    database,
    health: context.health,
    bot: { id: user.id, username: user.username },
    sendToShard: (guildId, payload) => client.guilds.cache.get(guildId)?.shard.send(payload),
    voice: {
      listeners: (guildId, channelId) => {
        const guild = client.guilds.cache.get(guildId);
        if (!guild) return [];
        return guild.voiceStates.cache
          .filter((state) => state.channelId === channelId && state.id !== user.id && !state.member?.user.bot)
          .map((state) => state.id);
      },
    },
    onPlayEnded: (play) => plays.record(play),
    onChange: (snapshot, cause) => {
      const event: MusicQueueEvent = { guildId: snapshot.guildId, cause, snapshot };
      void bus.publish(MUSIC_QUEUE_TOPIC, event);
      features.changed(snapshot.guildId);
    },
    onQueueEnd: (session) => features.onQueueEnd(session),
  });
  client.on(Events.Raw, (packet) => music.feedRaw(packet));
  await features.attach(music, user.id);
  return {
    ...music,
    restore: async () => {
      const restored = await music.restore();
      features.restored();
      return restored;
    },
    stop: async () => {
      await features.stop();
      await music.stop();
    },
  };
}
