import type { LoadResult, TrackInfo } from '../../contracts.ts';
import { AudioSourceError } from '../errors.ts';
import { LruCache } from './lru.ts';
import { ISRC_MATCH_THRESHOLD, pickMirror, TITLE_MATCH_THRESHOLD } from './match.ts';

/** A search of the playable source: `ytsearch10:<query>` through yt-dlp. */
export type MirrorSearch = (query: string) => Promise<LoadResult>;

/** How a mirror was found, for the log and the tests. */
export type MirrorHow = 'cache' | 'isrc' | 'title';

const candidatesOf = (result: LoadResult): TrackInfo[] =>
  result.loadType === 'search' ? result.data.map((track) => track.info) : [];

/**
 * Finds the playable track for a Spotify, Apple Music or Deezer one, as LavaSrc does: a search
 * for the ISRC in quotes first (YouTube's auto-generated "Topic" uploads carry it), then one for
 * "title artist"; each result is scored (match.ts) and the best one above the bar is taken.
 * Decisions are remembered in a bounded LRU, so a track replayed or requeued is not searched again.
 */
export class MirrorResolver {
  readonly #cache: LruCache<string, TrackInfo>;

  constructor(cacheSize: number) {
    this.#cache = new LruCache(cacheSize);
  }

  get cached(): number {
    return this.#cache.size;
  }

  async resolve(
    track: TrackInfo,
    isrc: string | null,
    search: MirrorSearch,
  ): Promise<{ mirror: TrackInfo; how: MirrorHow }> {
    const key = `${track.sourceName}:${track.identifier}`;
    const remembered = this.#cache.get(key);
    if (remembered) return { mirror: remembered, how: 'cache' };
    const target = { title: track.title, author: track.author, length: track.length };
    if (isrc) {
      const byIsrc = pickMirror(target, candidatesOf(await search(`"${isrc}"`)), ISRC_MATCH_THRESHOLD);
      if (byIsrc) {
        this.#cache.set(key, byIsrc);
        return { mirror: byIsrc, how: 'isrc' };
      }
    }
    const query = `${track.title} ${track.author}`.trim();
    const byTitle = pickMirror(target, candidatesOf(await search(query)), TITLE_MATCH_THRESHOLD);
    if (!byTitle) {
      throw new AudioSourceError(
        `No playable version of "${track.title}" by ${track.author} was found on YouTube.`,
        'common',
        `no mirror for ${key} (isrc ${isrc ?? 'none'}, query ${query})`,
      );
    }
    this.#cache.set(key, byTitle);
    return { mirror: byTitle, how: 'title' };
  }
}
