import { join } from 'node:path';
import type { Config } from '../config/index.ts';
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
    const sources = await createSourceManager({
      localDirs: settings.localDirs,
      logger: logger.child({ module: 'audio-sources' }),
      registry: metrics,
    });
    const engines = createPlayerEngineFactory({ logger, registry: metrics });
    const server = createAudioServer({
      password: config.AUDIO_PASSWORD,
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
      },
    };
  },
};
