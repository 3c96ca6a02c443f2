import type { Config } from '../../config/index.ts';
import type { SpotifyAccountSettings } from './account-client.ts';

/**
 * The client's settings from the configuration: the same Spotify app (SPOTIFY_CLIENT_ID,
 * SPOTIFY_CLIENT_SECRET) and base URLs (SPOTIFY_ACCOUNTS_URL, SPOTIFY_API_URL) the audio node's
 * link mirroring uses. The redirect URI is the panel's callback on PUBLIC_URL, passed in by
 * the route that owns it. Null when no Spotify app is configured (linking is then unavailable).
 */
export function spotifyAccountSettings(
  config: Pick<
    Config,
    'SPOTIFY_CLIENT_ID' | 'SPOTIFY_CLIENT_SECRET' | 'SPOTIFY_ACCOUNTS_URL' | 'SPOTIFY_API_URL'
  >,
  redirectUri: string,
): SpotifyAccountSettings | null {
  if (!config.SPOTIFY_CLIENT_ID) return null;
  return {
    clientId: config.SPOTIFY_CLIENT_ID,
    clientSecret: config.SPOTIFY_CLIENT_SECRET,
    accountsUrl: config.SPOTIFY_ACCOUNTS_URL,
    apiUrl: config.SPOTIFY_API_URL,
    redirectUri,
  };
}
