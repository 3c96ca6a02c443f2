/** One entry of an m3u or pls playlist, before it is probed. */
export interface PlaylistEntry {
  url: URL;
  title: string | null;
  author: string | null;
  /** Seconds as the playlist states it; null when unknown or given as -1 (a live stream). */
  durationSec: number | null;
}

export interface ParsedPlaylist {
  name: string | null;
  entries: PlaylistEntry[];
}

/** An HLS playlist is one stream cut in segments, not a list of tracks. */
export interface HlsPlaylist {
  live: boolean;
  /** Sum of the segments' durations for a finished (VOD) media playlist, else null. */
  durationSec: number | null;
}

const PLAYLIST_TYPES = new Set([
  'audio/x-mpegurl',
  'audio/mpegurl',
  'application/x-mpegurl',
  'application/vnd.apple.mpegurl',
  'audio/x-scpls',
  'audio/scpls',
]);

/** Which playlist format a response holds, by content type, extension or first line. */
export function playlistKind(url: URL, contentType: string, prefix: Uint8Array): 'm3u' | 'pls' | null {
  const start = Buffer.from(prefix.subarray(0, 16)).toString('utf8').trimStart().toLowerCase();
  const path = url.pathname.toLowerCase();
  if (start.startsWith('[playlist]') || contentType.includes('scpls') || path.endsWith('.pls')) return 'pls';
  if (start.startsWith('#extm3u') || PLAYLIST_TYPES.has(contentType) || /\.m3u8?$/.test(path)) return 'm3u';
  return null;
}

export function hlsInfo(text: string): HlsPlaylist | null {
  if (!text.includes('#EXT-X-')) return null;
  const live = !text.includes('#EXT-X-ENDLIST');
  if (live || text.includes('#EXT-X-STREAM-INF')) return { live, durationSec: null };
  let total = 0;
  for (const match of text.matchAll(/^#EXTINF:\s*([\d.]+)/gm)) total += Number(match[1]);
  return { live, durationSec: total };
}

/**
 * Only http(s) entries are kept: a playlist fetched from the internet must not make the node
 * read its own files (`file:///…`, `/etc/…`) or other protocols.
 */
function resolveEntryUrl(reference: string, base: URL): URL | null {
  try {
    const url = new URL(reference, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** `Artist - Title` is the usual convention in EXTINF and pls titles. */
function splitTitle(raw: string | undefined): { title: string | null; author: string | null } {
  const text = raw?.trim();
  if (!text) return { title: null, author: null };
  const dash = text.indexOf(' - ');
  if (dash > 0) return { author: text.slice(0, dash).trim(), title: text.slice(dash + 3).trim() };
  return { title: text, author: null };
}

const positiveSeconds = (value: string | undefined): number | null => {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
};

export function parseM3u(text: string, base: URL, maxEntries: number): ParsedPlaylist {
  let name: string | null = null;
  let pending: Omit<PlaylistEntry, 'url'> | null = null;
  const entries: PlaylistEntry[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      if (line.startsWith('#PLAYLIST:')) name = line.slice('#PLAYLIST:'.length).trim() || null;
      const extinf = /^#EXTINF:\s*(-?[\d.]+)[^,]*,(.*)$/.exec(line);
      if (extinf) pending = { ...splitTitle(extinf[2]), durationSec: positiveSeconds(extinf[1]) };
      continue;
    }
    const url = resolveEntryUrl(line, base);
    if (url) entries.push({ url, ...(pending ?? { title: null, author: null, durationSec: null }) });
    pending = null;
    if (entries.length >= maxEntries) break;
  }
  return { name, entries };
}

export function parsePls(text: string, base: URL, maxEntries: number): ParsedPlaylist {
  const fields = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z]+)(\d+)\s*=(.*)$/.exec(rawLine);
    if (match?.[1] && match[2])
      fields.set(`${match[1].toLowerCase()}${Number(match[2])}`, match[3]?.trim() ?? '');
  }
  const numbers = [...fields.keys()]
    .filter((key) => key.startsWith('file'))
    .map((key) => Number(key.slice(4)))
    .sort((a, b) => a - b);
  const entries: PlaylistEntry[] = [];
  for (const n of numbers) {
    const url = resolveEntryUrl(fields.get(`file${n}`) ?? '', base);
    if (!url) continue;
    entries.push({
      url,
      ...splitTitle(fields.get(`title${n}`)),
      durationSec: positiveSeconds(fields.get(`length${n}`)),
    });
    if (entries.length >= maxEntries) break;
  }
  return { name: null, entries };
}
