import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { BoundedCache } from './bounded-cache.ts';
import { parseLrc, plainTextOf } from './lrc.ts';
import {
  type LrclibRecord,
  lrclibErrorSchema,
  lrclibRecordSchema,
  lrclibSearchSchema,
} from './lrclib-wire.ts';
import type { Lyrics, LyricsProvider, LyricsQuery } from './lyrics-provider.ts';
import { comparable, type SongQuery, songOf } from './track-query.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** LRCLIB asks clients to name themselves (https://lrclib.net/docs). */
export const LRCLIB_USER_AGENT = `Gramophone/${VERSION} (self-hosted Discord music bot; /lyrics and its web panel)`;

/** LRCLIB's own leniency for `/api/get`: a duration within 2 s matches. */
const SYNC_TOLERANCE_S = 2;
/** A search result further off than this is another version of the song (live, extended). */
const MAX_DURATION_GAP_S = 10;

export interface LrclibProviderOptions {
  /** Where LRCLIB answers, e.g. https://lrclib.net (LYRICS_LRCLIB_URL). */
  baseUrl: string;
  cache?: { maxEntries: number; foundTtlMs: number; missingTtlMs: number };
  /** The cache's clock, for tests. */
  now?: () => number;
}

/** LRCLIB answered in a way the provider can't use: a failure, not "no lyrics". */
export class LrclibError extends Error {
  override readonly name = 'LrclibError';
}

/**
 * Lyrics from LRCLIB (https://lrclib.net), an open database of synced and plain lyrics that
 * needs no key. The track's title is cleaned of upload dressing first; `/api/get` is asked for
 * the exact song (LRCLIB matches the duration within 2 s), then `/api/search`, whose results
 * are picked by title, artist and duration. Answers, misses included, are cached in memory.
 */
export class LrclibProvider implements LyricsProvider {
  readonly name = 'LRCLIB';
  readonly #base: URL;
  readonly #cache: BoundedCache<Lyrics | null>;
  readonly #missingTtlMs: number;

  constructor(options: LrclibProviderOptions) {
    this.#base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    const cache = options.cache ?? { maxEntries: 500, foundTtlMs: 6 * 3_600_000, missingTtlMs: 3_600_000 };
    this.#cache = new BoundedCache({
      maxEntries: cache.maxEntries,
      ttlMs: cache.foundTtlMs,
      ...(options.now ? { now: options.now } : {}),
    });
    this.#missingTtlMs = cache.missingTtlMs;
  }

  async find(query: LyricsQuery, signal: AbortSignal): Promise<Lyrics | null> {
    const song = songOf(query);
    const key = [song.artist, song.track].map(comparable).concat(String(song.durationSec)).join('|');
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const record = await this.#lookUp(song, signal);
    const lyrics = record ? lyricsOf(record, song) : null;
    this.#cache.set(key, lyrics, lyrics ? undefined : this.#missingTtlMs);
    return lyrics;
  }

  async #lookUp(song: SongQuery, signal: AbortSignal): Promise<LrclibRecord | null> {
    // /api/get refuses an empty artist (400): a file without tags is looked up by its title.
    if (song.artist !== '') {
      const exact = await this.#get(song, signal);
      if (exact && hasWords(exact)) return exact;
    }
    const searches: Record<string, string>[] =
      song.artist === ''
        ? [{ track_name: song.track }]
        : [
            { track_name: song.track, artist_name: song.artist },
            { q: `${song.artist} ${song.track}` },
            { q: song.track },
          ];
    for (const params of searches) {
      const best = bestMatch(await this.#search(params, signal), song);
      if (best) return best;
    }
    return null;
  }

  async #get(song: SongQuery, signal: AbortSignal): Promise<LrclibRecord | null> {
    const params: Record<string, string> = { track_name: song.track, artist_name: song.artist };
    if (song.durationSec !== null) params.duration = String(song.durationSec);
    return this.#request('api/get', params, lrclibRecordSchema, signal);
  }

  async #search(params: Record<string, string>, signal: AbortSignal): Promise<LrclibRecord[]> {
    return (await this.#request('api/search', params, lrclibSearchSchema, signal)) ?? [];
  }

  /** The parsed answer, or null for LRCLIB's 404 TrackNotFound. */
  async #request<T>(
    path: string,
    params: Record<string, string>,
    schema: z.ZodType<T>,
    signal: AbortSignal,
  ): Promise<T | null> {
    const url = new URL(path, this.#base);
    url.search = new URLSearchParams(params).toString();
    const response = await fetch(url, {
      headers: { accept: 'application/json', 'user-agent': LRCLIB_USER_AGENT },
      signal,
    });
    if (!response.ok) {
      const body = await response.text();
      // Only LRCLIB's own "no such track" is a miss: a bare 404 is a wrong LYRICS_LRCLIB_URL.
      if (response.status === 404 && isTrackNotFound(body)) return null;
      throw new LrclibError(`LRCLIB answered ${response.status} to /${path}: ${body.slice(0, 200)}`);
    }
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success)
      throw new LrclibError(`LRCLIB's /${path} answer is not as documented: ${parsed.error.message}`);
    return parsed.data;
  }
}

function isTrackNotFound(body: string): boolean {
  try {
    return lrclibErrorSchema.safeParse(JSON.parse(body)).data?.name === 'TrackNotFound';
  } catch {
    return false;
  }
}

function hasWords(record: LrclibRecord): boolean {
  return record.instrumental || Boolean(record.syncedLyrics?.trim() || record.plainLyrics?.trim());
}

function durationGap(record: LrclibRecord, song: SongQuery): number {
  return record.duration === null || song.durationSec === null
    ? 0
    : Math.abs(record.duration - song.durationSec);
}

/** Whether one name contains the other once spelling is set aside ("Song" and "Song (Live)"). */
function sameName(a: string | null, b: string): boolean {
  const left = comparable(a ?? '');
  const right = comparable(b);
  return left !== '' && right !== '' && (left.includes(right) || right.includes(left));
}

/**
 * The search result most likely to be the song playing: its title must match, its duration be
 * within 10 s; then the closest duration wins, a matching artist and synced lines break ties.
 */
function bestMatch(records: readonly LrclibRecord[], song: SongQuery): LrclibRecord | null {
  let best: { record: LrclibRecord; score: number } | null = null;
  for (const record of records) {
    if (!hasWords(record) || !sameName(record.trackName, song.track)) continue;
    const gap = durationGap(record, song);
    if (gap > MAX_DURATION_GAP_S) continue;
    const score =
      gap +
      (sameName(record.artistName, song.artist) ? 0 : MAX_DURATION_GAP_S) +
      (record.syncedLyrics ? 0 : 1) +
      (comparable(record.trackName ?? '') === comparable(song.track) ? 0 : 0.5);
    if (!best || score < best.score) best = { record, score };
  }
  return best?.record ?? null;
}

/** The record as lyrics; synced lines only when the durations agree, or they would run off. */
function lyricsOf(record: LrclibRecord, song: SongQuery): Lyrics | null {
  if (record.instrumental) return { text: '', synced: null, instrumental: true, url: null };
  const lines = record.syncedLyrics ? parseLrc(record.syncedLyrics).lines : [];
  const synced = lines.length > 0 && durationGap(record, song) <= SYNC_TOLERANCE_S ? lines : null;
  const text = record.plainLyrics?.trim() || plainTextOf(lines);
  if (!text) return null;
  return { text, synced, instrumental: false, url: null };
}
