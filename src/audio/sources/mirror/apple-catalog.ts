import { z } from 'zod';
import { AudioSourceError } from '../errors.ts';
import type { MirrorCatalog, MirrorItem, MirrorTrackMeta } from './catalog.ts';
import type { MirrorItemKind } from './links.ts';
import { endpoint, type ServiceHttp } from './service-http.ts';

export const APPLE_PLAYLIST_NEEDS_TOKEN =
  'Apple Music playlists need APPLE_MUSIC_TOKEN (a MusicKit developer token) on the audio node.';

export interface AppleSettings {
  apiUrl: string;
  itunesUrl: string;
  /** MusicKit developer token; without it songs and albums come from the iTunes lookup (no ISRC). */
  token?: string | undefined;
  maxTracks: number;
}

const ARTWORK_SIZE = 512;
const song = z.looseObject({
  id: z.string(),
  attributes: z
    .looseObject({
      name: z.string().nullish(),
      artistName: z.string().nullish(),
      durationInMillis: z.number().nullish(),
      isrc: z.string().nullish(),
      url: z.string().nullish(),
      artwork: z.looseObject({ url: z.string() }).nullish(),
    })
    .nullish(),
});
type AppleSong = z.infer<typeof song>;
const tracksPage = z.looseObject({ data: z.array(z.unknown()), next: z.string().nullish() });
const collection = z.looseObject({
  data: z
    .array(
      z.looseObject({
        attributes: z
          .looseObject({
            name: z.string().nullish(),
            artistName: z.string().nullish(),
            curatorName: z.string().nullish(),
            trackCount: z.number().nullish(),
            url: z.string().nullish(),
            artwork: z.looseObject({ url: z.string() }).nullish(),
          })
          .nullish(),
        relationships: z.looseObject({ tracks: tracksPage.nullish() }).nullish(),
      }),
    )
    .min(1),
});
const lookup = z.looseObject({
  results: z.array(
    z.looseObject({
      wrapperType: z.string().nullish(),
      kind: z.string().nullish(),
      trackId: z.number().nullish(),
      trackName: z.string().nullish(),
      artistName: z.string().nullish(),
      collectionName: z.string().nullish(),
      trackTimeMillis: z.number().nullish(),
      trackViewUrl: z.string().nullish(),
      collectionViewUrl: z.string().nullish(),
      artworkUrl100: z.string().nullish(),
      trackCount: z.number().nullish(),
    }),
  ),
});
type LookupEntry = z.infer<typeof lookup>['results'][number];

/** `{w}x{h}` in Apple Music artwork URLs, `100x100` in the lookup's: a size clients show well. */
const sized = (url: string | null | undefined) =>
  url
    ? url
        .replace('{w}x{h}', `${ARTWORK_SIZE}x${ARTWORK_SIZE}`)
        .replace(/\/100x100bb\./, `/${ARTWORK_SIZE}x${ARTWORK_SIZE}bb.`)
    : null;
/** Apple links carry `?uo=4` tracking and the like; the track's page is what is kept. */
const cleanLink = (url: string | null | undefined) => {
  if (!url) return null;
  try {
    const u = new URL(url);
    u.searchParams.delete('uo');
    return u.href;
  } catch {
    return null;
  }
};

/**
 * Apple Music: the Apple Music API with a developer token (ISRCs, playlists), else the keyless
 * iTunes lookup API (songs and albums, no ISRC: mirroring then matches on title and artist).
 */
export class AppleMusicCatalog implements MirrorCatalog {
  readonly service = 'applemusic' as const;
  readonly configured = true;
  readonly #http: ServiceHttp;
  readonly #s: AppleSettings;

  constructor(http: ServiceHttp, settings: AppleSettings) {
    this.#http = http;
    this.#s = settings;
  }

  load(kind: MirrorItemKind, id: string, storefront = 'us'): Promise<MirrorItem> {
    return this.#s.token
      ? this.#fromApi(kind, id, storefront, this.#s.token)
      : this.#fromLookup(kind, id, storefront);
  }

  async #fromApi(kind: MirrorItemKind, id: string, storefront: string, token: string): Promise<MirrorItem> {
    const type = kind === 'track' ? 'songs' : kind === 'album' ? 'albums' : 'playlists';
    const base = `/catalog/${encodeURIComponent(storefront)}/${type}/${encodeURIComponent(id)}`;
    const body = await this.#api(base, token);
    if (body === null) return { kind: 'missing' };
    if (kind === 'track') {
      const parsed = z.looseObject({ data: z.array(song).min(1) }).safeParse(body);
      if (!parsed.success) throw unreadable(parsed.error.message);
      const meta = songMeta(parsed.data.data[0] as AppleSong);
      return meta ? { kind: 'track', track: meta } : { kind: 'missing' };
    }
    const parsed = collection.safeParse(body);
    if (!parsed.success) throw unreadable(parsed.error.message);
    const item = parsed.data.data[0];
    const attributes = item?.attributes;
    const tracks: MirrorTrackMeta[] = [];
    let page = item?.relationships?.tracks ?? null;
    // Offsets are counted here (Apple's `next` is a path with `offset`), so requests stay on the configured base.
    while (page) {
      for (const entry of page.data) {
        const parsedSong = song.safeParse(entry);
        const meta = parsedSong.success ? songMeta(parsedSong.data) : null;
        if (meta) tracks.push(meta);
      }
      if (!page.next || page.data.length === 0 || tracks.length >= this.#s.maxTracks) break;
      const next = await this.#api(`${base}/tracks`, token, { offset: tracks.length });
      const parsedPage = next === null ? null : tracksPage.safeParse(next);
      page = parsedPage?.success ? parsedPage.data : null;
    }
    return {
      kind,
      name: attributes?.name ?? (kind === 'album' ? 'Album' : 'Playlist'),
      url: attributes?.url ?? `https://music.apple.com/${storefront}/${kind}/${id}`,
      author: attributes?.artistName ?? attributes?.curatorName ?? null,
      artworkUrl: sized(attributes?.artwork?.url),
      totalTracks: attributes?.trackCount ?? tracks.length,
      tracks: tracks.slice(0, this.#s.maxTracks),
    };
  }

  async #fromLookup(kind: MirrorItemKind, id: string, storefront: string): Promise<MirrorItem> {
    if (kind === 'playlist')
      throw new AudioSourceError(APPLE_PLAYLIST_NEEDS_TOKEN, 'common', 'no APPLE_MUSIC_TOKEN');
    const answer = await this.#http.json(
      endpoint(this.#s.itunesUrl, '/lookup', {
        id,
        entity: 'song',
        country: storefront,
        limit: this.#s.maxTracks,
      }),
    );
    if (answer.status !== 200)
      throw new AudioSourceError(
        `The iTunes lookup API answered ${answer.status}.`,
        answer.status >= 500 ? 'fault' : 'common',
      );
    const parsed = lookup.safeParse(answer.body);
    if (!parsed.success) throw unreadable(parsed.error.message);
    const songs = parsed.data.results.filter((r) => r.wrapperType === 'track' && r.kind === 'song');
    if (kind === 'track') {
      const found = songs.find((s) => String(s.trackId) === id);
      const meta = found ? lookupMeta(found) : null;
      return meta ? { kind: 'track', track: meta } : { kind: 'missing' };
    }
    const album = parsed.data.results.find((r) => r.wrapperType === 'collection');
    if (!album) return { kind: 'missing' };
    const tracks = songs.flatMap((s) => {
      const meta = lookupMeta(s);
      return meta ? [meta] : [];
    });
    return {
      kind: 'album',
      name: album.collectionName ?? 'Album',
      url: cleanLink(album.collectionViewUrl) ?? `https://music.apple.com/${storefront}/album/${id}`,
      author: album.artistName ?? null,
      artworkUrl: sized(album.artworkUrl100),
      totalTracks: album.trackCount ?? tracks.length,
      tracks: tracks.slice(0, this.#s.maxTracks),
    };
  }

  /** An Apple Music API GET; null on 404. */
  async #api(path: string, token: string, query: Record<string, number> = {}): Promise<unknown> {
    const answer = await this.#http.json(endpoint(this.#s.apiUrl, path, query), {
      headers: { authorization: `Bearer ${token}` },
    });
    if (answer.status === 404) return null;
    if (answer.status === 401 || answer.status === 403)
      throw new AudioSourceError(
        'Apple Music refused this node’s developer token: check APPLE_MUSIC_TOKEN.',
        'common',
        `${answer.status} from the Apple Music API`,
      );
    if (answer.status !== 200) {
      const detail = z
        .looseObject({
          errors: z.array(z.looseObject({ detail: z.string().nullish(), title: z.string().nullish() })),
        })
        .safeParse(answer.body).data?.errors[0];
      const said = detail?.detail ?? detail?.title;
      throw new AudioSourceError(
        `The Apple Music API answered ${answer.status}${said ? `: ${said}` : ''}.`,
        answer.status >= 500 ? 'fault' : 'common',
      );
    }
    return answer.body;
  }
}

function songMeta(s: AppleSong): MirrorTrackMeta | null {
  const a = s.attributes;
  if (!a) return null;
  return {
    id: s.id,
    title: a.name ?? '',
    artist: a.artistName ?? '',
    length: a.durationInMillis ?? 0,
    isrc: a.isrc ?? null,
    artworkUrl: sized(a.artwork?.url),
    uri: a.url ?? `https://music.apple.com/us/song/${s.id}`,
  };
}

function lookupMeta(s: LookupEntry): MirrorTrackMeta | null {
  if (!s.trackId) return null;
  return {
    id: String(s.trackId),
    title: s.trackName ?? '',
    artist: s.artistName ?? '',
    length: s.trackTimeMillis ?? 0,
    isrc: null,
    artworkUrl: sized(s.artworkUrl100),
    uri: cleanLink(s.trackViewUrl) ?? `https://music.apple.com/us/song/${s.trackId}`,
  };
}

const unreadable = (detail: string) =>
  new AudioSourceError('Apple Music answered with something unreadable.', 'fault', detail.slice(0, 300));
