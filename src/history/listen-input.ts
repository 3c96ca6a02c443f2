/**
 * One play as an ingestion path hands it to the listening archive, before it is matched to the
 * catalogue. Every path (Spotify polling, Spotify import, Discord voice, ListenBrainz import)
 * produces these; the archive derives a deterministic identity from them so that the same play
 * arriving by two paths is stored once (listen-identity.ts).
 */
export const listenSources = [
  'spotify-poll',
  'spotify-import',
  'discord-voice',
  'listenbrainz-import',
] as const;
export type ListenSource = (typeof listenSources)[number];

export interface ListenTrackInput {
  title: string;
  /** Main artist first. */
  artists: string[];
  album?: string | null;
  durationMs?: number | null;
  /** The 22-character Spotify track id, when the source knows it. */
  spotifyTrackId?: string | null;
  /** The Spotify ids of `artists`, same order, when known. */
  spotifyArtistIds?: (string | null)[] | null;
  spotifyAlbumId?: string | null;
  isrc?: string | null;
}

export interface ListenInput {
  /** The Discord user id of the panel user the listen belongs to. */
  userId: string;
  /** When the play started (Spotify's `played_at` and export `ts` are when it ended: convert). */
  playedAt: Date;
  /**
   * When the play ended, as the source said it (Spotify's `played_at`, the export's `ts`).
   * Optional: without it the end is `playedAt + msPlayed`. The identity of a Spotify listen is
   * built from the end (listen-identity.ts), so a path that knows it should pass it as given.
   */
  endedAt?: Date | null;
  /** How long it was heard, in ms; null when the source does not say (e.g. a scrobble). */
  msPlayed: number | null;
  source: ListenSource;
  track: ListenTrackInput;
}
