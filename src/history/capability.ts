import { defineCapability } from '../capability/index.ts';
import { musicCapability } from '../music/index.ts';
import { historyRoutes } from './api/history-routes.ts';
import { startVoiceHistory, type VoiceListensListener } from './gateway/voice-history.ts';
import { HistorySettingsRepository } from './history-settings.ts';
import { historyImportJob, historyImportUserRoutes } from './imports/index.ts';
import { ListenArchive } from './listen-archive.ts';
import { ListenLog } from './listen-log.ts';
import {
  historyAlbums,
  historyArtists,
  historyImports,
  historyLinkAttempts,
  historyLinks,
  historyListens,
  historyScrobbles,
  historySettings,
  historyTrackArtists,
  historyTracks,
} from './schema.ts';
import { scrobbleSendJob, scrobbleUserRoutes, scrobbleVoiceListens } from './scrobbling/index.ts';
import {
  cronRoutes,
  spotifyArchiveJobs,
  spotifyLinkRoutes,
  spotifyLinkServices,
} from './spotify-link/index.ts';
import { VoiceListens } from './voice-listens.ts';
import { VoicePresence } from './voice-presence.ts';

/** What the history capability offers other capabilities in the gateway (through `needs`). */
export interface HistoryServices {
  archive: ListenArchive;
  settings: HistorySettingsRepository;
  /** Called with the listens each voice play gave (already stored), e.g. to scrobble them. */
  onVoiceListens(listener: VoiceListensListener): void;
}

/**
 * Personal listening history: every user's listens from every path (Spotify polling and
 * import, Discord voice, ListenBrainz import) over one normalised catalogue, each stored once
 * (listen-identity.ts); voice plays heard by opted-in listeners; the panel's `/api/me/history`.
 * Design: docs/architecture.md "Listening history".
 */
export const historyCapability = defineCapability<HistoryServices>({
  name: 'history',
  summary: 'Each user’s listening archive: Spotify, imports and voice plays, stored once',
  needs: [musicCapability],
  tables: {
    historyArtists,
    historyAlbums,
    historyTracks,
    historyTrackArtists,
    historyListens,
    historySettings,
    historyLinks,
    historyLinkAttempts,
    historyImports,
    historyScrobbles,
  },
  gateway: {
    start: async (context) => {
      const archive = new ListenArchive(context.database);
      const settings = new HistorySettingsRepository(context.database);
      const presence = new VoicePresence();
      // Scrobbling (src/history/scrobbling): each voice play's listens go to the outbox first.
      const listeners: VoiceListensListener[] = [scrobbleVoiceListens(context)];
      const stop = startVoiceHistory({
        client: context.client,
        presence,
        voiceListens: new VoiceListens({ presence, settings, archive, botId: context.botUser.id }),
        onPlayEnded: (listener) => context.use(musicCapability).onPlayEnded(listener),
        listeners,
        logger: context.logger.child({ component: 'voice-history' }),
      });
      return {
        services: { archive, settings, onVoiceListens: (listener) => listeners.push(listener) },
        stop: async () => stop(),
      };
    },
  },
  api: {
    userRoutes: (context) => async (app) => {
      await app.register(historyRoutes, {
        log: new ListenLog(context.database),
        settings: new HistorySettingsRepository(context.database),
      });
      // Imports of history exports (src/history/imports): their own plugin, the body is a stream.
      await app.register(historyImportUserRoutes(context));
      // Spotify linking and every link's state (src/history/spotify-link).
      await app.register(spotifyLinkRoutes, spotifyLinkServices(context));
      // ListenBrainz and Last.fm linking for scrobbling (src/history/scrobbling).
      await app.register(scrobbleUserRoutes(context));
    },
    // POST /api/cron/archive: an outside scheduler's signed call for a Spotify archival round.
    routes: (context) => async (app) => {
      await app.register(cronRoutes, { context });
    },
  },
  worker: {
    jobs: [historyImportJob, ...spotifyArchiveJobs, scrobbleSendJob],
  },
});
