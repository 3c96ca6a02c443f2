import { createHash } from 'node:crypto';
import type { SpotifyAlbumSeed, SpotifyTrackSeed } from './catalogue.ts';

/** An emulated Spotify account. */
export interface SpotifyUser {
  id: string;
  displayName: string;
}

/** One finished play: `playedAtMs` is when it ended, as Spotify's `played_at` is (about) the end. */
export interface SpotifyPlay {
  trackId: string;
  playedAtMs: number;
  /** `spotify:playlist:…`, `spotify:album:…` or null (played from search, a queue, …). */
  contextUri: string | null;
}

/** Spotify keeps only this many plays retrievable through recently-played. */
export const RECENTLY_PLAYED_WINDOW = 50;

/** A page of GET /me/player/recently-played, before rendering. */
export interface PlayPage {
  plays: SpotifyPlay[];
  /** Where `next` points, or null when nothing further is retrievable that way. */
  next: { after: number } | { before: number } | null;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A 22-character base62 id derived from `seed`, shaped like Spotify's (stable across runs). */
export function base62Id(seed: string): string {
  const bytes = createHash('sha256').update(seed).digest();
  let id = '';
  for (let i = 0; id.length < 22; i += 1) id += BASE62[(bytes[i % bytes.length] ?? 0) % 62];
  return id;
}

/** A made-up catalogue entry for generated listening: one track on its own single. */
export function generatedTrack(n: number): { track: SpotifyTrackSeed; album: SpotifyAlbumSeed } {
  const artist = { id: base62Id(`artist:${n % 97}`), name: `Emulated Artist ${n % 97}` };
  const albumId = base62Id(`album:${n}`);
  const track: SpotifyTrackSeed = {
    id: base62Id(`track:${n}`),
    name: `Emulated Song ${n}`,
    artists: [artist],
    durationMs: 150_000 + ((n * 7_919) % 120_000),
    isrc: `QZEMU${String(n).padStart(7, '0')}`,
    albumId,
  };
  return {
    track,
    album: {
      id: albumId,
      name: `Emulated Single ${n}`,
      artists: [artist],
      imageUrl: `https://i.scdn.co/image/emulated${n}`,
      releaseDate: '2024-01-01',
      trackIds: [track.id],
    },
  };
}

/**
 * Users and what they played. recently-played sees only plays that have ended by `now`, and of
 * those only the newest {@link RECENTLY_PLAYED_WINDOW}: older ones are gone for good, which is
 * why archival must poll often enough.
 */
export class ListeningHistory {
  readonly users = new Map<string, SpotifyUser>();
  readonly #plays = new Map<string, SpotifyPlay[]>();
  window = RECENTLY_PLAYED_WINDOW;

  addUser(user: SpotifyUser): void {
    this.users.set(user.id, user);
    if (!this.#plays.has(user.id)) this.#plays.set(user.id, []);
  }

  addPlays(userId: string, plays: SpotifyPlay[]): void {
    const list = this.#plays.get(userId) ?? [];
    list.push(...plays);
    list.sort((a, b) => a.playedAtMs - b.playedAtMs);
    this.#plays.set(userId, list);
  }

  /** Every play of the user ended by `nowMs`, retrievable or not (newest last). */
  allPlays(userId: string, nowMs: number): SpotifyPlay[] {
    return (this.#plays.get(userId) ?? []).filter((play) => play.playedAtMs <= nowMs);
  }

  /**
   * One page, newest first. No cursor: the newest `limit`, `next` paging back in time. `before`:
   * the newest `limit` older than it (exclusive). `after`: the `limit` plays right after it
   * (exclusive) — moving forward in time, so a client following `after` misses nothing still
   * retrievable — with `next` continuing forward while newer plays exist.
   */
  page(userId: string, nowMs: number, query: { limit: number; after?: number; before?: number }): PlayPage {
    const retrievable = this.allPlays(userId, nowMs).slice(-this.window);
    if (query.after !== undefined) {
      const after = query.after;
      const newer = retrievable.filter((play) => play.playedAtMs > after);
      const plays = newer.slice(0, query.limit);
      const newest = plays.at(-1);
      return {
        plays: plays.reverse(),
        next: newest && newer.length > plays.length ? { after: newest.playedAtMs } : null,
      };
    }
    const before = query.before;
    const older = before === undefined ? retrievable : retrievable.filter((play) => play.playedAtMs < before);
    const plays = older.slice(-query.limit);
    const oldest = plays[0];
    return {
      plays: plays.reverse(),
      next: oldest && older.length > plays.length ? { before: oldest.playedAtMs } : null,
    };
  }
}
