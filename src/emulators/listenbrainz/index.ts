/**
 * ListenBrainz emulator: `GET /1/validate-token` and `POST /1/submit-listens` on a local port,
 * with LB's validation, error bodies, `X-RateLimit-*` headers and 429s, and a control API to
 * create users, read what they were sent, take the service down and force rate limiting.
 */
export {
  type ListenBrainzEmulator,
  type ListenBrainzEmulatorOptions,
  type ListenBrainzRequest,
  type OutageMode,
  type PlayingNow,
  type StoredListen,
  startListenBrainzEmulator,
} from './emulator.ts';
export { type ListenType, MAX_LISTENS_PER_REQUEST, type SubmittedListen } from './listen-validation.ts';
