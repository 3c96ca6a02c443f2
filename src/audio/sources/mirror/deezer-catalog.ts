import { z } from 'zod';
import { AudioSourceError } from '../errors.ts';
import type { MirrorCatalog, MirrorItem, MirrorTrackMeta } from './catalog.ts';
import type { MirrorItemKind } from './links.ts';
import { endpoint, type ServiceHttp } from './service-http.ts';

const track = z.looseObject({
  id: z.union([z.number(), z.string()]),
  title: z.string().nullish(),
  duration: z.number().nullish(),
  isrc: z.string().nullish(),
  link: z.string().nullish(),
  readable: z.boolean().nullish(),
  artist: z.looseObject({ name: z.string().nullish() }).nullish(),
  album: z.looseObject({ cover_xl: z.string().nullish(), cover_big: z.string().nullish() }).nullish(),
});
type DeezerTrack = z.infer<typeof track>;
const list = z.looseObject({
  data: z.array(z.unknown()),
  next: z.string().nullish(),
  total: z.number().nullish(),
});
const album = z.looseObject({
  title: z.string().nullish(),
  cover_xl: z.string().nullish(),
  nb_tracks: z.number().nullish(),
  artist: z.looseObject({ name: z.string().nullish() }).nullish(),
});
const playlist = z.looseObject({
  title: z.string().nullish(),
  picture_xl: z.string().nullish(),
  nb_tracks: z.number().nullish(),
  creator: z.looseObject({ name: z.string().nullish() }).nullish(),
});
/** Deezer reports errors in a 200 body: `{"error":{"type":"DataException","message":"no data","code":800}}`. */
const errorBody = z.looseObject({
  error: z.looseObject({
    type: z.string().nullish(),
    message: z.string().nullish(),
    code: z.number().nullish(),
  }),
});

const PAGE = 100;
/** Deezer's "no data" (a missing id) and "invalid query" answers mean: nothing there. */
const MISSING_CODES = new Set([800, 600]);

/** Deezer's keyless public API. */
export class DeezerCatalog implements MirrorCatalog {
  readonly service = 'deezer' as const;
  readonly configured = true;
  readonly #http: ServiceHttp;
  readonly #apiUrl: string;
  readonly #maxTracks: number;

  constructor(http: ServiceHttp, settings: { apiUrl: string; maxTracks: number }) {
    this.#http = http;
    this.#apiUrl = settings.apiUrl;
    this.#maxTracks = settings.maxTracks;
  }

  async load(kind: MirrorItemKind, id: string): Promise<MirrorItem> {
    if (kind === 'track') {
      const body = await this.#get(`/track/${id}`);
      const parsed = body === null ? null : track.safeParse(body);
      if (!parsed) return { kind: 'missing' };
      if (!parsed.success) throw unreadable(parsed.error.message);
      return { kind: 'track', track: this.#meta(parsed.data, null) };
    }
    const body = await this.#get(`/${kind}/${id}`);
    if (body === null) return { kind: 'missing' };
    if (kind === 'album') {
      const info = album.safeParse(body);
      if (!info.success) throw unreadable(info.error.message);
      const artwork = info.data.cover_xl ?? null;
      const tracks = await this.#pages(`/album/${id}/tracks`, artwork);
      return {
        kind: 'album',
        name: info.data.title ?? 'Album',
        url: `https://www.deezer.com/album/${id}`,
        author: info.data.artist?.name ?? null,
        artworkUrl: artwork,
        totalTracks: info.data.nb_tracks ?? tracks.length,
        tracks,
      };
    }
    const info = playlist.safeParse(body);
    if (!info.success) throw unreadable(info.error.message);
    const tracks = await this.#pages(`/playlist/${id}/tracks`, null);
    return {
      kind: 'playlist',
      name: info.data.title ?? 'Playlist',
      url: `https://www.deezer.com/playlist/${id}`,
      author: info.data.creator?.name ?? null,
      artworkUrl: info.data.picture_xl ?? null,
      totalTracks: info.data.nb_tracks ?? tracks.length,
      tracks,
    };
  }

  /** `index`/`limit` pages while Deezer sends a `next`, up to the cap (indexes counted here). */
  async #pages(path: string, albumArtwork: string | null): Promise<MirrorTrackMeta[]> {
    const tracks: MirrorTrackMeta[] = [];
    for (let index = 0; ; ) {
      const limit = Math.min(PAGE, this.#maxTracks - tracks.length);
      const body = await this.#get(path, { index, limit });
      if (body === null) return tracks;
      const page = list.safeParse(body);
      if (!page.success) throw unreadable(page.error.message);
      for (const entry of page.data.data) {
        const parsed = track.safeParse(entry);
        // Tracks Deezer can no longer play are listed with readable: false.
        if (parsed.success && parsed.data.readable !== false)
          tracks.push(this.#meta(parsed.data, albumArtwork));
      }
      index += page.data.data.length;
      if (!page.data.next || page.data.data.length === 0 || tracks.length >= this.#maxTracks)
        return tracks.slice(0, this.#maxTracks);
    }
  }

  #meta(t: DeezerTrack, albumArtwork: string | null): MirrorTrackMeta {
    const id = String(t.id);
    return {
      id,
      title: t.title ?? '',
      artist: t.artist?.name ?? '',
      length: Math.round((t.duration ?? 0) * 1000),
      isrc: t.isrc ?? null,
      artworkUrl: t.album?.cover_xl ?? t.album?.cover_big ?? albumArtwork,
      uri: `https://www.deezer.com/track/${id}`,
    };
  }

  /** The body, or null when Deezer says there is no such item. */
  async #get(path: string, query: Record<string, number> = {}): Promise<unknown> {
    const answer = await this.#http.json(endpoint(this.#apiUrl, path, query));
    if (answer.status !== 200)
      throw new AudioSourceError(
        `The Deezer API answered ${answer.status}.`,
        answer.status >= 500 ? 'fault' : 'common',
      );
    const error = errorBody.safeParse(answer.body);
    if (!error.success) return answer.body;
    const { code, message, type } = error.data.error;
    if (code !== null && code !== undefined && MISSING_CODES.has(code)) return null;
    // Quota (code 4) and the rest: Deezer's own words.
    throw new AudioSourceError(
      `The Deezer API refused: ${message ?? type ?? 'unknown error'}.`,
      'common',
      JSON.stringify(error.data.error).slice(0, 300),
    );
  }
}

const unreadable = (detail: string) =>
  new AudioSourceError('Deezer answered with something unreadable.', 'fault', detail.slice(0, 300));
