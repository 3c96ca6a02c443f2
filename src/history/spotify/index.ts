/**
 * Spotify for the listening archive: linking (PKCE), refreshing, and paging recently-played
 * into listens. Used by the link routes and the archival job; tested against
 * src/emulators/spotify.
 */
export {
  type RecentlyPlayedResult,
  retryAfter,
  SPOTIFY_HISTORY_SCOPES,
  SpotifyAccountClient,
  type SpotifyAccountSettings,
  type SpotifyTokens,
} from './account-client.ts';
export {
  SpotifyClientError,
  SpotifyNeedsRelinking,
  SpotifyRateLimited,
  SpotifyRefused,
  SpotifyTimeout,
  SpotifyUnauthorized,
  SpotifyUnavailable,
} from './errors.ts';
export { createOAuthState, createPkcePair, pkceChallenge } from './pkce.ts';
export { type RecentPlay, recentPlayToListen, toRecentPlay } from './recent-play.ts';
export { spotifyAccountSettings } from './settings.ts';
