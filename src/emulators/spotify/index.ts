/**
 * Spotify emulator: the accounts service (authorize with PKCE and auto-consent, token with
 * client_credentials, authorization_code and refresh_token) and the Web API (catalogue reads,
 * /me, recently-played), with a control API for users, listening and faults. See
 * docs/emulator.md ("Spotify").
 */
export {
  type AuthenticateAnswer,
  type RefreshRotation,
  SPOTIFY_SCOPES,
  SpotifyAccounts,
  type SpotifyClientApp,
  type SpotifyTokenSubject,
} from './accounts.ts';
export {
  DEFAULT_SPOTIFY_CATALOGUE,
  type SpotifyAlbumSeed,
  type SpotifyCatalogue,
  type SpotifyPlaylistSeed,
  type SpotifyTrackSeed,
} from './catalogue.ts';
export {
  SPOTIFY_CONTROL_OPERATIONS,
  SpotifyControl,
  type SpotifyControlInput,
  spotifyControlSchemas,
} from './control.ts';
export {
  DEFAULT_SPOTIFY_APP,
  type SpotifyEmulator,
  type SpotifyEmulatorOptions,
  startSpotifyEmulator,
} from './emulator.ts';
export type { FaultTarget, SpotifyRequestLogEntry } from './faults.ts';
export { RECENTLY_PLAYED_WINDOW, type SpotifyUser } from './listening.ts';
