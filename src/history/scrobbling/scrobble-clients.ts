import type { Config } from '../../config/index.ts';
import { createNetGuard, type NetGuard } from '../../net-guard/index.ts';
import { LastFmClient, ListenBrainzClient } from '../scrobble/index.ts';

export type ScrobbleConfig = Pick<
  Config,
  | 'LISTENBRAINZ_API_URL'
  | 'LASTFM_API_URL'
  | 'LASTFM_AUTH_URL'
  | 'LASTFM_API_KEY'
  | 'LASTFM_SHARED_SECRET'
  | 'AUDIO_HTTP_ALLOW'
  | 'AUDIO_HTTP_DENY'
>;

/** The clients for this configuration; `lastfm` is null without LASTFM_API_KEY and LASTFM_SHARED_SECRET. */
export interface ScrobbleClients {
  listenbrainz: ListenBrainzClient;
  lastfm: LastFmClient | null;
  close(): Promise<void>;
}

/**
 * Both clients behind one net guard with the outgoing-request rules of user URLs: a private
 * address (a self-hosted ListenBrainz, the emulators in tests) needs an AUDIO_HTTP_ALLOW entry.
 */
export function scrobbleClientsFor(config: ScrobbleConfig, timeoutMs = 10_000): ScrobbleClients {
  const guard: NetGuard = createNetGuard({
    allow: config.AUDIO_HTTP_ALLOW ?? [],
    deny: config.AUDIO_HTTP_DENY ?? [],
  });
  const { LASTFM_API_KEY: apiKey, LASTFM_SHARED_SECRET: sharedSecret } = config;
  return {
    listenbrainz: new ListenBrainzClient({ baseUrl: config.LISTENBRAINZ_API_URL, guard, timeoutMs }),
    lastfm:
      apiKey && sharedSecret
        ? new LastFmClient({
            apiUrl: config.LASTFM_API_URL,
            authUrl: config.LASTFM_AUTH_URL,
            apiKey,
            sharedSecret,
            guard,
            timeoutMs,
          })
        : null,
    close: () => guard.close(),
  };
}
