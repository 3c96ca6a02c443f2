import type { Logger } from '../../../logging/index.ts';
import type { NetGuard } from '../../../net-guard/index.ts';
import type { TrackEncoder } from '../track-builder.ts';
import type { YtDlpSource } from '../ytdlp/ytdlp-source.ts';
import { AppleMusicCatalog } from './apple-catalog.ts';
import { DeezerCatalog } from './deezer-catalog.ts';
import { MirrorResolver } from './mirror-resolver.ts';
import { MirrorSource } from './mirror-source.ts';
import { ServiceHttp } from './service-http.ts';
import { SpotifyCatalog } from './spotify-catalog.ts';

/** Base URLs and credentials of the metadata APIs, and the mirror's limits. */
export interface MirrorSettings {
  spotifyClientId?: string | undefined;
  spotifyClientSecret?: string | undefined;
  spotifyApiUrl: string;
  spotifyAccountsUrl: string;
  deezerApiUrl: string;
  appleMusicToken?: string | undefined;
  appleMusicApiUrl: string;
  itunesApiUrl: string;
  /** Most tracks an album or playlist link lists. */
  playlistMax: number;
  /** Mirror decisions remembered. */
  cacheSize: number;
}

export const DEFAULT_MIRROR_SETTINGS: MirrorSettings = {
  spotifyApiUrl: 'https://api.spotify.com/v1',
  spotifyAccountsUrl: 'https://accounts.spotify.com',
  deezerApiUrl: 'https://api.deezer.com',
  appleMusicApiUrl: 'https://api.music.apple.com/v1',
  itunesApiUrl: 'https://itunes.apple.com',
  playlistMax: 500,
  cacheSize: 2000,
};

/** Wires the three catalogs to one guarded HTTP client, the resolver and the playable source. */
export function createMirrorSource(options: {
  settings: MirrorSettings;
  guard: NetGuard;
  timeoutMs: number;
  signal: AbortSignal;
  videos: () => YtDlpSource;
  encode: TrackEncoder;
  logger: Logger;
}): MirrorSource {
  const { settings: s, guard } = options;
  const http = new ServiceHttp(guard, { timeoutMs: options.timeoutMs, signal: options.signal });
  return new MirrorSource({
    catalogs: {
      spotify: new SpotifyCatalog(http, {
        apiUrl: s.spotifyApiUrl,
        accountsUrl: s.spotifyAccountsUrl,
        clientId: s.spotifyClientId,
        clientSecret: s.spotifyClientSecret,
        maxTracks: s.playlistMax,
      }),
      deezer: new DeezerCatalog(http, { apiUrl: s.deezerApiUrl, maxTracks: s.playlistMax }),
      applemusic: new AppleMusicCatalog(http, {
        apiUrl: s.appleMusicApiUrl,
        itunesUrl: s.itunesApiUrl,
        token: s.appleMusicToken,
        maxTracks: s.playlistMax,
      }),
    },
    resolver: new MirrorResolver(s.cacheSize),
    videos: options.videos,
    encode: options.encode,
    logger: options.logger,
    followShortLink: async (url) => {
      const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
      const { response, url: final } = await guard.fetch(url, { signal });
      await response.body?.cancel().catch(() => {});
      return final;
    },
  });
}
