/**
 * The websocket messages of Lavalink v4 (docs/api/websocket.md), tagged on `op`; the `event` op
 * is itself tagged on `type`. In v4 only the server speaks on the socket.
 */
import { z } from 'zod';
import { statsSchema } from './info.ts';
import { playerStateSchema, snowflakeSchema } from './player.ts';
import { exceptionSchema, trackSchema } from './track.ts';

export const readyOpSchema = z.object({
  op: z.literal('ready'),
  /** Whether an earlier session was resumed. */
  resumed: z.boolean(),
  /** The Lavalink session id (not Discord's voice session id). */
  sessionId: z.string().min(1),
});
export type ReadyOp = z.infer<typeof readyOpSchema>;

export const playerUpdateOpSchema = z.object({
  op: z.literal('playerUpdate'),
  guildId: snowflakeSchema,
  state: playerStateSchema,
});
export type PlayerUpdateOp = z.infer<typeof playerUpdateOpSchema>;

export const statsOpSchema = statsSchema.extend({ op: z.literal('stats') });
export type StatsOp = z.infer<typeof statsOpSchema>;

export const trackEndReasonSchema = z.enum(['finished', 'loadFailed', 'stopped', 'replaced', 'cleanup']);
/** Why a track ended; clients start the next track only on `finished` and `loadFailed`. */
export type TrackEndReason = z.infer<typeof trackEndReasonSchema>;

/** Whether a client may start the next track after an end with this reason. */
export function mayStartNext(reason: TrackEndReason): boolean {
  return reason === 'finished' || reason === 'loadFailed';
}

const eventBase = { op: z.literal('event'), guildId: snowflakeSchema };

export const trackStartEventSchema = z.object({
  ...eventBase,
  type: z.literal('TrackStartEvent'),
  track: trackSchema,
});

export const trackEndEventSchema = z.object({
  ...eventBase,
  type: z.literal('TrackEndEvent'),
  track: trackSchema,
  reason: trackEndReasonSchema,
});

export const trackExceptionEventSchema = z.object({
  ...eventBase,
  type: z.literal('TrackExceptionEvent'),
  track: trackSchema,
  exception: exceptionSchema,
});

export const trackStuckEventSchema = z.object({
  ...eventBase,
  type: z.literal('TrackStuckEvent'),
  track: trackSchema,
  thresholdMs: z.number().int().min(0),
});

export const webSocketClosedEventSchema = z.object({
  ...eventBase,
  type: z.literal('WebSocketClosedEvent'),
  /** Discord's voice close code (4xxx are usually bad). */
  code: z.number().int(),
  reason: z.string(),
  /** Whether Discord closed it. */
  byRemote: z.boolean(),
});

export const eventOpSchema = z.discriminatedUnion('type', [
  trackStartEventSchema,
  trackEndEventSchema,
  trackExceptionEventSchema,
  trackStuckEventSchema,
  webSocketClosedEventSchema,
]);
/** The `event` op: one of the five event types. */
export type EventOp = z.infer<typeof eventOpSchema>;
export type EventType = EventOp['type'];

export const serverMessageSchema = z.discriminatedUnion('op', [
  readyOpSchema,
  playerUpdateOpSchema,
  statsOpSchema,
  eventOpSchema,
]);
/** Any message the server sends on `/v4/websocket`. */
export type ServerMessage = z.infer<typeof serverMessageSchema>;
