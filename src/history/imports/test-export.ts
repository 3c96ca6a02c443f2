import { buildZip } from '../import/test-zip.ts';
import type { ListenInput } from '../listen-input.ts';

/*
 * Test-only: generated Spotify extended-history exports, so tests make their fixtures instead
 * of committing them. Nothing in the imports module imports this file.
 */

const START = Date.parse('2024-01-01T00:00:00Z');
const MS_PLAYED = 180_000;

/** A 22-character Spotify id for track `n`. */
const trackId = (n: number) => `T${String(n).padStart(21, '0')}`;

/** When play `n` ended: one play every 4 minutes. */
const endOf = (n: number) => START + n * 240_000;

/**
 * `count` rows of Streaming_History_Audio_*.json: every 10th a podcast episode (skipped as
 * podcast), every 25th played 0 ms (skipped as zero-length), the rest music plays.
 */
export function extendedRows(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, n) => {
    const base = {
      ts: new Date(endOf(n)).toISOString().replace('.000Z', 'Z'),
      platform: 'android',
      ms_played: n % 25 === 24 ? 0 : MS_PLAYED,
      conn_country: 'DE',
      reason_start: 'trackdone',
      reason_end: 'trackdone',
      shuffle: false,
      skipped: false,
      offline: false,
      incognito_mode: false,
    };
    if (n % 10 === 9)
      return {
        ...base,
        master_metadata_track_name: null,
        master_metadata_album_artist_name: null,
        master_metadata_album_album_name: null,
        spotify_track_uri: null,
        episode_name: `Episode ${n}`,
        episode_show_name: 'A Show',
        spotify_episode_uri: 'spotify:episode:0Q86acNRm6V9GYx55SXKwf',
      };
    return {
      ...base,
      master_metadata_track_name: `Song ${n % 400}`,
      master_metadata_album_artist_name: `Artist ${n % 37}`,
      master_metadata_album_album_name: `Album ${n % 53}`,
      spotify_track_uri: `spotify:track:${trackId(n % 400)}`,
      episode_name: null,
      episode_show_name: null,
      spotify_episode_uri: null,
    };
  });
}

/** What `extendedRows(count)` must come to: rows, listens and skips by reason. */
export function expectedCounts(count: number) {
  let podcast = 0;
  let zero = 0;
  for (let n = 0; n < count; n += 1) {
    if (n % 10 === 9) podcast += 1;
    else if (n % 25 === 24) zero += 1;
  }
  return { rowsRead: count, listens: count - podcast - zero, skipped: { podcast, 'zero-length': zero } };
}

/** Music play `n` of `extendedRows` as the Spotify poller would have stored it (same identity). */
export function polledPlay(userId: string, n: number): ListenInput {
  if (n % 10 === 9 || n % 25 === 24) throw new Error(`row ${n} is not a music play`);
  return {
    userId,
    playedAt: new Date(endOf(n) - MS_PLAYED),
    endedAt: new Date(endOf(n)),
    msPlayed: MS_PLAYED,
    source: 'spotify-poll',
    track: {
      title: `Song ${n % 400}`,
      artists: [`Artist ${n % 37}`],
      album: `Album ${n % 53}`,
      spotifyTrackId: trackId(n % 400),
    },
  };
}

/** my_spotify_data.zip with the rows split over two yearly files, as Spotify does. */
export function extendedExportZip(count: number): Buffer {
  const rows = extendedRows(count);
  const half = Math.ceil(count / 2);
  return buildZip([
    { name: 'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf', data: 'pdf' },
    {
      name: 'Spotify Extended Streaming History/Streaming_History_Audio_2024_0.json',
      data: JSON.stringify(rows.slice(0, half)),
    },
    {
      name: 'Spotify Extended Streaming History/Streaming_History_Audio_2024_1.json',
      data: JSON.stringify(rows.slice(half)),
    },
  ]);
}
