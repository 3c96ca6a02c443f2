import { z } from 'zod';
import { trackInfoSchema } from '../lavalink/index.ts';
import { PlaylistError } from './playlist-error.ts';

/**
 * A user keeps at most this many playlists: enough for real use, and the list and the
 * autocomplete (which Discord caps at 25 choices) stay whole.
 */
export const MAX_PLAYLISTS_PER_USER = 25;

/** A playlist holds at most this many tracks: a long evening, and a bounded `load`. */
export const MAX_TRACKS_PER_PLAYLIST = 500;

/** Names are 1–50 characters after trimming. */
export const MAX_PLAYLIST_NAME_LENGTH = 50;

// Control characters would break the one-line-per-playlist listing.
const CONTROL_CHARACTERS = /\p{Cc}/u;

const playlistNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_PLAYLIST_NAME_LENGTH)
  .refine((name) => !CONTROL_CHARACTERS.test(name));

/** The trimmed name, or PLAYLIST_BAD_NAME. Names compare case-insensitively per owner. */
export function playlistName(raw: string): string {
  const parsed = playlistNameSchema.safeParse(raw);
  if (!parsed.success) throw new PlaylistError('PLAYLIST_BAD_NAME', { max: MAX_PLAYLIST_NAME_LENGTH });
  return parsed.data;
}

/** A Discord snowflake (user or guild id). */
export const snowflakeSchema = z.string().regex(/^\d{1,20}$/, 'a Discord id');

/** What a playlist keeps of a track: what the audio node needs to play it again. */
export const playlistTrackSchema = z.object({
  encoded: z.string().min(1),
  info: trackInfoSchema,
});
export type PlaylistTrack = z.infer<typeof playlistTrackSchema>;
