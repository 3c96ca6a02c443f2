/**
 * Where /lyrics gets its text. Lyrics come from third-party services with their own terms
 * and keys, so none is built in: an installation that has one implements this interface and
 * hands it to the music capability (`MusicServices.lyrics`). Without one, /lyrics answers that
 * lyrics are not available — the documented behaviour, not a failure.
 */
export interface LyricsProvider {
  /** Shown under the lyrics ("Lyrics from …"). */
  readonly name: string;
  /**
   * The lyrics of a track, or null when the provider has none. Throwing means the provider
   * failed (network, quota); the user then gets the generic apology and the error is logged.
   * `signal` aborts when the interaction can no longer be answered.
   */
  find(track: LyricsQuery, signal: AbortSignal): Promise<Lyrics | null>;
}

/** What is known about the track: enough to search by title and artist, or by link. */
export interface LyricsQuery {
  title: string;
  author: string;
  uri: string | null;
  lengthMs: number;
}

export interface Lyrics {
  /** Plain text, lines separated by `\n`. */
  text: string;
  /** The page the lyrics come from, when there is one. */
  url: string | null;
}
