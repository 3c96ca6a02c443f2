/**
 * Scrobbling clients: ListenBrainz (`/1/validate-token`, `/1/submit-listens`) and Last.fm (web
 * auth, `track.updateNowPlaying`, `track.scrobble`), taking the listening model's ListenInput.
 * Their failures are typed (rate limited with a wait, retryable, needs re-linking, permanent) so
 * the scrobble jobs decide what to do; neither client retries by itself.
 */
export {
  NeedsRelinking,
  RateLimited,
  ScrobbleError,
  type ScrobbleFailureKind,
  type ScrobbleService,
} from './errors.ts';
export { SCROBBLER_USER_AGENT } from './http.ts';
export {
  type IgnoredScrobble,
  LASTFM_MAX_BATCH,
  LastFmClient,
  type LastFmClientOptions,
  type LastFmSession,
  type ScrobbleResult,
} from './lastfm-client.ts';
export { signLastFmParams } from './lastfm-signature.ts';
export {
  LISTENBRAINZ_MAX_BATCH,
  ListenBrainzClient,
  type ListenBrainzClientOptions,
  type RateLimitState,
  type SubmitResult,
  type TokenCheck,
} from './listenbrainz-client.ts';
