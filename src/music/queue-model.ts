import type { QueuedTrack } from './contract.ts';
import type { LoopMode } from './player-options.ts';

/**
 * The order of play. `tracks` keeps what was played (so `back` works) and what is to come;
 * `currentIndex` is the track playing now, or -1 before the first play and after the end.
 * Users number the upcoming tracks from 1 (1 = the next one).
 */
export interface QueueOrder {
  tracks: QueuedTrack[];
  currentIndex: number;
  loop: LoopMode;
}

/** Played tracks kept for `back`, beyond which the oldest are dropped. */
export const HISTORY_KEPT = 50;

export function currentTrack(order: QueueOrder): QueuedTrack | null {
  return order.tracks[order.currentIndex] ?? null;
}

/** The tracks after the current one (all of them when nothing has played yet). */
export function upcomingTracks(order: QueueOrder): QueuedTrack[] {
  return order.tracks.slice(order.currentIndex + 1);
}

/** Appends (or, with `next`, inserts right after the current track) and drops old history. */
export function addTracks<T extends QueueOrder>(
  order: T,
  added: QueuedTrack[],
  options: { next?: boolean } = {},
): T {
  const insertAt = options.next ? order.currentIndex + 1 : order.tracks.length;
  const tracks = [...order.tracks.slice(0, insertAt), ...added, ...order.tracks.slice(insertAt)];
  return trimHistory({ ...order, tracks });
}

/** Index in `tracks` of the upcoming track numbered `position` (1-based), or null. */
export function upcomingIndex(order: QueueOrder, position: number): number | null {
  const count = order.tracks.length - order.currentIndex - 1;
  if (!Number.isInteger(position) || position < 1 || position > count) return null;
  return order.currentIndex + position;
}

/** Removes upcoming tracks `from`..`to` (inclusive, 1-based); null when out of range. */
export function removeUpcoming<T extends QueueOrder>(
  order: T,
  from: number,
  to = from,
): { order: T; removed: QueuedTrack[] } | null {
  const start = upcomingIndex(order, from);
  const end = upcomingIndex(order, to);
  if (start === null || end === null || end < start) return null;
  const tracks = [...order.tracks];
  const removed = tracks.splice(start, end - start + 1);
  return { order: { ...order, tracks }, removed };
}

/** Moves upcoming track `from` to position `to` (both 1-based); null when out of range. */
export function moveUpcoming<T extends QueueOrder>(order: T, from: number, to: number): T | null {
  const source = upcomingIndex(order, from);
  const target = upcomingIndex(order, to);
  if (source === null || target === null) return null;
  const tracks = [...order.tracks];
  const [moved] = tracks.splice(source, 1);
  if (!moved) return null;
  tracks.splice(target, 0, moved);
  return { ...order, tracks };
}

/** Fisher–Yates over the upcoming tracks; played ones and the current one stay put. */
export function shuffleUpcoming<T extends QueueOrder>(order: T, random: () => number = Math.random): T {
  const start = order.currentIndex + 1;
  const tracks = [...order.tracks];
  for (let i = tracks.length - 1; i > start; i--) {
    const j = start + Math.floor(random() * (i - start + 1));
    [tracks[i], tracks[j]] = [tracks[j] as QueuedTrack, tracks[i] as QueuedTrack];
  }
  return { ...order, tracks };
}

/** Removes the upcoming tracks `drop` picks, in one pass from the next track on. */
export function removeUpcomingWhere<T extends QueueOrder>(
  order: T,
  drop: (track: QueuedTrack) => boolean,
): { order: T; removed: QueuedTrack[] } {
  const upcoming = upcomingTracks(order);
  const removed = upcoming.filter(drop);
  const kept = upcoming.filter((track) => !removed.includes(track));
  const tracks = [...order.tracks.slice(0, order.currentIndex + 1), ...kept];
  return { order: { ...order, tracks }, removed };
}

/** What makes two queued tracks the same song: its link, else its source's identifier. */
export function sameTrackKey(track: QueuedTrack): string {
  return track.info.uri ?? `${track.info.sourceName}:${track.info.identifier}`;
}

/**
 * Removes upcoming tracks already queued earlier among the upcoming ones (the first stays).
 * The current track does not count: queuing it again to hear it twice is deliberate.
 */
export function removeDuplicateUpcoming<T extends QueueOrder>(
  order: T,
): { order: T; removed: QueuedTrack[] } {
  const seen = new Set<string>();
  return removeUpcomingWhere(order, (track) => {
    const key = sameTrackKey(track);
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

/** Drops every upcoming track. */
export function clearUpcoming<T extends QueueOrder>(order: T): T {
  return { ...order, tracks: order.tracks.slice(0, order.currentIndex + 1) };
}

/**
 * Where play goes when the current track ends by itself. A looped track repeats; a looped
 * queue wraps to the first kept track; otherwise the next, or -1 at the end.
 */
export function indexAfterFinish(order: QueueOrder): number {
  if (order.loop === 'track' && order.currentIndex >= 0) return order.currentIndex;
  return indexAfterSkip(order);
}

/** Where a skip goes: the next track (looping a track does not hold a skip back). */
export function indexAfterSkip(order: QueueOrder): number {
  const next = order.currentIndex + 1;
  if (next < order.tracks.length) return next;
  if (order.loop === 'queue' && order.tracks.length > 0) return 0;
  return -1;
}

/** Keeps at most HISTORY_KEPT played tracks before the current one. */
function trimHistory<T extends QueueOrder>(order: T): T {
  const excess = order.currentIndex - HISTORY_KEPT;
  if (excess <= 0) return order;
  return { ...order, tracks: order.tracks.slice(excess), currentIndex: order.currentIndex - excess };
}

/** Sets the current track, trimming history as it grows. */
export function playIndex<T extends QueueOrder>(order: T, index: number): T {
  return trimHistory({ ...order, currentIndex: index });
}
