import { publicUrlOf, tokenCipherFor } from '../../api/index.ts';
import type { Config } from '../../config/index.ts';
import type { Database } from '../../db/index.ts';
import type { Logger } from '../../logging/index.ts';
import { createNetGuard } from '../../net-guard/index.ts';
import { SpotifyAccountClient, spotifyAccountSettings } from '../spotify/index.ts';
import { SpotifyLinkStore } from './link-store.ts';

/** The panel path Spotify redirects back to; register `PUBLIC_URL` + this with the Spotify app. */
export const SPOTIFY_CALLBACK_PATH = '/api/me/history/spotify/callback';

/** Where Spotify sends the user back: PUBLIC_URL + the callback path. */
export const spotifyRedirectUri = (config: Config) => `${publicUrlOf(config)}${SPOTIFY_CALLBACK_PATH}`;

/** The link store and the Spotify client of a process (null client: no Spotify app configured). */
export interface SpotifyLinkServices {
  store: SpotifyLinkStore;
  client: SpotifyAccountClient | null;
}

/**
 * Builds them from the configuration: tokens sealed with the panel's cipher (SECRET_KEY), the
 * client reaching SPOTIFY_ACCOUNTS_URL / SPOTIFY_API_URL through the net guard (the operator's
 * AUDIO_HTTP_ALLOW lets a private address such as the emulator through).
 */
export function spotifyLinkServices(
  context: { config: Config; database: Pick<Database, 'db'>; logger: Logger },
  now: () => number = Date.now,
): SpotifyLinkServices {
  const { config } = context;
  const store = new SpotifyLinkStore(context.database, tokenCipherFor(config, context.logger), now);
  const settings = spotifyAccountSettings(config, spotifyRedirectUri(config));
  const guard = createNetGuard({ allow: config.AUDIO_HTTP_ALLOW ?? [], deny: config.AUDIO_HTTP_DENY ?? [] });
  return { store, client: settings ? new SpotifyAccountClient({ ...settings, now }, guard) : null };
}
