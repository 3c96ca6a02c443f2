/**
 * The music capability (`musicCapability`): its core apart from Discord — the durable queue,
 * its rules and permissions, the playback engine that drives Lavalink nodes through
 * lavalink-client — and what it brings to the roles: slash commands, the now-playing message,
 * the panel's live queue. Other capabilities use `MusicServices` (through `needs`).
 */
export { type AccessContext, type Actor, isDj, votesNeeded } from './access.ts';
export type { MusicOperationReply } from './api/live-music-service.ts';
export { apiErrorOfMusicFailure } from './api/music-refusals.ts';
export {
  AUTOPLAY_POOL,
  AUTOPLAY_WINDOW_MS,
  type AutoplayOptions,
  autoplayOnQueueEnd,
  drawInRandomOrder,
} from './autoplay.ts';
export {
  MUSIC_OPERATION_COMMAND,
  MUSIC_PLAYLIST_COMMAND,
  MUSIC_QUEUE_TOPIC,
  MUSIC_SNAPSHOT_COMMAND,
  type MusicOperationRequest,
  type MusicPlaylistRequest,
  musicOperationRequestSchema,
  musicPlaylistRequestSchema,
  musicSnapshotRequestSchema,
} from './bus-contract.ts';
export { musicCapability } from './capability.ts';
export {
  type LiveQueueReply,
  liveQueueReplySchema,
  type MusicQueueEvent,
  musicOperationReplySchema,
  musicQueueEventSchema,
  type OperationOutcome,
  type OperationResult,
  type QueuedTrack,
  type QueueOperation,
  type QueueOperationType,
  type QueueSnapshot,
  queueOperationSchema,
  queueSnapshotSchema,
} from './contract.ts';
export { isFilterPreset } from './filter-presets.ts';
export { saidWhereItLooked } from './gateway/commands/where-it-looked.ts';
export type { MusicServices } from './gateway/handler-types.ts';
export { panelActor } from './gateway/panel-summon.ts';
export type { FinishedPlay, GuildSession, PlayEndReason } from './guild-session.ts';
export { MusicEngine, type VoiceDirectory } from './music-engine.ts';
export { isMusicError, MusicError, type MusicErrorCode, musicErrorCodes } from './music-error.ts';
export { audioNodes, type MusicRuntime, startMusicRuntime } from './music-runtime.ts';
export { MusicService, type Requester, type Resolved } from './music-service.ts';
export { NowPlayingMessageIds } from './now-playing-message-ids.ts';
export { type FrequentTrack, type PastPlay, PlayHistory } from './play-history.ts';
export { type FilterPreset, filterPresetNames, type LoopMode, loopModes } from './player-options.ts';
export { type PlayerRecord, PlayerStore, positionNow } from './player-store.ts';
export { addTracks, currentTrack, HISTORY_KEPT, upcomingTracks } from './queue-model.ts';
export * as musicTables from './schema.ts';
export { snapshotOf } from './snapshot.ts';
