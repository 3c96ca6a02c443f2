import { z } from 'zod';

/**
 * The lyrics' wire shapes: what the panel's `GET /api/guilds/:guildId/lyrics` answers. Browser-
 * clean (zod only): the dashboard imports its types from here.
 */

/** One line of synced lyrics: sung from `timeMs` into the track until the next line's time. */
export const lyricLineSchema = z.object({
  timeMs: z.number().int().min(0),
  /** Empty for an instrumental break between two sung lines. */
  text: z.string(),
});
export type LyricLine = z.infer<typeof lyricLineSchema>;

export const lyricsReplySchema = z
  .object({
    /** The track the lyrics are for (the one playing when asked). */
    track: z.object({ title: z.string(), author: z.string(), lengthMs: z.number() }),
    /** The track has no words; `plain` is then empty and `synced` null. */
    instrumental: z.boolean(),
    /** Timed lines in order, when the provider has them in sync with the track; else null. */
    synced: z.array(lyricLineSchema).nullable(),
    /** The words as plain text, lines separated by `\n`. */
    plain: z.string(),
    /** Who the lyrics come from, shown under them ("LRCLIB"). */
    source: z.string(),
    /** A page with the lyrics, when the provider has one. */
    url: z.string().nullable(),
  })
  .meta({ id: 'Lyrics' });
export type LyricsReply = z.infer<typeof lyricsReplySchema>;
