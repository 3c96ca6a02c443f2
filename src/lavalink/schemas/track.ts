/**
 * Track API types of Lavalink v4 (docs/api/rest.md "Track API"): track info, track, playlist
 * info, exception and the load result of `/v4/loadtracks`.
 */
import { z } from 'zod';

/** Plugin or user data: any JSON object. */
export const jsonObjectSchema = z.record(z.string(), z.unknown());

/** Milliseconds as Lavalink sends them (a Java long; whole and not negative). */
const milliseconds = z.number().int().min(0);

export const trackInfoSchema = z.object({
  identifier: z.string(),
  isSeekable: z.boolean(),
  author: z.string(),
  /** Milliseconds; 0 (with isStream) for live streams. */
  length: milliseconds,
  isStream: z.boolean(),
  position: milliseconds,
  title: z.string(),
  uri: z.string().nullable(),
  artworkUrl: z.string().nullable(),
  isrc: z.string().nullable(),
  sourceName: z.string(),
});
/** Lavalink v4 track info, field for field. */
export type TrackInfo = z.infer<typeof trackInfoSchema>;

export const trackSchema = z.object({
  /** lavaplayer's base64 binary (version 3 when this node writes it). */
  encoded: z.string(),
  info: trackInfoSchema,
  pluginInfo: jsonObjectSchema,
  /** Set by the client through the Update Player endpoint; `{}` otherwise. */
  userData: jsonObjectSchema,
});
export type Track = z.infer<typeof trackSchema>;

export const severitySchema = z.enum(['common', 'suspicious', 'fault']);
/** `common`: expected cause; `suspicious`: outside factors; `fault`: a bug or unknown. */
export type Severity = z.infer<typeof severitySchema>;

export const exceptionSchema = z.object({
  message: z.string().nullable(),
  severity: severitySchema,
  cause: z.string(),
});
/** The Exception object of load errors and TrackExceptionEvent. */
export type LavalinkException = z.infer<typeof exceptionSchema>;

export const playlistInfoSchema = z.object({
  name: z.string(),
  /** -1 when no track is selected. */
  selectedTrack: z.number().int().min(-1),
});
export type PlaylistInfo = z.infer<typeof playlistInfoSchema>;

export const loadResultSchema = z.discriminatedUnion('loadType', [
  z.object({ loadType: z.literal('track'), data: trackSchema }),
  z.object({
    loadType: z.literal('playlist'),
    data: z.object({ info: playlistInfoSchema, pluginInfo: jsonObjectSchema, tracks: z.array(trackSchema) }),
  }),
  z.object({ loadType: z.literal('search'), data: z.array(trackSchema) }),
  z.object({ loadType: z.literal('empty'), data: z.record(z.string(), z.never()) }),
  z.object({ loadType: z.literal('error'), data: exceptionSchema }),
]);
/** The answer of `/v4/loadtracks`. */
export type LoadResult = z.infer<typeof loadResultSchema>;
export type LoadType = LoadResult['loadType'];
