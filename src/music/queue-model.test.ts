import { describe, expect, it } from 'vitest';
import { aQueuedTrack as aTrack } from '../../test/support/music-snapshots.ts';
import {
  addTracks,
  clearUpcoming,
  currentTrack,
  HISTORY_KEPT,
  indexAfterFinish,
  indexAfterSkip,
  moveUpcoming,
  playIndex,
  type QueueOrder,
  removeDuplicateUpcoming,
  removeUpcoming,
  removeUpcomingWhere,
  shuffleUpcoming,
  upcomingTracks,
} from './queue-model.ts';

const titles = (tracks: { info: { title: string } }[]) => tracks.map((t) => t.info.title);

/** A queue playing `current` (0-based index into the titles). */
function aQueue(names: string[], current: number, loop: QueueOrder['loop'] = 'off'): QueueOrder {
  return { tracks: names.map((name) => aTrack(name)), currentIndex: current, loop };
}

describe('queue order', () => {
  it('appends, or inserts right after the current track with next', () => {
    const order = aQueue(['a', 'b', 'c'], 0);
    expect(titles(upcomingTracks(addTracks(order, [aTrack('d')])))).toEqual(['b', 'c', 'd']);
    expect(titles(upcomingTracks(addTracks(order, [aTrack('d')], { next: true })))).toEqual(['d', 'b', 'c']);
  });

  it('removes one upcoming track or a range, numbered from 1, and refuses out of range', () => {
    const order = aQueue(['now', 'a', 'b', 'c', 'd'], 0);
    expect(titles(upcomingTracks(removeUpcoming(order, 2)?.order ?? order))).toEqual(['a', 'c', 'd']);
    const range = removeUpcoming(order, 2, 3);
    expect(titles(range?.removed ?? [])).toEqual(['b', 'c']);
    expect(removeUpcoming(order, 0)).toBeNull();
    expect(removeUpcoming(order, 5)).toBeNull();
    expect(removeUpcoming(order, 3, 2)).toBeNull();
  });

  it('removes upcoming duplicates by link or identifier, keeping the first and the current track', () => {
    const sameAsA = aTrack('a (again)', { uri: 'file:///srv/music/a.ogg' });
    const noLink = (title: string) => aTrack(title, { uri: null, identifier: 'x-1', sourceName: 'http' });
    const order = {
      ...aQueue(['now', 'a', 'b'], 0),
      tracks: [aTrack('now'), aTrack('a'), aTrack('now'), sameAsA, aTrack('b'), noLink('x'), noLink('x2')],
    };
    const { order: after, removed } = removeDuplicateUpcoming(order);
    expect(titles(removed)).toEqual(['a (again)', 'x2']);
    expect(titles(after.tracks)).toEqual(['now', 'a', 'now', 'b', 'x']);
    expect(removeDuplicateUpcoming(aQueue(['now', 'a', 'b'], 0)).removed).toEqual([]);
  });

  it('removes the upcoming tracks a rule picks, never a played or the current one', () => {
    const order = aQueue(['old', 'now', 'a', 'b', 'c'], 1);
    const { order: after, removed } = removeUpcomingWhere(order, (track) => track.info.title !== 'b');
    expect(titles(removed)).toEqual(['a', 'c']);
    expect(titles(after.tracks)).toEqual(['old', 'now', 'b']);
    expect(after.currentIndex).toBe(1);
  });

  it('moves an upcoming track and keeps the played ones where they are', () => {
    const order = aQueue(['old', 'now', 'a', 'b', 'c'], 1);
    const moved = moveUpcoming(order, 3, 1);
    expect(titles(moved?.tracks ?? [])).toEqual(['old', 'now', 'c', 'a', 'b']);
    expect(moveUpcoming(order, 4, 1)).toBeNull();
  });

  it('shuffles only what is still to come', () => {
    const order = aQueue(['old', 'now', ...'abcdefgh'], 1);
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const shuffled = shuffleUpcoming(order, random);
    expect(titles(shuffled.tracks.slice(0, 2))).toEqual(['old', 'now']);
    expect(titles(upcomingTracks(shuffled)).sort()).toEqual([...'abcdefgh']);
    expect(titles(upcomingTracks(shuffled))).not.toEqual([...'abcdefgh']);
  });

  it('clears the upcoming tracks and keeps the current one', () => {
    const cleared = clearUpcoming(aQueue(['old', 'now', 'a'], 1));
    expect(currentTrack(cleared)?.info.title).toBe('now');
    expect(upcomingTracks(cleared)).toEqual([]);
  });

  it('goes on after a finished track by the loop mode', () => {
    expect(indexAfterFinish(aQueue(['a', 'b'], 0))).toBe(1);
    expect(indexAfterFinish(aQueue(['a', 'b'], 1))).toBe(-1);
    expect(indexAfterFinish(aQueue(['a', 'b'], 1, 'track'))).toBe(1);
    expect(indexAfterFinish(aQueue(['a', 'b'], 1, 'queue'))).toBe(0);
  });

  it('skips past a looped track, and wraps a looped queue', () => {
    expect(indexAfterSkip(aQueue(['a', 'b'], 0, 'track'))).toBe(1);
    expect(indexAfterSkip(aQueue(['a', 'b'], 1, 'track'))).toBe(-1);
    expect(indexAfterSkip(aQueue(['a', 'b'], 1, 'queue'))).toBe(0);
  });

  it(`keeps at most ${HISTORY_KEPT} played tracks`, () => {
    const names = Array.from({ length: HISTORY_KEPT + 20 }, (_, i) => `t${i}`);
    const played = playIndex(aQueue(names, 0), HISTORY_KEPT + 10);
    expect(played.currentIndex).toBe(HISTORY_KEPT);
    expect(currentTrack(played)?.info.title).toBe(`t${HISTORY_KEPT + 10}`);
    expect(played.tracks).toHaveLength(HISTORY_KEPT + 10);
  });
});
