import { join } from 'node:path';
import type { Config } from '../config/index.ts';
import { resolveAudioPassword } from '../config/index.ts';
import { ffmpegChoice } from '../media/index.ts';
import { createNetGuard } from '../net-guard/index.ts';
import type { RoleDefinition } from '../runtime/index.ts';
import { createPlayerEngineFactory, supportedFilters } from './playback/index.ts';
import { createAudioServer } from './server/index.ts';
import { createSourceManager } from './sources/index.ts';

export { AUDIO_NODE_VERSION } from './server/index.ts';

/** The settings the role uses: AUDIO_LOCAL_DIRS defaults to `DATA_DIR/music`. */
export function audioSettings(config: Config): { localDirs: string[]; playerUpdateIntervalMs: number } {
  return {
    localDirs: [...(config.AUDIO_LOCAL_DIRS ?? [join(config.DATA_DIR, 'music')])],
    playerUpdateIntervalMs: config.AUDIO_PLAYER_UPDATE_INTERVAL_MS,
  };
}

/** Spotify, Apple Music and Deezer links: the metadata APIs' base URLs, credentials and cap. */
function mirrorSettings(config: Config) {
  return {
    spotifyClientId: config.SPOTIFY_CLIENT_ID,
    spotifyClientSecret: config.SPOTIFY_CLIENT_SECRET,
    spotifyApiUrl: config.SPOTIFY_API_URL,
    spotifyAccountsUrl: config.SPOTIFY_ACCOUNTS_URL,
    deezerApiUrl: config.DEEZER_API_URL,
    appleMusicToken: config.APPLE_MUSIC_TOKEN,
    appleMusicApiUrl: config.APPLE_MUSIC_API_URL,
    itunesApiUrl: config.ITUNES_API_URL,
    playlistMax: config.MIRROR_PLAYLIST_MAX,
  };
}

/**
 * The audio role: Gramophone's built-in Lavalink v4 node on AUDIO_HOST:AUDIO_PORT (0: any free
 * port), playing from http(s) URLs, the local folders and (with yt-dlp) YouTube/SoundCloud
 * through ffmpeg and @discordjs/voice. Any Lavalink v4 client (the gateway role,
 * lavalink-client, shoukaku) can use it with AUDIO_PASSWORD.
 */
export const audioRole: RoleDefinition = {
  name: 'audio',
  async start(context) {
    const { config, logger, metrics } = context;
    const settings = audioSettings(config);
    const ffmpeg = ffmpegChoice({ FFMPEG_PATH: config.FFMPEG_PATH ?? process.env.FFMPEG_PATH });
    if (ffmpeg.warning)
      logger.warn({ ffmpeg: ffmpeg.path, reason: ffmpeg.warning }, 'using the fallback ffmpeg');
    else logger.info({ ffmpeg: ffmpeg.path, source: ffmpeg.source }, 'ffmpeg found');
    const password = resolveAudioPassword(config);
    // The gateway resolves the same password from the same DATA_DIR (src/music/music-runtime.ts).
    if (password.source !== 'config')
      logger.info(
        { path: password.path, source: password.source },
        'audio node password from DATA_DIR (AUDIO_PASSWORD is the default)',
      );
    const netGuard = createNetGuard({
      allow: config.AUDIO_HTTP_ALLOW ?? [],
      deny: config.AUDIO_HTTP_DENY ?? [],
    });
    const sources = await createSourceManager({
      localDirs: settings.localDirs,
      logger: logger.child({ module: 'audio-sources' }),
      registry: metrics,
      netGuard,
      maxConcurrentProbes: config.AUDIO_MAX_CONCURRENT_PROBES,
      ...(config.YT_DLP_PATH ? { ytDlpPath: config.YT_DLP_PATH } : {}),
      mirror: mirrorSettings(config),
    });
    const engines = createPlayerEngineFactory({ logger, registry: metrics, netGuard });
    const server = createAudioServer({
      allowedHosts: config.AUDIO_ALLOWED_HOSTS ?? [],
      password: password.password,
      sources,
      engines,
      logger: logger.child({ module: 'audio-server' }),
      metrics,
      playerUpdateIntervalMs: settings.playerUpdateIntervalMs,
      supportedFilters,
    });
    let port: number;
    try {
      ({ port } = await server.listen({ host: config.AUDIO_HOST, port: config.AUDIO_PORT }));
    } catch (error) {
      await server.close().catch(() => {});
      await sources.close();
      await netGuard.close();
      throw error;
    }
    context.health.add({
      name: 'audio',
      check: async () => {
        if (!server.app.server.listening) throw new Error('audio node is not listening');
      },
    });
    return {
      ports: { AUDIO_PORT: port },
      // Sessions go first (their players are destroyed, Discord voice is left), then the sources.
      stop: async () => {
        await server.close();
        await sources.close();
        await netGuard.close();
      },
    };
  },
};
