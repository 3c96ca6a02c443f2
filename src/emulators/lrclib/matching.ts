import type { CatalogueTrack } from './catalogue.ts';

/**
 * LRCLIB's `prepare_input` (server/src/utils.rs): accents dropped, punctuation to spaces,
 * apostrophes removed, lower case, runs of spaces collapsed. Names match when these agree.
 */
export function prepared(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[`~!@#$%^&*()_|+\-=?;:",.<>{}[\]\\/]/g, ' ')
    .replace(/['’]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words full-text search indexes: letters and digits, accents dropped. */
function tokens(input: string): string[] {
  return prepared(input)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '');
}

function hasAll(haystack: string, needle: string): boolean {
  const words = new Set(tokens(haystack));
  return tokens(needle).every((token) => words.has(token));
}

export interface ExactQuery {
  track: string;
  artist: string;
  album: string | null;
  duration: number | null;
}

/** `/api/get`: same names (and album when given), duration within ±2 s when given; lowest id first. */
export function matchesExactly(track: CatalogueTrack, query: ExactQuery): boolean {
  if (prepared(track.trackName) !== query.track || prepared(track.artistName) !== query.artist) return false;
  if (query.album !== null && prepared(track.albumName) !== query.album) return false;
  return query.duration === null || Math.abs(track.duration - query.duration) <= 2;
}

export interface KeywordQuery {
  q: string | null;
  track: string | null;
  artist: string | null;
  album: string | null;
}

/**
 * `/api/search` as its full-text index answers: every word of `q` in the track's title, artist
 * or album; or every word of `track_name` in the title (and of `artist_name`, `album_name` in theirs).
 */
export function matchesKeywords(track: CatalogueTrack, query: KeywordQuery): boolean {
  if (query.q !== null) return hasAll(`${track.trackName} ${track.artistName} ${track.albumName}`, query.q);
  if (query.track === null) return false;
  return (
    hasAll(track.trackName, query.track) &&
    (query.artist === null || hasAll(track.artistName, query.artist)) &&
    (query.album === null || hasAll(track.albumName, query.album))
  );
}
