import { z } from 'zod';
import { trackInfoSchema } from '../lavalink/contract.ts';
import { loopModes } from './player-options.ts';

/**
 * The music bot's wire shapes: the queue as the panel, the bus and the bot API see it, and the
 * operations that change it. Browser-clean (zod and other contract files only): the dashboard
 * imports its types from here.
 */

/** A track in a guild's queue: what the audio node needs to play it, and who asked for it. */
export const queuedTrackSchema = z.object({
  encoded: z.string(),
  info: trackInfoSchema,
  requesterId: z.string().nullable(),
  addedAt: z.string(),
});
export type QueuedTrack = z.infer<typeof queuedTrackSchema>;

/** A guild's queue as the panel and bus see it. */
export const queueSnapshotSchema = z.object({
  guildId: z.string(),
  voiceChannelId: z.string().nullable(),
  textChannelId: z.string().nullable(),
  current: queuedTrackSchema.nullable(),
  positionMs: z.number(),
  upcoming: z.array(queuedTrackSchema),
  /** Recently played, most recent first (up to 10). */
  history: z.array(queuedTrackSchema),
  paused: z.boolean(),
  loop: z.enum(loopModes),
  volume: z.number(),
  /** The active filters as one text (`nightcore,bassboost,speed=1.25`); `filters` has them apart. */
  filterPreset: z.string().nullable(),
  // Combined filters (issue 14): optional so snapshots from an older gateway still parse.
  filters: z
    .object({ presets: z.array(z.string()), speed: z.number(), pitch: z.number() })
    .optional()
    .describe('Active filter presets in the order they were turned on, and the speed and pitch factors'),
  autoplay: z.boolean(),
});
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>;

/** `GET /api/guilds/:guildId/queue`. Its own component name: the bot API's persisted queue is already `QueueSnapshot`. */
/**
 * What the connected audio nodes can play (their Lavalink `sourceManagers`, merged), for the
 * panel to say what plays and what needs yt-dlp. Empty when no node is connected.
 */
export const playableSourcesSchema = z.object({
  sources: z
    .array(z.string())
    .describe('Lavalink source names: youtube, soundcloud, spotify, applemusic, deezer, http, local…'),
  nodesConnected: z.number().int().min(0),
});
export type PlayableSources = z.infer<typeof playableSourcesSchema>;

export const liveQueueReplySchema = z.object({ snapshot: queueSnapshotSchema.meta({ id: 'LiveQueue' }) });
export type LiveQueueReply = z.infer<typeof liveQueueReplySchema>;

/** A queue or player change: bus topic `music.queue`, and the panel's `queue` event. */
export const musicQueueEventSchema = z.object({
  guildId: z.string().regex(/^\d{15,21}$/),
  cause: z.string(),
  snapshot: queueSnapshotSchema,
});
export type MusicQueueEvent = z.infer<typeof musicQueueEventSchema>;

/**
 * Every queue operation, as the slash commands, the bus and the panel send it. One schema,
 * so the panel can do nothing the bot's own commands could not.
 */
export const queueOperationSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('add'),
    query: z.string().trim().min(1).max(500),
    next: z.boolean().optional(),
    now: z.boolean().optional(),
  }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('skip'), to: z.number().int().min(1).optional() }),
  z.object({ type: z.literal('back') }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('seek'), positionMs: z.number().int().min(0) }),
  // /forward and /rewind (issue 14): from where the track is now; a rewind stops at the start.
  z.object({ type: z.literal('seekBy'), offsetMs: z.number().int().min(-86_400_000).max(86_400_000) }),
  z.object({ type: z.literal('volume'), volume: z.number().int().min(0).max(200) }),
  z.object({ type: z.literal('loop'), mode: z.enum(loopModes) }),
  z.object({ type: z.literal('shuffle') }),
  z.object({
    type: z.literal('remove'),
    from: z.number().int().min(1),
    to: z.number().int().min(1).optional(),
  }),
  z.object({ type: z.literal('move'), from: z.number().int().min(1), to: z.number().int().min(1) }),
  z.object({ type: z.literal('clear') }),
  // /removedupes and /leavecleanup (issue 14): upcoming tracks already queued earlier, and
  // those of members no longer in the bot's voice channel.
  z.object({ type: z.literal('removeDuplicates') }),
  z.object({ type: z.literal('removeLeavers') }),
  // Filters (issue 14): `preset` alone sets just that one (null: none), as before; `presets`
  // sets the whole list (a later one wins a shared filter), `toggle` turns one on or off
  // keeping the others; `speed` and `pitch` change only themselves.
  z.object({
    type: z.literal('filter'),
    preset: z.string().min(1).max(32).nullable().optional(),
    presets: z.array(z.string().min(1).max(32)).max(16).optional(),
    toggle: z.string().min(1).max(32).optional(),
    speed: z.number().min(0.5).max(2).optional(),
    pitch: z.number().min(0.5).max(2).optional(),
  }),
  z.object({ type: z.literal('replay') }),
  z.object({ type: z.literal('autoplay'), enabled: z.boolean() }),
  z.object({ type: z.literal('join') }),
  z.object({ type: z.literal('leave') }),
]);
export type QueueOperation = z.infer<typeof queueOperationSchema>;
export type QueueOperationType = QueueOperation['type'];

/** What an operation did, besides the new queue. */
export type OperationOutcome =
  | { kind: 'done' }
  | {
      kind: 'added';
      titles: string[];
      playlistName: string | null;
      position: number;
      startedNow: boolean;
      skippedTooLong: number;
    }
  | { kind: 'voted'; votes: number; needed: number }
  | { kind: 'removed'; titles: string[] }
  /** /forward, /rewind: where the track now is. */
  | { kind: 'seeked'; positionMs: number }
  /** A filter change: the presets a later one turned off because they set the same filter. */
  | { kind: 'filtered'; replaced: string[] };

/** What the gateway's MusicService answers an operation with, and the panel receives. */
export interface OperationResult {
  snapshot: QueueSnapshot;
  outcome: OperationOutcome;
}

/**
 * How the api checks an `OperationResult` it passes on (bus `music.operation`, `music.playlist`):
 * the queue in full, the outcome only for its `kind`, so a newer gateway's outcome passes through.
 */
export const musicOperationReplySchema = z.object({
  snapshot: queueSnapshotSchema,
  outcome: z.record(z.string(), z.unknown()).and(z.object({ kind: z.string() })),
});
