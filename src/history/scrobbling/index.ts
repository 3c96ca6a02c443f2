/**
 * Scrobbling voice listens to ListenBrainz and Last.fm: linking the accounts (tokens sealed in
 * `history_links`), the outbox (`history_scrobbles`, one row per voice listen and linked
 * service) and the `history.scrobble-send` job that drains it. The clients are
 * src/history/scrobble. Design: docs/architecture.md "Scrobbling".
 */
export { LASTFM_LINK_TTL_MS, LISTENING_PAGE_PATH, scrobbleLinkRoutes } from './link-routes.ts';
export { type ScrobbleClients, type ScrobbleConfig, scrobbleClientsFor } from './scrobble-clients.ts';
export {
  type OpenScrobbleLink,
  SCROBBLE_SERVICES,
  ScrobbleLinks,
  type ScrobbleTarget,
} from './scrobble-links.ts';
export { ScrobbleOutbox } from './scrobble-outbox.ts';
export {
  SCROBBLE_SEND_JOB,
  ScrobbleSender,
  type SendReport,
  scrobbleRetryDelayMs,
} from './scrobble-sender.ts';
export { runScrobbleSend, scrobbleSendJob, scrobbleUserRoutes, scrobbleVoiceListens } from './wiring.ts';
