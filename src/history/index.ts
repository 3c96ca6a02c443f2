/**
 * Listening history: each user's listens over one normalised catalogue, stored once whatever
 * the path (`ListenArchive.store`, identity in listen-identity.ts), the voice plays that become
 * listens, and the panel's `/api/me/history`. Ingestion paths (src/history/{spotify,scrobble,
 * import}) produce `ListenInput`s and hand them to the archive. Design: docs/architecture.md
 * "Listening history".
 */

export { type HistoryServices, historyCapability } from './capability.ts';
export { albumKey, artistKey, normaliseName, trackKey, trackNameKey } from './catalogue-keys.ts';
export type { Transaction as HistoryTransaction } from './catalogue-writer.ts';
export {
  type HistorySettingsBody,
  historySettingsSchema,
  LISTEN_LOG_MAX_PAGE,
  listenLogPageSchema,
  listenLogQuerySchema,
  loggedListenSchema,
} from './contract.ts';
export type { VoiceListensListener } from './gateway/voice-history.ts';
export {
  DEFAULT_HISTORY_SETTINGS,
  type HistorySettings,
  HistorySettingsRepository,
} from './history-settings.ts';
export { ListenArchive, type StoreResult } from './listen-archive.ts';
export { listenIdentity } from './listen-identity.ts';
export type { ListenInput, ListenSource, ListenTrackInput } from './listen-input.ts';
export { listenSources } from './listen-input.ts';
export { listenBatchSchema, listenInputSchema } from './listen-input-schema.ts';
export { ListenLog, type ListenLogPage, type ListenLogQuery, type LoggedListen } from './listen-log.ts';
export * as historyTables from './schema.ts';
// Spotify linking and archival (src/history/spotify-link): what the CLI needs.
export { resetLinkBreaker } from './spotify-link/index.ts';
export { VOICE_LISTEN_MIN_MS, voiceListenThresholdMs } from './voice-listens.ts';
