import type { ListenInput, ListenTrackInput } from '../listen-input.ts';

/** ListenBrainz's track_metadata for one of our listens (LB `docs/users/json.rst`). */
export function trackMetadata(track: ListenTrackInput) {
  const additionalInfo: Record<string, string | number> = {
    media_player: 'Discord',
    submission_client: 'Gramophone',
  };
  if (track.durationMs && track.durationMs > 0) additionalInfo.duration_ms = Math.round(track.durationMs);
  if (track.spotifyTrackId) {
    additionalInfo.spotify_id = `https://open.spotify.com/track/${track.spotifyTrackId}`;
    additionalInfo.music_service = 'spotify.com';
  }
  if (track.isrc) additionalInfo.isrc = track.isrc;
  return {
    artist_name: track.artists.filter((artist) => artist.trim() !== '').join(', '),
    track_name: track.title,
    ...(track.album ? { release_name: track.album } : {}),
    additional_info: additionalInfo,
  };
}

/** LB's `listened_at`: whole seconds of when the play started. */
export const listenedAt = (listen: ListenInput) => Math.floor(listen.playedAt.getTime() / 1000);

/**
 * The listens to send, each once: two inputs for the same play (same start second and title, which
 * is how LB deduplicates) would be one listen at LB anyway, so the repeat is not sent.
 */
export function distinctListens(listens: readonly ListenInput[]): ListenInput[] {
  const seen = new Set<string>();
  return listens.filter((listen) => {
    const key = `${listenedAt(listen)}\u0000${listen.track.title}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** 2002-10-01T00:00:00Z, LB's `LISTEN_MINIMUM_TS`. */
const LISTEN_MINIMUM_TS = 1_033_430_400;

/**
 * Whether ListenBrainz would take the listen: it needs an artist and a title and a start after
 * LISTEN_MINIMUM_TS. One it would refuse is left out rather than failing its whole batch.
 */
export const submittable = (listen: ListenInput) =>
  listen.track.title.trim() !== '' &&
  listen.track.artists.some((artist) => artist.trim() !== '') &&
  listenedAt(listen) >= LISTEN_MINIMUM_TS;
