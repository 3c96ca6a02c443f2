/**
 * Player and Session API types of Lavalink v4 (docs/api/rest.md "Player API", "Session API").
 * The Update Player body keeps "omitted" apart from `null`: an omitted key is absent from the
 * parsed object (`'endTime' in body` is false), while `null` is kept (`endTime: null` clears the
 * end time, `track.encoded: null` stops the track).
 */
import { z } from 'zod';
import { filtersSchema } from './filters.ts';
import { jsonObjectSchema, trackSchema } from './track.ts';

/** A Discord snowflake as a string (guild and user ids). */
export const snowflakeSchema = z.string().regex(/^\d{1,20}$/, { error: 'must be a Discord id (digits)' });

export const playerStateSchema = z.object({
  /** Unix time in milliseconds. */
  time: z.number().int(),
  /** Milliseconds into the track. */
  position: z.number().int().min(0),
  /** Whether the node is connected to the Discord voice gateway. */
  connected: z.boolean(),
  /** Milliseconds to the voice server; -1 when not connected. */
  ping: z.number().int().min(-1),
});
export type PlayerState = z.infer<typeof playerStateSchema>;

/** The voice state as a player reports it (empty strings before any voice update). */
export const voiceStateSchema = z.object({
  token: z.string(),
  endpoint: z.string(),
  sessionId: z.string(),
});
export type VoiceState = z.infer<typeof voiceStateSchema>;

const required = (field: string) =>
  z.string().min(1, { error: `partial voice state: ${field} is empty (send the whole voice update)` });

/** The voice state a client sends; some clients (shoukaku) add the channel id. */
export const voiceStateUpdateSchema = z.object({
  token: required('token'),
  endpoint: required('endpoint'),
  sessionId: required('sessionId'),
  channelId: z.string().nullable().optional(),
});
export type VoiceStateUpdate = z.infer<typeof voiceStateUpdateSchema>;

export const playerSchema = z.object({
  guildId: snowflakeSchema,
  track: trackSchema.nullable(),
  /** 0–1000, in percent. */
  volume: z.number().int().min(0).max(1000),
  paused: z.boolean(),
  state: playerStateSchema,
  voice: voiceStateSchema,
  filters: filtersSchema,
});
/** The Player object of the REST API. */
export type Player = z.infer<typeof playerSchema>;

export const updatePlayerTrackSchema = z.object({
  /** The track to play; `null` stops the current one. */
  encoded: z.string().nullable().optional(),
  /** Resolved as a single track (a playlist, search result or no match is a 400). */
  identifier: z.string().min(1).optional(),
  /** Sent back in the Track object's `userData`. */
  userData: jsonObjectSchema.optional(),
});
export type UpdatePlayerTrack = z.infer<typeof updatePlayerTrackSchema>;

export const playerUpdateSchema = z
  .object({
    track: updatePlayerTrackSchema.optional(),
    /** Deprecated form of `track.encoded`. */
    encodedTrack: z.string().nullable().optional(),
    /** Deprecated form of `track.identifier`. */
    identifier: z.string().min(1).optional(),
    position: z.number().int().min(0).optional(),
    endTime: z.number().int().gt(0, { error: 'end time must be greater than 0' }).nullable().optional(),
    volume: z.number().int().min(0).max(1000).optional(),
    paused: z.boolean().optional(),
    /** Replaces all previously applied filters. */
    filters: filtersSchema.optional(),
    voice: voiceStateUpdateSchema.optional(),
  })
  .superRefine((body, context) => {
    const legacy = body.encodedTrack !== undefined || body.identifier !== undefined;
    if (body.track !== undefined && legacy) {
      context.addIssue({ code: 'custom', message: 'cannot specify both track and encodedTrack/identifier' });
    }
    const track = body.track ?? { encoded: body.encodedTrack, identifier: body.identifier };
    if (track.encoded !== undefined && track.identifier !== undefined) {
      context.addIssue({ code: 'custom', message: 'cannot specify both encoded track and identifier' });
    }
  });
/** The body of `PATCH /v4/sessions/{sessionId}/players/{guildId}`. */
export type PlayerUpdate = z.infer<typeof playerUpdateSchema>;

/** What a player update asks of the track, with the deprecated fields folded in. */
export type TrackChange =
  | { kind: 'none'; userData?: Record<string, unknown> }
  | { kind: 'stop' }
  | { kind: 'encoded'; encoded: string; userData?: Record<string, unknown> }
  | { kind: 'identifier'; identifier: string; userData?: Record<string, unknown> };

/** Reads the track part of a parsed player update (`track`, or the deprecated top-level keys). */
export function trackChangeOf(update: PlayerUpdate): TrackChange {
  const track = update.track ?? { encoded: update.encodedTrack, identifier: update.identifier };
  const userData = track.userData === undefined ? {} : { userData: track.userData };
  if (track.identifier !== undefined)
    return { kind: 'identifier', identifier: track.identifier, ...userData };
  if (track.encoded === null) return { kind: 'stop' };
  if (track.encoded !== undefined) return { kind: 'encoded', encoded: track.encoded, ...userData };
  return { kind: 'none', ...userData };
}

export const sessionUpdateSchema = z.object({
  resuming: z.boolean().optional(),
  /** Seconds the session waits for a resume. */
  timeout: z.number().int().min(0).optional(),
});
/** The body of `PATCH /v4/sessions/{sessionId}`. */
export type SessionUpdate = z.infer<typeof sessionUpdateSchema>;

export const sessionSchema = z.object({
  resuming: z.boolean(),
  timeout: z.number().int().min(0),
});
/** The answer of `PATCH /v4/sessions/{sessionId}`. */
export type Session = z.infer<typeof sessionSchema>;
