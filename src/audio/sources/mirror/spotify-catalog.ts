import { z } from 'zod';
import { AudioSourceError } from '../errors.ts';
import type { MirrorCatalog, MirrorItem, MirrorTrackMeta } from './catalog.ts';
import type { MirrorItemKind } from './links.ts';
import { endpoint, type ServiceAnswer, type ServiceHttp } from './service-http.ts';

export const SPOTIFY_CREDENTIALS_MISSING = 'Spotify links need SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET.';

export interface SpotifySettings {
  apiUrl: string;
  accountsUrl: string;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Most tracks an album or playlist lists. */
  maxTracks: number;
  now?: () => number;
}

const image = z.looseObject({ url: z.string() });
const artist = z.looseObject({ name: z.string().nullish() });
const simplifiedTrack = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  duration_ms: z.number().nullish(),
  artists: z.array(artist).nullish(),
  is_local: z.boolean().nullish(),
  external_ids: z.looseObject({ isrc: z.string().nullish() }).nullish(),
  album: z.looseObject({ images: z.array(image).nullish() }).nullish(),
});
type SpotifyTrack = z.infer<typeof simplifiedTrack>;
const paging = <T extends z.ZodType>(item: T) =>
  z.looseObject({ items: z.array(item), next: z.string().nullish(), total: z.number().nullish() });
const albumSchema = z.looseObject({
  name: z.string().nullish(),
  images: z.array(image).nullish(),
  artists: z.array(artist).nullish(),
  tracks: paging(simplifiedTrack),
});
// A playlist item's track is null when it was removed from Spotify, and an episode in podcasts.
const playlistItem = z.looseObject({ track: z.unknown().nullish() });
const playlistSchema = z.looseObject({
  name: z.string().nullish(),
  images: z.array(image).nullish(),
  owner: z.looseObject({ display_name: z.string().nullish() }).nullish(),
  tracks: paging(playlistItem),
});
const tokenSchema = z.looseObject({ access_token: z.string().min(1), expires_in: z.number().positive() });
const errorSchema = z.looseObject({
  error: z.union([z.string(), z.looseObject({ message: z.string().nullish() })]),
});

/** Spotify's largest pages: 50 album tracks, 100 playlist items. */
const ALBUM_PAGE = 50;
const PLAYLIST_PAGE = 100;

/** Spotify's Web API with an app token from the accounts service (client credentials). */
export class SpotifyCatalog implements MirrorCatalog {
  readonly service = 'spotify' as const;
  readonly #http: ServiceHttp;
  readonly #s: SpotifySettings;
  readonly #now: () => number;
  #token: { value: string; expiresAtMs: number } | null = null;
  #pendingToken: Promise<string> | null = null;

  constructor(http: ServiceHttp, settings: SpotifySettings) {
    this.#http = http;
    this.#s = settings;
    this.#now = settings.now ?? Date.now;
  }

  get configured(): boolean {
    return Boolean(this.#s.clientId && this.#s.clientSecret);
  }

  async load(kind: MirrorItemKind, id: string): Promise<MirrorItem> {
    if (!this.configured)
      throw new AudioSourceError(SPOTIFY_CREDENTIALS_MISSING, 'common', 'no Spotify credentials');
    if (kind === 'track') {
      const answer = await this.#get(`/tracks/${id}`);
      if (answer === null) return { kind: 'missing' };
      const track = this.#parse(simplifiedTrack, answer, 'track');
      const meta = this.#meta(track, null);
      return meta ? { kind: 'track', track: meta } : { kind: 'missing' };
    }
    if (kind === 'album') {
      const answer = await this.#get(`/albums/${id}`);
      if (answer === null) return { kind: 'missing' };
      const album = this.#parse(albumSchema, answer, 'album');
      const artwork = album.images?.[0]?.url ?? null;
      const tracks = await this.#pages(album.tracks, `/albums/${id}/tracks`, ALBUM_PAGE, (item) =>
        this.#meta(simplifiedTrack.parse(item), artwork),
      );
      return {
        kind: 'album',
        name: album.name ?? 'Album',
        url: `https://open.spotify.com/album/${id}`,
        author: names(album.artists) || null,
        artworkUrl: artwork,
        totalTracks: album.tracks.total ?? tracks.length,
        tracks,
      };
    }
    const answer = await this.#get(`/playlists/${id}`);
    if (answer === null) return { kind: 'missing' };
    const playlist = this.#parse(playlistSchema, answer, 'playlist');
    const tracks = await this.#pages(playlist.tracks, `/playlists/${id}/tracks`, PLAYLIST_PAGE, (item) => {
      const track = simplifiedTrack.safeParse(playlistItem.parse(item).track);
      return track.success ? this.#meta(track.data, null) : null;
    });
    return {
      kind: 'playlist',
      name: playlist.name ?? 'Playlist',
      url: `https://open.spotify.com/playlist/${id}`,
      author: playlist.owner?.display_name ?? null,
      artworkUrl: playlist.images?.[0]?.url ?? null,
      totalTracks: playlist.tracks.total ?? tracks.length,
      tracks,
    };
  }

  /** Album listings carry no ISRC: the full track has it. */
  async isrcOf(id: string): Promise<string | null> {
    if (!this.configured) return null;
    const answer = await this.#get(`/tracks/${id}`);
    if (answer === null) return null;
    return simplifiedTrack.safeParse(answer).data?.external_ids?.isrc ?? null;
  }

  /**
   * Follows the paging while Spotify says there is a `next` page, up to the cap. Offsets are
   * counted here rather than following `next` as sent, so every request stays on SPOTIFY_API_URL.
   */
  async #pages(
    first: { items: unknown[]; next?: string | null | undefined },
    path: string,
    pageSize: number,
    toMeta: (item: unknown) => MirrorTrackMeta | null,
  ): Promise<MirrorTrackMeta[]> {
    const tracks: MirrorTrackMeta[] = [];
    let page = first;
    let offset = 0;
    for (;;) {
      for (const item of page.items) {
        const meta = toMeta(item);
        if (meta) tracks.push(meta);
        if (tracks.length >= this.#s.maxTracks) return tracks;
      }
      offset += page.items.length;
      if (!page.next || page.items.length === 0) return tracks;
      const answer = await this.#get(path, { offset, limit: pageSize });
      if (answer === null) return tracks;
      page = this.#parse(paging(z.unknown()), answer, 'page');
    }
  }

  #meta(track: SpotifyTrack, albumArtwork: string | null): MirrorTrackMeta | null {
    if (!track.id || track.is_local) return null;
    return {
      id: track.id,
      title: track.name ?? '',
      artist: names(track.artists),
      length: track.duration_ms ?? 0,
      isrc: track.external_ids?.isrc ?? null,
      artworkUrl: track.album?.images?.[0]?.url ?? albumArtwork,
      uri: `https://open.spotify.com/track/${track.id}`,
    };
  }

  #parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new AudioSourceError(
        'Spotify answered with something unreadable.',
        'fault',
        `${what}: ${parsed.error.message.slice(0, 300)}`,
      );
    return parsed.data;
  }

  /** A Web API GET with the app token; null on 404 (no such item), one token refresh on 401. */
  async #get(path: string, query: Record<string, string | number> = {}): Promise<unknown> {
    const url = endpoint(this.#s.apiUrl, path, query);
    let answer = await this.#http.json(url, {
      headers: { authorization: `Bearer ${await this.#accessToken()}` },
    });
    if (answer.status === 401) {
      this.#token = null;
      answer = await this.#http.json(url, {
        headers: { authorization: `Bearer ${await this.#accessToken()}` },
      });
    }
    if (answer.status === 404 || answer.status === 400) return null;
    if (answer.status !== 200) throw failure(answer, 'The Spotify API');
    return answer.body;
  }

  async #accessToken(): Promise<string> {
    if (this.#token && this.#token.expiresAtMs > this.#now()) return this.#token.value;
    // Loads that start together share one token request.
    this.#pendingToken ??= this.#requestToken().finally(() => {
      this.#pendingToken = null;
    });
    return this.#pendingToken;
  }

  async #requestToken(): Promise<string> {
    const basic = Buffer.from(`${this.#s.clientId}:${this.#s.clientSecret}`).toString('base64');
    const answer = await this.#http.json(endpoint(this.#s.accountsUrl, '/api/token'), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const token = tokenSchema.safeParse(answer.body);
    if (answer.status === 200 && token.success) {
      // A minute early, so a token never expires between the check and Spotify's.
      const lifetimeMs = Math.max(0, token.data.expires_in - 60) * 1000;
      this.#token = { value: token.data.access_token, expiresAtMs: this.#now() + lifetimeMs };
      return token.data.access_token;
    }
    const code = errorSchema.safeParse(answer.body).data?.error;
    if (code === 'invalid_client')
      throw new AudioSourceError(
        'Spotify refused this node’s app credentials: check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET.',
        'common',
        `token endpoint ${answer.status} invalid_client`,
      );
    throw failure(answer, 'The Spotify accounts service');
  }
}

const names = (artists: { name?: string | null | undefined }[] | null | undefined) =>
  (artists ?? [])
    .map((a) => a.name ?? '')
    .filter((n) => n !== '')
    .join(', ');

function failure(answer: ServiceAnswer, who: string): AudioSourceError {
  const body = errorSchema.safeParse(answer.body).data?.error;
  const said = typeof body === 'string' ? body : (body?.message ?? '');
  return new AudioSourceError(
    `${who} answered ${answer.status}${said ? `: ${said}` : ''}.`,
    answer.status >= 500 ? 'fault' : 'common',
    `${answer.status} ${JSON.stringify(answer.body)?.slice(0, 300)}`,
  );
}
