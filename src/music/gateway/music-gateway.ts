import { Events } from 'discord.js';
import type { GatewayContext, StartedGatewayPart } from '../../capability/index.ts';
import { configuredLyricsProvider } from '../../lyrics/index.ts';
import { GuildSettingsRepository } from '../../settings/index.ts';
import { MUSIC_QUEUE_TOPIC } from '../bus-contract.ts';
import type { MusicQueueEvent } from '../contract.ts';
import type { FinishedPlay } from '../guild-session.ts';
import { startMusicRuntime } from '../music-runtime.ts';
import { PlayHistory } from '../play-history.ts';
import type { MusicServices } from './handler-types.ts';
import { handleMusicCommands } from './music-bus.ts';
import { MusicFeatures } from './music-features.ts';
import { PlaySuggestions } from './play-suggestions.ts';
import { startRequestChannel } from './request-channel.ts';

/**
 * The music capability in the gateway: the runtime driving the audio nodes, the now-playing
 * messages, autoplay and the empty-channel watcher around it, and the panel's bus commands.
 * Players are restored in `ready`, once every capability listens and the commands exist.
 */
export async function startMusicGateway(context: GatewayContext): Promise<StartedGatewayPart<MusicServices>> {
  const { client, logger, bus, database, botUser } = context;
  const playEndedListeners: ((play: FinishedPlay) => Promise<void>)[] = [];
  const features = new MusicFeatures(client, context);
  const music = await startMusicRuntime({
    config: context.config,
    logger: logger.child({ component: 'music' }),
    database,
    health: context.health,
    bot: botUser,
    sendToShard: (guildId, payload) => client.guilds.cache.get(guildId)?.shard.send(payload),
    voice: {
      listeners: (guildId, channelId) => {
        const guild = client.guilds.cache.get(guildId);
        if (!guild) return [];
        return guild.voiceStates.cache
          .filter(
            (state) => state.channelId === channelId && state.id !== botUser.id && !state.member?.user.bot,
          )
          .map((state) => state.id);
      },
    },
    onPlayEnded: async (play) => {
      await Promise.all(playEndedListeners.map((listener) => listener(play)));
    },
    onChange: (snapshot, cause) => {
      const event: MusicQueueEvent = { guildId: snapshot.guildId, cause, snapshot };
      void bus.publish(MUSIC_QUEUE_TOPIC, event);
      features.changed(snapshot.guildId, cause);
    },
    onQueueEnd: (session) => features.onQueueEnd(session),
    onVoiceLost: (lost) => features.voiceLost(lost),
  });
  const onRaw = (packet: Parameters<typeof music.feedRaw>[0]) => music.feedRaw(packet);
  client.on(Events.Raw, onRaw);
  await features.attach(music, botUser.id);
  const stopBusCommands = await handleMusicCommands(context, music.service);
  const settings = new GuildSettingsRepository(database.db);
  const stopRequests = await startRequestChannel({
    client,
    bus,
    music: music.service,
    settings: (guildId) => settings.get(guildId),
    messageContent: context.config.DISCORD_MESSAGE_CONTENT,
    logger: logger.child({ component: 'request-channel' }),
  });
  const history = new PlayHistory(database.db);
  return {
    services: {
      music: music.service,
      history,
      suggestions: new PlaySuggestions({ history, music: music.service }),
      // LRCLIB unless LYRICS_PROVIDER=none (then /lyrics says lyrics are off); docs/music-bot.md.
      lyrics: configuredLyricsProvider(context.config),
      onPlayEnded: (listener) => playEndedListeners.push(listener),
    },
    ready: async () => {
      // Only guilds the bot is still in (unavailable ones included: an outage is not a removal).
      const { restored, closed } = await music.restore((guildId) => client.guilds.cache.has(guildId));
      features.restored();
      logger.info({ restoredPlayers: restored, closedPlayers: closed }, 'music players restored');
    },
    stop: async () => {
      await stopBusCommands();
      await stopRequests();
      client.off(Events.Raw, onRaw);
      await features.stop();
      await music.stop();
    },
  };
}
