import type { ListenTrackInput } from './listen-input.ts';

/**
 * The keys that make the catalogue normalised: one row per artist, album and track however
 * many sources name it. Names are compared after NFKC, case folding, typographic quotes made
 * plain and whitespace collapsed — "Beyoncé ", "BEYONCÉ" and "beyoncé" are one artist. Nothing
 * cleverer (no "feat." stripping): a false merge is worse than a missed one, and part 2's
 * statistics can group on `nameKey` where they want songs rather than recordings.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The separator of key parts: a control character no normalised name contains. */
const SEP = '\u001f';

export function artistKey(name: string): string {
  return `name:${normaliseName(name)}`;
}

export function albumKey(artistName: string, title: string): string {
  return `name:${normaliseName(artistName)}${SEP}${normaliseName(title)}`;
}

/** The main artist + title of a track, normalised: the same song from any source. */
export function trackNameKey(track: Pick<ListenTrackInput, 'artists' | 'title'>): string {
  return `${normaliseName(track.artists[0] ?? '')}${SEP}${normaliseName(track.title)}`;
}

/** `spotify:<id>` when the source knows the Spotify id, else `name:` + the name key. */
export function trackKey(track: Pick<ListenTrackInput, 'artists' | 'title' | 'spotifyTrackId'>): string {
  return track.spotifyTrackId ? `spotify:${track.spotifyTrackId}` : `name:${trackNameKey(track)}`;
}
