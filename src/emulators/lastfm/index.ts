/**
 * Last.fm emulator: the web-auth page and API 2.0's `auth.getSession`, `track.updateNowPlaying`
 * and `track.scrobble` on a local port, with api_sig checks and Last.fm's error codes, plus a
 * control API for users, received scrobbles, outages and forced rate limiting.
 */
export { LastFmAccounts, type NowPlaying, type StoredScrobble } from './accounts.ts';
export {
  DEFAULT_LASTFM_APP,
  type LastFmApp,
  type LastFmEmulator,
  type LastFmEmulatorOptions,
  type LastFmOutage,
  type LastFmRequest,
  startLastFmEmulator,
} from './emulator.ts';
export { LASTFM_ERRORS, type LastFmErrorCode } from './errors.ts';
export { DAILY_SCROBBLE_LIMIT, MAX_SCROBBLES_PER_BATCH } from './scrobbles.ts';
export { lastFmSignature } from './signature.ts';
