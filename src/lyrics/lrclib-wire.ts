import { z } from 'zod';

/**
 * LRCLIB's wire format (https://lrclib.net/docs, server tranxuanthang/lrclib): a track record
 * as `/api/get` and each item of `/api/search` carry it. Names and albums may be null in old
 * records; `duration` is in seconds and may have a fraction.
 */
export const lrclibRecordSchema = z.object({
  id: z.number(),
  trackName: z.string().nullable(),
  artistName: z.string().nullable(),
  albumName: z.string().nullable(),
  duration: z.number().nullable(),
  instrumental: z.boolean(),
  plainLyrics: z.string().nullable(),
  syncedLyrics: z.string().nullable(),
});
export type LrclibRecord = z.infer<typeof lrclibRecordSchema>;

export const lrclibSearchSchema = z.array(lrclibRecordSchema);

/** LRCLIB's error body: `{ "message", "name": "TrackNotFound" | "ValidationError" | …, "statusCode" }`. */
export const lrclibErrorSchema = z.object({
  message: z.string(),
  name: z.string(),
  statusCode: z.number(),
});
