/**
 * Linking Spotify for the listening archive, and archiving it: the panel's link routes
 * (PKCE, single-use state, sealed tokens), each user's polling round (archive-user.ts: token
 * refresh, recently-played from the cursor, listens and cursor in one transaction, the
 * per-user breaker) and the worker's jobs that plan rounds and run them. Design:
 * docs/architecture.md "Listening history" (Spotify archival).
 */
export {
  ARCHIVE_ROUND_JOB,
  ARCHIVE_USER_JOB,
  archiveUserJobSchema,
  dueSpotifyUsers,
  planRound,
  runArchiveRound,
  runArchiveUserJob,
  spotifyArchiveJobs,
} from './archive-jobs.ts';
export { type ArchiveOutcome, archiveSpotifyUser, type SpotifyArchiverDeps } from './archive-user.ts';
export { afterFailure, type BreakerSettings, mayPoll } from './breaker.ts';
export { CRON_SIGNATURE_HEADER, cronRoutes } from './cron-routes.ts';
export {
  CRON_SIGNATURE_TOLERANCE_MS,
  type CronSignatureVerdict,
  CronSignatureVerifier,
  signCronRequest,
} from './cron-signature.ts';
export {
  historyLinkSchema,
  historyLinksSchema,
  LINK_RETURN_PAGE,
  spotifyLinkRoutes,
} from './link-routes.ts';
export {
  LINK_ATTEMPT_TTL_MS,
  type LinkRow,
  linkTokenContext,
  resetLinkBreaker,
  type Sealer,
  SPOTIFY_SERVICE,
  SpotifyLinkStore,
} from './link-store.ts';
export {
  SPOTIFY_CALLBACK_PATH,
  type SpotifyLinkServices,
  spotifyLinkServices,
  spotifyRedirectUri,
} from './services.ts';
