import { defineCapability } from '../capability/index.ts';
import type { MessageKey } from '../i18n/index.ts';
import { configuredLyricsProvider } from '../lyrics/index.ts';
import { GuildSettingsRepository } from '../settings/index.ts';
import { defaultEventStreamOptions } from './api/event-stream.ts';
import { GuildEventHub } from './api/guild-event-hub.ts';
import { liveMusicRoutes } from './api/live-music-routes.ts';
import { LiveMusicService } from './api/live-music-service.ts';
import { lyricsRoutes } from './api/lyrics-routes.ts';
import { PanelLyricsService } from './api/lyrics-service.ts';
import { autoplayCommand } from './gateway/commands/autoplay.ts';
import { filtersCommand } from './gateway/commands/filters.ts';
import { forwardCommand, rewindCommand } from './gateway/commands/forward-rewind.ts';
import { grabCommand } from './gateway/commands/grab.ts';
import { helpCommand } from './gateway/commands/help.ts';
import { historyCommand, historyPageHandler } from './gateway/commands/history.ts';
import { loopCommand } from './gateway/commands/loop.ts';
import { lyricsCommand } from './gateway/commands/lyrics.ts';
import { moveCommand } from './gateway/commands/move.ts';
import { nowPlayingCommand } from './gateway/commands/now-playing.ts';
import { pickHandler, playCommand } from './gateway/commands/play.ts';
import { queueCommand, queuePageHandler } from './gateway/commands/queue.ts';
import { leaveCleanupCommand, removeDupesCommand } from './gateway/commands/queue-cleanup.ts';
import { removeCommand } from './gateway/commands/remove.ts';
import { searchCommand } from './gateway/commands/search.ts';
import { seekCommand } from './gateway/commands/seek.ts';
import {
  backCommand,
  clearCommand,
  joinCommand,
  leaveCommand,
  pauseCommand,
  replayCommand,
  resumeCommand,
  shuffleCommand,
  stopCommand,
} from './gateway/commands/simple-controls.ts';
import { skipCommand } from './gateway/commands/skip.ts';
import { stayConnectedCommand } from './gateway/commands/stay-connected.ts';
import { volumeCommand } from './gateway/commands/volume.ts';
import type { MusicServices } from './gateway/handler-types.ts';
import { startMusicGateway } from './gateway/music-gateway.ts';
import { nowPlayingButtons } from './gateway/now-playing/now-playing-buttons.ts';
import { requireMusicTextChannel } from './gateway/preconditions.ts';
import { isMusicError } from './music-error.ts';
import { musicPlayers, playEvents } from './schema.ts';

/**
 * The music bot: the slash commands and buttons, the players restored from `music_players`
 * through the audio nodes, the now-playing messages, and the panel's live queue and event
 * stream. Design: docs/music-bot.md.
 */
export const musicCapability = defineCapability<MusicServices>({
  name: 'music',
  summary: 'Queues that survive restarts, the now-playing message, DJ role and vote-skip, filters, 24/7',
  tables: { musicPlayers, playEvents },
  settings: [
    'djRoleId',
    'defaultVolume',
    'maxQueueLength',
    'maxTrackLengthSeconds',
    'voteSkipRatio',
    'announceChannelId',
    'leaveWhenEmptySeconds',
    'stayConnected247',
    'pauseWhenEmpty',
    'musicTextChannelId',
    'musicVoiceChannelId',
    'requestChannelId',
    'embedColor',
  ],
  gateway: {
    commands: [
      playCommand,
      searchCommand,
      pauseCommand,
      resumeCommand,
      skipCommand,
      backCommand,
      stopCommand,
      seekCommand,
      forwardCommand,
      rewindCommand,
      queueCommand,
      removeCommand,
      moveCommand,
      clearCommand,
      removeDupesCommand,
      leaveCleanupCommand,
      shuffleCommand,
      loopCommand,
      volumeCommand,
      filtersCommand,
      replayCommand,
      joinCommand,
      leaveCommand,
      nowPlayingCommand,
      historyCommand,
      grabCommand,
      lyricsCommand,
      autoplayCommand,
      stayConnectedCommand,
      helpCommand,
    ],
    components: [pickHandler, queuePageHandler, nowPlayingButtons, historyPageHandler],
    start: startMusicGateway,
    // Answered only in the guild's music text channel when one is set (preconditions.ts); /help
    // anywhere: it only reads the command list (every capability's).
    beforeCommand: (context) =>
      context.interaction.commandName === helpCommand.name ? undefined : requireMusicTextChannel(context),
    describeError: (error) =>
      isMusicError(error)
        ? { key: `error.${error.code}` as MessageKey, params: { reason: '', ...error.params } }
        : null,
  },
  api: {
    guildRoutes: (context) => async (app) => {
      await app.register(liveMusicRoutes, {
        music: new LiveMusicService(context.bus, undefined, {
          trail: new GuildSettingsRepository(context.database.db),
          logError: (error, guildId) =>
            app.log.error({ err: error, guildId }, 'failed to audit a panel action'),
        }),
        events: new GuildEventHub(context.bus, app.log),
        stream: defaultEventStreamOptions,
        eventsRateLimit: context.rateLimits.lenient,
      });
      // Lyrics (#14): the provider is asked from the api role directly (LRCLIB is an outside service).
      await app.register(lyricsRoutes, {
        lyrics: new PanelLyricsService(
          new LiveMusicService(context.bus),
          configuredLyricsProvider(context.config),
          context.logger.child({ component: 'lyrics' }),
        ),
      });
    },
  },
});
