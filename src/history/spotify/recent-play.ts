import type { ListenInput } from '../listen-input.ts';
import { trackSchema } from './wire.ts';

/** One recently-played item, read: the track as the archive needs it and when the play ended. */
export interface RecentPlay {
  /** Spotify's `played_at`: when the play ended (to the ms). */
  endedAt: Date;
  contextUri: string | null;
  track: {
    /** Null for a local file. */
    spotifyId: string | null;
    title: string;
    artists: { spotifyId: string | null; name: string }[];
    album: { spotifyId: string | null; name: string } | null;
    durationMs: number | null;
    isrc: string | null;
  };
}

const SPOTIFY_ID = /^[0-9A-Za-z]{22}$/;
const idOrNull = (id: string | null | undefined) => (id && SPOTIFY_ID.test(id) ? id : null);

/** Reads an item's track; null when it is not a usable track (no title, no artist, not an object). */
export function toRecentPlay(raw: unknown, endedMs: number, contextUri: string | null): RecentPlay | null {
  const parsed = trackSchema.safeParse(raw);
  if (!parsed.success) return null;
  const t = parsed.data;
  const title = t.name?.trim();
  const artists = (t.artists ?? []).flatMap((a) =>
    a.name?.trim() ? [{ spotifyId: idOrNull(a.id), name: a.name.trim() }] : [],
  );
  if (!title || artists.length === 0) return null;
  const albumName = t.album?.name?.trim();
  return {
    endedAt: new Date(endedMs),
    contextUri,
    track: {
      spotifyId: t.is_local ? null : idOrNull(t.id),
      title,
      artists,
      album: albumName ? { spotifyId: idOrNull(t.album?.id), name: albumName } : null,
      durationMs: typeof t.duration_ms === 'number' && t.duration_ms >= 0 ? Math.round(t.duration_ms) : null,
      isrc: t.external_ids?.isrc?.trim() || null,
    },
  };
}

/**
 * A polled play as a listen of `userId` (the panel user's Discord id).
 *
 * `played_at` is when the play ended, and the listen's identity is built from that end (to the
 * second), so `endedAt` is passed as given and the export's `ts` for the same play meets it.
 * Recently-played does not say how long the play lasted (a skip after 30 s is listed too), so
 * `msPlayed` is null rather than a guess, and `playedAt` (the start) is estimated as the end
 * minus the track's duration — the best the API allows; the end stays exact.
 */
export function recentPlayToListen(userId: string, play: RecentPlay): ListenInput {
  const endMs = play.endedAt.getTime();
  return {
    userId,
    playedAt: new Date(endMs - (play.track.durationMs ?? 0)),
    endedAt: play.endedAt,
    msPlayed: null,
    source: 'spotify-poll',
    track: {
      title: play.track.title,
      artists: play.track.artists.map((a) => a.name),
      album: play.track.album?.name ?? null,
      durationMs: play.track.durationMs,
      spotifyTrackId: play.track.spotifyId,
      spotifyArtistIds: play.track.artists.map((a) => a.spotifyId),
      spotifyAlbumId: play.track.album?.spotifyId ?? null,
      isrc: play.track.isrc,
    },
  };
}
