import type { LyricLine } from './contract.ts';

/**
 * Where /lyrics and the panel get their words. LRCLIB is built in (LYRICS_PROVIDER=lrclib, the
 * default); an installation with another service implements this interface and hands it to
 * the music capability instead.
 */
export interface LyricsProvider {
  /** Shown under the lyrics ("Lyrics from …"). */
  readonly name: string;
  /**
   * The lyrics of a track, or null when the provider has none. Throwing means the provider
   * failed (network, quota); the user then gets the generic apology and the error is logged.
   * `signal` aborts when the answer would come too late to be shown.
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
  /** Plain text, lines separated by `\n`; empty for an instrumental. */
  text: string;
  /** Timed lines sorted by time, when the provider has them in sync with the track; else null. */
  synced: LyricLine[] | null;
  /** The track has no words (the provider says so, rather than not knowing it). */
  instrumental: boolean;
  /** The page the lyrics come from, when there is one. */
  url: string | null;
}
