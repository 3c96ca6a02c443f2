/**
 * Spotify emulator: the accounts service's token endpoint and the Web API's catalogue reads, for
 * testing the audio node's Spotify links without the internet. User OAuth and /me routes are
 * meant to join `SpotifyAccounts` (a grant) and the emulator's routes.
 */
export {
  type AuthenticateAnswer,
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
  DEFAULT_SPOTIFY_APP,
  type SpotifyEmulator,
  type SpotifyEmulatorOptions,
  startSpotifyEmulator,
} from './emulator.ts';
