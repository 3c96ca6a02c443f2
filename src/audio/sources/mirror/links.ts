/**
 * Recognises Spotify, Apple Music and Deezer links before any I/O: which service, which kind of
 * item and its id. Links of other hosts, and paths these services use for things we do not play
 * (artists, podcasts), are not ours (null).
 */
export type MirrorService = 'spotify' | 'applemusic' | 'deezer';
export type MirrorItemKind = 'track' | 'album' | 'playlist';

export type MirrorLink =
  | { service: 'spotify'; kind: MirrorItemKind; id: string }
  | { service: 'deezer'; kind: MirrorItemKind; id: string }
  | { service: 'applemusic'; kind: MirrorItemKind; id: string; storefront: string }
  /** A Deezer short link (link.deezer.com, deezer.page.link): its redirect says what it is. */
  | { service: 'deezer'; kind: 'short'; url: URL };

const SPOTIFY_ID = /^[0-9A-Za-z]{22}$/;
const SPOTIFY_URI = /^spotify:(track|album|playlist):([0-9A-Za-z]{22})$/;
const SPOTIFY_USER_PLAYLIST_URI = /^spotify:user:[^:]+:playlist:([0-9A-Za-z]{22})$/;
const DEEZER_ID = /^\d{1,19}$/;
const APPLE_NUMERIC_ID = /^(?:id)?(\d{1,19})$/;
const APPLE_PLAYLIST_ID = /^pl\.[\w-]{1,100}$/;
const STOREFRONT = /^[a-z]{2}$/i;

/** Spotify's own hosts; `open.spotify.com` and the older `play.spotify.com`. */
const SPOTIFY_HOSTS = new Set(['open.spotify.com', 'play.spotify.com']);
const DEEZER_HOSTS = new Set(['deezer.com', 'www.deezer.com']);
const DEEZER_SHORT_HOSTS = new Set(['link.deezer.com', 'deezer.page.link', 'dzr.page.link']);
const APPLE_HOSTS = new Set(['music.apple.com', 'geo.music.apple.com', 'itunes.apple.com']);

const isKind = (value: string | undefined): value is MirrorItemKind =>
  value === 'track' || value === 'album' || value === 'playlist';

/** The link's service, kind and id, or null when it is not a Spotify, Apple Music or Deezer item. */
export function parseMirrorLink(identifier: string): MirrorLink | null {
  const uri = SPOTIFY_URI.exec(identifier);
  if (uri?.[1] && uri[2] && isKind(uri[1])) return { service: 'spotify', kind: uri[1], id: uri[2] };
  const userPlaylist = SPOTIFY_USER_PLAYLIST_URI.exec(identifier);
  if (userPlaylist?.[1]) return { service: 'spotify', kind: 'playlist', id: userPlaylist[1] };
  if (!/^https?:\/\//i.test(identifier)) return null;
  let url: URL;
  try {
    url = new URL(identifier);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter((part) => part !== '');
  if (SPOTIFY_HOSTS.has(host)) return spotifyPath(parts);
  if (DEEZER_HOSTS.has(host)) return deezerPath(parts);
  if (DEEZER_SHORT_HOSTS.has(host))
    return parts.length > 0 ? { service: 'deezer', kind: 'short', url } : null;
  if (APPLE_HOSTS.has(host)) return applePath(parts, url.searchParams.get('i'));
  return null;
}

/** `/track/ID`, `/intl-de/track/ID`, `/embed/track/ID`, `/user/NAME/playlist/ID`. */
function spotifyPath(parts: string[]): MirrorLink | null {
  const rest = parts.filter(
    (part, index) => !(index === 0 && (/^intl-[\w-]+$/i.test(part) || part === 'embed')),
  );
  const [first, second, third, fourth] = rest;
  if (first === 'user' && third === 'playlist' && fourth && SPOTIFY_ID.test(fourth))
    return { service: 'spotify', kind: 'playlist', id: fourth };
  if (isKind(first) && second && SPOTIFY_ID.test(second))
    return { service: 'spotify', kind: first, id: second };
  return null;
}

/** `/track/ID` with an optional language first (`/en/track/ID`, `/us/album/ID`). */
function deezerPath(parts: string[]): MirrorLink | null {
  const rest = parts[0] && /^[a-z]{2}(?:-[a-z]{2})?$/i.test(parts[0]) ? parts.slice(1) : parts;
  const [kind, id] = rest;
  if (isKind(kind) && id && DEEZER_ID.test(id)) return { service: 'deezer', kind, id };
  return null;
}

/**
 * `/us/song/NAME/ID`, `/us/album/NAME/ID` (with `?i=SONG` a song of it), `/us/playlist/NAME/pl.ID`;
 * the name is optional, the storefront defaults to `us`, iTunes' `idNNN` ids are accepted.
 */
function applePath(parts: string[], songParam: string | null): MirrorLink | null {
  const hasStorefront = parts[0] !== undefined && STOREFRONT.test(parts[0]);
  const storefront = hasStorefront ? (parts[0] as string).toLowerCase() : 'us';
  const [kind, ...tail] = hasStorefront ? parts.slice(1) : parts;
  const last = tail.at(-1);
  if (!last) return null;
  if (kind === 'playlist')
    return APPLE_PLAYLIST_ID.test(last)
      ? { service: 'applemusic', kind: 'playlist', id: last, storefront }
      : null;
  const numeric = APPLE_NUMERIC_ID.exec(last)?.[1];
  if (!numeric) return null;
  if (kind === 'song') return { service: 'applemusic', kind: 'track', id: numeric, storefront };
  if (kind === 'album') {
    const song = songParam ? APPLE_NUMERIC_ID.exec(songParam)?.[1] : undefined;
    return song
      ? { service: 'applemusic', kind: 'track', id: song, storefront }
      : { service: 'applemusic', kind: 'album', id: numeric, storefront };
  }
  return null;
}
