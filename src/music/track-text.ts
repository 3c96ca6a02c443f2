import type { TrackInfo } from '../lavalink/index.ts';

/** Line and tab breaks: they become one space, so words on either side stay apart. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
/** Other C0/C1 control characters (a NUL above all) and the bidirectional overrides that reorder text. */
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/** A title or an author as an audio node reported it, without control characters or bidi overrides. */
export function cleanTrackText(text: string): string {
  return text.replace(BREAKS, ' ').replace(CONTROL, '');
}

/**
 * A track from an audio node — ours, or an external one that returns whatever a site's tags
 * say — with a clean title and author. Done where tracks enter the bot (loading, queueing), so
 * a NUL cannot break the queue's jsonb write and no override can reorder a message's text.
 */
export function withCleanText<T extends { info: TrackInfo }>(track: T): T {
  const { title, author } = track.info;
  const clean = { title: cleanTrackText(title), author: cleanTrackText(author) };
  if (clean.title === title && clean.author === author) return track;
  return { ...track, info: { ...track.info, ...clean } };
}
